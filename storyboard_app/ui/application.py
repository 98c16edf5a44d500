"""Starting the QApplication and the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from storyboard_app import APP_NAME
from storyboard_app.domain.errors import StoryboardError
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store


def run(data_dir: str | None, argv: list[str]) -> int:
    if (
        not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and sys.platform.startswith("linux")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    paths = DataPaths.resolve(data_dir)
    try:
        store = open_store(paths)
    except StoryboardError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = QMainWindow()
    window.setWindowTitle(APP_NAME)
    window.resize(1200, 800)
    window.show()
    code = app.exec()
    store.close()
    return code
