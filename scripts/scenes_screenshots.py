"""Screenshots of the Scenes page's board from the real app: a 16:9 and a 9:16 project whose
shots were drawn by the offline provider, some starred, some picked — each at 1024×700 and
1600×1000.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/scenes_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((1024, 700), (1600, 1000))
SCENES = (
    (
        "Harbour at dawn",
        (
            "Wide: misty harbour, fishing boats",
            "Close-up: a hand unties a rope",
            "The first boat leaves the quay",
        ),
    ),
    ("The storm", ("Waves climb over the pier", "A lone gull fights the wind")),
    (
        "Homecoming",
        (
            "Lights on the shore",
            "Empty quay, morning after",
            "Nets drying in the sun",
            "The harbour master's window",
        ),
    ),
)


def main(out_dir: str | None = None) -> int:
    from storyboard_app import cli
    from storyboard_app.app import build_main_window
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store
    from storyboard_app.ui.application import create_application
    from storyboard_app.ui.scenes.page import ScenesEditorPage
    from tests.screenshot_helpers import close_app, settle, wait_until

    out = Path(out_dir or ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    for aspect in ("16:9", "9:16"):
        with tempfile.TemporaryDirectory() as folder:
            paths = DataPaths(Path(folder))
            paths.ensure()
            store = open_store(paths)
            project = store.projects.create("Harbour", "Boats leave before sunrise.")
            store.projects.set_look(project.id, aspect_ratio=aspect)
            shots = []
            for title, prompts in SCENES:
                scene = store.scenes.add_scene(project.id, title)
                for prompt in prompts:
                    shots.append(store.scenes.add_shot(scene.id, prompt, prompt).id)
            for n, shot_id in enumerate(shots[:6]):
                assert cli.run(["--data-dir", folder, "generate", str(shot_id)]) == 0
                images = store.images.for_shot(shot_id)
                if n % 3 == 0:
                    store.images.select_final(images[n % 6].id)
                elif n % 3 == 1:
                    store.images.star(images[2].id)
            store.close()
            store = open_store(paths)
            window = build_main_window(paths, store)
            for width, height in SIZES:
                window.resize(width, height)
                window.show()
                window.open_project(project.id, page="scenes")
                wait_until(lambda w=window: isinstance(w.current_page(), ScenesEditorPage))
                page = window.current_page()
                assert isinstance(page, ScenesEditorPage)
                wait_until(lambda page=page: page.idle and bool(page.board.strips))
                page.view_switch.show_board(True)
                page.select("shot", shots[1])
                settle(1.0)
                name = f"scenes-board-{aspect.replace(':', 'x')}-{width}x{height}.png"
                window.grab().save(str(out / name))
                print(out / name)
            close_app(window, store)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
