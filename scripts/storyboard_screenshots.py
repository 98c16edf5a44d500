"""Screenshots of the storyboard view from the real app: clips, a stale clip and a gap.

Usage: .venv/bin/python scripts/storyboard_screenshots.py [OUT_DIR]  (default docs/screenshots)
Builds a demo project with the offline provider in a temporary data folder, opens the real
main window offscreen and saves storyboard.png (and storyboard-video.png, the final-video
dialog after assembly).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.screenshot_helpers

from PySide6.QtWidgets import QApplication

from storyboard_app.app import build_main_window
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.interchange.export_dialog import ExportController
from storyboard_app.ui.storyboard.page import StoryboardPage
from storyboard_app.ui.storyboard.video_dialog import VideoDialog
from tests.screenshot_helpers import close_app, save_grab, wait_for_signal, wait_until


def build_demo(paths: DataPaths) -> tuple[int, list[int], int]:
    store = open_store(paths)
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    scenes = [
        store.scenes.add_scene(project.id, "Boats", "The fleet wakes up."),
        store.scenes.add_scene(project.id, "Market", "The first catch is sold."),
    ]
    specs = [
        (0, "fishing boats leaving the harbour at dawn", "Wide harbour"),
        (0, "nets piled on a wooden pier, morning mist", "Nets on the pier"),
        (0, "a fisherman coiling rope, close-up of hands", "Hands and rope"),
        (1, "a fish market stall with ice and lanterns", "Market stall"),
        (1, "a gull on a lamp post over the square", "Gull"),
    ]
    shots = [store.scenes.add_shot(scenes[s].id, p, d) for s, p, d in specs]
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    finals: dict[int, list[int]] = {}
    for shot in shots[:4]:
        rows = engine.plan_round(shot.id)
        done = engine.run_round([r.id for r in rows])
        finals[shot.id] = [i.id for i in done]
        store.images.select_final(done[0].id)
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    for shot in shots[:3]:
        engine.plan_animation(selections[shot.id].id, motion_prompt="slow push in")
        engine.run_animation(selections[shot.id].id)
    store.storyboard.set_duration(selections[shots[3].id].id, 2.5)
    stale_shot = shots[2].id
    store.images.select_final(finals[stale_shot][2])  # the clip now shows an older pick
    store.storyboard.build(project.id)
    store.close()
    return project.id, [s.id for s in shots], stale_shot


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="sb-shots-") as tmp:
        paths = DataPaths(Path(tmp))
        paths.ensure()
        project_id, shots, _stale = build_demo(paths)
        store = open_store(paths)
        window = build_main_window(paths, store)
        window.resize(1480, 900)
        window.show()
        window.refresh_provider()
        page = window.page("storyboard")
        assert isinstance(page, StoryboardPage)
        window.open_project(project_id, page="storyboard")
        wait_until(
            lambda: (
                page.board is not None
                and all(w.picture.pixmap() is not None for w in page.cards.values() if not w.is_gap)
            ),
            60.0,
        )
        page.select_shots([shots[0]])
        page.play_shot(shots[0])
        wait_until(lambda: page.player.player.position() > 600, 10.0)
        page.player.player.pause()
        app.processEvents()
        save_grab(window, out, "storyboard.png")

        controller = window.findChild(ExportController, "exportController")
        assert isinstance(controller, ExportController)
        dialog = controller.open_video()
        assert isinstance(dialog, VideoDialog)
        dialog.path_edit.setText(str(Path(tmp) / "Harbour at dawn.mp4"))
        wait_for_signal(dialog.plan_loaded)
        dialog.assemble()
        wait_for_signal(dialog.video_assembled, 120.0)
        wait_until(lambda: dialog.player.player.position() > 1500, 10.0)
        dialog.player.player.pause()
        app.processEvents()
        save_grab(dialog, out, "storyboard-video.png")
        dialog.close()
        close_app(window, store)
    print(f"saved {out / 'storyboard.png'} and {out / 'storyboard-video.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
