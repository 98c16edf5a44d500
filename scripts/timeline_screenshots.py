"""Screenshots of the storyboard's timeline from the real app: zoomed in and out, playing,
with a gap, a stale clip, a "reference changed" badge and a shot made at another ratio.

Usage: .venv/bin/python scripts/timeline_screenshots.py [OUT_DIR]  (default docs/screenshots)
Builds a demo project with the offline provider in a temporary data folder, opens the real
main window offscreen at 1024×700 and 1600×1000 and saves timeline-*.png.
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

from PIL import Image
from PySide6.QtWidgets import QApplication

from storyboard_app.app import build_main_window
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.ui.storyboard.page import StoryboardPage
from tests.screenshot_helpers import close_app, save_grab, settle, wait_until


def _round(store: Store, engine: GenerationEngine, shot_id: int) -> list[int]:
    rows = engine.plan_round(shot_id)
    done = engine.run_round([r.id for r in rows])
    return [i.id for i in done]


def build_demo(paths: DataPaths, tmp: Path) -> int:
    """Two scenes, six shots: clips, a gap, a stale clip, a changed reference, another ratio."""
    store = open_store(paths)
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    boats = store.scenes.add_scene(project.id, "Boats", "The fleet wakes up.")
    market = store.scenes.add_scene(project.id, "Market", "The first catch is sold.")
    gull_png = tmp / "gull.png"
    Image.new("RGB", (256, 256), (230, 230, 240)).save(gull_png)
    gull = store.elements.add(project.id, "Gull", "character", files=[gull_png])
    specs = [
        (boats.id, "fishing boats leaving the harbour at dawn", "Wide harbour"),
        (boats.id, "nets piled on a wooden pier, morning mist", "Nets on the pier"),
        (boats.id, "a fisherman coiling rope, close-up of hands", "Hands and rope"),
        (market.id, "a fish market stall with ice and lanterns", "Market stall"),
        (market.id, "@Gull on a lamp post over the square", "Gull"),
        (market.id, "the square empties as the sun climbs", "Empty square"),
    ]
    shots = [store.scenes.add_shot(scene, prompt, text) for scene, prompt, text in specs]
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    store.projects.set_look(project.id, aspect_ratio="1:1")
    square = _round(store, engine, shots[3].id)  # made before the project became 16:9
    store.projects.set_look(project.id, aspect_ratio="16:9")
    finals = {shots[3].id: square}
    for index in (0, 1, 4, 5):
        finals[shots[index].id] = _round(store, engine, shots[index].id)
    for ids in finals.values():
        store.images.select_final(ids[0])
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    for shot in (shots[0], shots[1], shots[5]):
        engine.plan_animation(selections[shot.id].id, motion_prompt="slow push in")
        engine.run_animation(selections[shot.id].id)
    store.storyboard.set_duration(selections[shots[3].id].id, 2.5)
    store.storyboard.set_duration(selections[shots[0].id].id, 4.0)
    store.images.select_final(finals[shots[5].id][2])  # its clip now shows an older pick
    store.storyboard.build(project.id)
    new_png = tmp / "gull2.png"
    Image.new("RGB", (256, 256), (40, 40, 60)).save(new_png)
    store.elements.replace_references(gull.id, files=[new_png])
    store.close()
    return project.id


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])  # noqa: F841  # kept alive until the end
    with tempfile.TemporaryDirectory(prefix="sb-timeline-") as tmp:
        paths = DataPaths(Path(tmp))
        paths.ensure()
        project_id = build_demo(paths, Path(tmp))
        store = open_store(paths)
        window = build_main_window(paths, store)
        window.show()
        window.refresh_provider()
        page = window.page("storyboard")
        assert isinstance(page, StoryboardPage)
        window.open_project(project_id, page="storyboard")
        wait_until(
            lambda: (
                page.board is not None
                and len(page.timeline.view.pictures) == 5
                and all(w.picture.pixmap() is not None for w in page.cards.values() if not w.is_gap)
            ),
            60.0,
        )
        timeline = page.timeline
        for width, height in ((1024, 700), (1600, 1000)):
            window.resize(width, height)
            settle(0.4)
            timeline.set_zoom(timeline.panel.fit_zoom())
            timeline.playback.seek(3.0)
            settle(0.6)
            save_grab(window, out, f"timeline-{width}.png")
            timeline.playback.seek(1.0)
            timeline.set_zoom(120.0)
            settle(0.6)
            save_grab(window, out, f"timeline-zoomed-in-{width}.png")
            timeline.set_zoom(8.0)
            settle(0.4)
            save_grab(window, out, f"timeline-zoomed-out-{width}.png")
            timeline.set_zoom(timeline.panel.fit_zoom())
            timeline.playback.home()
            timeline.playback.play()
            # Grabbed on a still: an offscreen grab cannot read the video surface.
            wait_until(lambda: timeline.playback.position > 6.8, 20.0)
            save_grab(window, out, f"timeline-playing-{width}.png")
            timeline.playback.pause()
        timeline.set_zoom(40.0)
        close_app(window, store)
    print(f"saved timeline-*.png in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
