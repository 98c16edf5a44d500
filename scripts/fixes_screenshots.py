"""Screenshots of an editorial re-export that leaves the creator's files alone.

Usage: .venv/bin/python scripts/fixes_screenshots.py [OUT_DIR]  (default docs/screenshots)
Builds the editorial demo project (scripts/editorial_screenshots.py), exports its editorial
folder through File → Export → Editorial folder of the real main window, saves a recut
`.xml` beside the timelines and exports again into the same folder: the dialog says the
folder was left alone and where this export went. Saves
fixes-editorial-kept-1024x700.png and fixes-editorial-kept-1600x1000.png (the window with
the dialog over it).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for editorial_screenshots

from editorial_screenshots import build_demo
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.interchange.export_dialog import ExportController, ExportDialog
from tests.screenshot_helpers import close_app, settle, wait_until


def _grab_over(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with the dialog drawn centred over it, as the creator sees them."""
    picture = window.grab()
    shown = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 64))  # the window dimmed behind it
    x = (picture.width() - shown.width()) // 2
    y = (picture.height() - shown.height()) // 3
    painter.drawPixmap(x, y, shown)
    painter.end()
    return picture


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        paths.ensure()
        project_id = build_demo(paths)
        folder = Path(tmp) / "harbour-at-dawn editorial"
        store = open_store(paths)
        window = build_main_window(paths, store)
        window.show()
        window.open_project(project_id, page="storyboard")
        wait_until(lambda: window.project is not None)
        controller = window.findChild(ExportController, "exportController")
        assert controller is not None
        controller.chooser = lambda _request: folder
        opened: list[ExportDialog] = []
        controller.dialog_opened.connect(opened.append)
        for attempt, (width, height) in enumerate(((1024, 700), (1600, 1000))):
            if attempt == 0:
                window.actions_by_name["export_editorial"].trigger()  # the first export
                wait_until(lambda: bool(opened) and opened[-1].done_result is not None, 120)
                opened[-1].close()
                (folder / "recut.xml").write_text("<xmeml/>", encoding="utf-8")
            window.resize(width, height)
            settle(0.3)
            count = len(opened)
            window.actions_by_name["export_editorial"].trigger()
            wait_until(lambda n=count: len(opened) > n, 20)
            dialog = opened[-1]
            wait_until(lambda d=dialog: d.done_result is not None, 120)
            settle(0.4)
            _grab_over(window, dialog).save(str(out / f"fixes-editorial-kept-{width}x{height}.png"))
            dialog.close()
        close_app(window, store)
    del app


if __name__ == "__main__":
    main()
