"""Take the README screenshots from the real app: dashboard, planner and scenes editor.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]

Fills a temporary data folder with a few projects (offline-drafted images, one legacy
project), opens the real main window at 1280×800 and saves `widget.grab()` of each view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.pop("REPLICATE_API_TOKEN", None)
os.environ["STORYBOARD_PROVIDER"] = "offline"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from storyboard_app.app import build_main_window  # noqa: E402
from storyboard_app.domain.enums import WorkflowVersion  # noqa: E402
from storyboard_app.domain.outline import draft_outline  # noqa: E402
from storyboard_app.paths import DataPaths  # noqa: E402
from storyboard_app.store.models import LegacyScene, VideoProject  # noqa: E402
from storyboard_app.store.open_store import Store, open_store  # noqa: E402
from storyboard_app.store.services.scenes import apply_draft  # noqa: E402
from storyboard_app.ui.application import create_application  # noqa: E402
from tests.screenshot_helpers import close_app, save_grab, settle, wait_until  # noqa: E402

PLANS = {
    "Harbour at dawn": """# Opening
- Wide shot of a misty harbour at dawn, fishing boats rocking, soft pink light
- Close-up of a weathered hand untying a wet rope
- A gull lands on a mooring post, fog behind it

# The storm
The sky turns green over the sea. Waves climb over the pier. A lone gull fights the wind.

# Homecoming
- The boat returns at dusk, lanterns lit
- The keeper waves from the lighthouse gallery
""",
    "The lighthouse keeper": """# Night watch
- The lamp room at midnight, brass gears turning
- The keeper writes in the log by candlelight
""",
    "City lights": """Neon rain on a crowded street. A cyclist weaves through traffic.

A rooftop garden above the city. Two friends share an umbrella.
""",
    "Mountain hut (ideas)": "",
}


def _fill(store: Store, paths: DataPaths) -> int:
    from storyboard_app.generation.engine import GenerationEngine

    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    first_id = 0
    for title, plan in PLANS.items():
        project = store.projects.create(title, "A short film")
        first_id = first_id or project.id
        store.projects.set_planner_text(project.id, plan)
        if not plan:
            continue
        scenes = apply_draft(store.sessions, project.id, draft_outline(plan))
        if title == "City lights":
            continue
        shot = scenes[0].shots[0]
        images = engine.plan_round(shot.id, provider="offline")
        done = engine.run_round([i.id for i in images])
        if title == "Harbour at dawn":
            store.images.select_final(done[2].id)
    with store.sessions.begin() as s:
        legacy = VideoProject(
            title="Old web-app project", workflow_version=WorkflowVersion.V1_LEGACY
        )
        s.add(legacy)
        s.flush()
        for number in (1, 2, 3):
            s.add(LegacyScene(project_id=legacy.id, scene_number=number, title=f"Scene {number}"))
    return first_id


def main(out_dir: str | None = None) -> int:
    out = Path(out_dir or ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])  # kept alive while the window runs
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder))
        store = open_store(paths)
        harbour = _fill(store, paths)
        window = build_main_window(paths, store)
        window.resize(1280, 800)
        window.show()
        dashboard = window.page("dashboard")
        loaded: list[bool] = []
        dashboard.projects_loaded.connect(lambda: loaded.append(True))  # type: ignore[attr-defined]
        window.show_dashboard()
        wait_until(lambda: bool(loaded))
        thumbs = dashboard.thumbnails  # type: ignore[attr-defined]
        wait_until(
            lambda: (
                sum(1 for p in dashboard.visible_projects() if thumbs.get(p.thumbnail_storage_id))
                >= 2
            ),
        )  # type: ignore[attr-defined]
        window.refresh_provider()
        wait_until(lambda: window.provider_label.text() != "Provider: …")
        settle()
        save_grab(window, out, "dashboard.png")

        window.open_project(harbour, page="planner")
        wait_until(lambda: window.current_page_key == "planner")
        planner = window.current_page()
        wait_until(lambda: bool(planner.editor.toPlainText()))  # type: ignore[attr-defined]
        settle()
        save_grab(window, out, "planner.png")

        window.show_page("scenes")
        page = window.current_page()
        wait_until(lambda: page.idle and bool(page.scenes()))  # type: ignore[attr-defined]
        scenes = page.scenes()  # type: ignore[attr-defined]
        page.select("shot", scenes[0].shots[1].id)  # type: ignore[attr-defined]
        settle()
        save_grab(window, out, "scenes.png")
        close_app(window, store)
    print(f"saved dashboard.png, planner.png, scenes.png in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
