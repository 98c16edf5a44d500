"""Take the README screenshots from the real app: dashboard, planner and scenes editor.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]

Fills a temporary data folder with a few projects (offline-drafted images, one legacy
project), opens the real main window at 1280×800 and saves `widget.grab()` of each view.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.pop("REPLICATE_API_TOKEN", None)
os.environ["STORYBOARD_PROVIDER"] = "offline"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402 - after the environment is set

from storyboard_app.app import build_main_window  # noqa: E402
from storyboard_app.domain.enums import WorkflowVersion  # noqa: E402
from storyboard_app.domain.outline import draft_outline  # noqa: E402
from storyboard_app.paths import DataPaths  # noqa: E402
from storyboard_app.store.models import LegacyScene, VideoProject  # noqa: E402
from storyboard_app.store.open_store import Store, open_store  # noqa: E402
from storyboard_app.store.services.scenes import apply_draft  # noqa: E402
from storyboard_app.ui.application import create_application  # noqa: E402

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


def _wait(app: QApplication, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let pending layout and paint events run before a grab."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


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
    app = create_application(sys.argv[:1])
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
        _wait(app, lambda: bool(loaded))
        thumbs = dashboard.thumbnails  # type: ignore[attr-defined]
        _wait(
            app,
            lambda: (
                sum(1 for p in dashboard.visible_projects() if thumbs.get(p.thumbnail_storage_id))
                >= 2
            ),
        )  # type: ignore[attr-defined]
        window.refresh_provider()
        _wait(app, lambda: window.provider_label.text() != "Provider: …")
        _settle(app)
        window.grab().save(str(out / "dashboard.png"))

        window.open_project(harbour, page="planner")
        _settle(app)
        window.grab().save(str(out / "planner.png"))

        window.show_page("scenes")
        page = window.current_page()
        scenes = page.scenes()  # type: ignore[attr-defined]
        page.select("shot", scenes[0].shots[1].id)  # type: ignore[attr-defined]
        _settle(app)
        window.grab().save(str(out / "scenes.png"))
        window.close()
        window.context.tasks.wait()
        app.processEvents()
        store.close()
    print(f"saved dashboard.png, planner.png, scenes.png in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
