"""Screenshots of the lightbox and of compare (side by side, wipe, the Compare tab) from the
real app, at 1024×700 and 1600×1000 (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.iterator.lightbox_screenshots [OUT]

Writes lightbox-WxH.png, lightbox-zoomed-WxH.png, compare-side-by-side-WxH.png,
compare-wipe-WxH.png and compare-tab-WxH.png into docs/screenshots (or OUT).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import COMPARE_TAB
from storyboard_app.ui.iterator.wipe import SIDE
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakePrediction
from tests.screenshot_helpers import close_app, wait_until
from tests.ui.iterator.conftest import make_project
from tests.ui.iterator.screenshots import OUT, PaintingReplicate, painted, refine, save, settle

SIZES = ((1024, 700), (1600, 1000))


class LargePaintingReplicate(PaintingReplicate):
    """Pictures at a model's usual 16:9 size, so the lightbox shows real detail."""

    def output_bytes(self, prediction: FakePrediction) -> bytes:
        seed = prediction.input.get("seed")
        prompt = str(prediction.input.get("prompt"))
        return painted(int(seed) if isinstance(seed, int) else 0, prompt, (1344, 756))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])  # kept alive while the window runs
    server = LargePaintingReplicate(latency=0.2, token=DEFAULT_TOKEN).start()
    os.environ["REPLICATE_API_TOKEN"] = DEFAULT_TOKEN
    os.environ["REPLICATE_BASE_URL"] = server.url
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project = make_project(store)
        window = build_main_window(paths, store)
        window.resize(1440, 900)
        window.show()
        window.refresh_provider()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        window.open_project(project.id, page="iterator")
        wait_until(lambda: page.shot is not None and page.jobs.can_generate)
        page.generate_six()
        settle(page, 0)
        page.grid.focus_variant(3)
        QTest.keyClick(page.grid.cells[3], Qt.Key.Key_F)
        refine(page, 3, ", stormy night sky, seagulls", 0.6)
        page.grid.focus_variant(1)
        QTest.keyClick(page.grid.cells[1], Qt.Key.Key_F)
        control = page.panels.lightbox
        for width, height in SIZES:
            window.resize(width, height)
            QTest.qWait(200)
            size = f"{width}x{height}"
            page.grid.focus_variant(1)
            QTest.keyClick(page.grid.cells[1], Qt.Key.Key_Space)
            view = control.view
            assert view is not None
            wait_until(lambda v=view: v.is_full)  # type: ignore[misc]
            save(window, out, f"lightbox-{size}.png")
            QTest.keyClick(view, Qt.Key.Key_Plus)
            QTest.keyClick(view, Qt.Key.Key_Plus)
            save(window, out, f"lightbox-zoomed-{size}.png")
            QTest.keyClick(view, Qt.Key.Key_0)
            QTest.keyClick(view, Qt.Key.Key_C)
            wait_until(
                lambda v=view: (
                    v.in_compare  # type: ignore[misc]
                    and all(p is not None and p.width() > 1000 for p in v.compare.canvas.pixmaps)
                )
            )
            view.compare.canvas.set_mode(SIDE)
            view.compare.canvas.fit()
            save(window, out, f"compare-side-by-side-{size}.png")
            QTest.keyClick(view.compare.canvas, Qt.Key.Key_W)
            view.compare.canvas.set_wipe(0.42)
            save(window, out, f"compare-wipe-{size}.png")
            QTest.keyClick(view.compare.canvas, Qt.Key.Key_Escape)
            QTest.keyClick(view, Qt.Key.Key_Escape)
            wait_until(lambda v=view: not v.isVisible())  # type: ignore[misc]
            page.grid.focus_variant(1)
            QTest.keyClick(page.grid.cells[1], Qt.Key.Key_C)
            wait_until(
                lambda: (
                    page.tabs.currentIndex() == COMPARE_TAB
                    and all(p is not None for p in page.compare.canvas.pixmaps)
                )
            )
            save(window, out, f"compare-tab-{size}.png")
        close_app(window, store, 20_000)
    server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
