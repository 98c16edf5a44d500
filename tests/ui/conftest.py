"""Fixtures for the GUI tests: the real main window on a fresh data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.ui.main_window import MainWindow
from tests.helpers import WindowOpener

WindowFactory = Callable[[], MainWindow]


def close_window(window: MainWindow) -> None:
    """Close like the user does, then let every task finish and deliver its signals."""
    window.close()
    window.context.tasks.wait(10_000)
    QApplication.processEvents()


@pytest.fixture
def make_window(qtbot: QtBot, data_paths: DataPaths) -> Iterator[Callable[..., MainWindow]]:
    """Build main windows on the data folder, each on its own store (like a restart)."""
    opener = WindowOpener(qtbot, data_paths)

    def make(*, restore: bool = True) -> MainWindow:
        window = opener.open()
        if restore:
            window.restore_state()
        window.show()
        if restore:  # the last project is read in a worker: wait until it is shown
            qtbot.waitUntil(lambda: not window.opening_project, timeout=10_000)
        return window

    yield make
    opener.close_all(wait_ms=10_000)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], qtbot: QtBot) -> MainWindow:
    """A shown main window on the dashboard, its first project list loaded."""
    win = make_window(restore=False)
    dashboard = win.page("dashboard")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):  # type: ignore[attr-defined]
        win.show_dashboard()
    return win


def find_dialog(name: str) -> QWidget | None:
    """A visible top-level window by object name."""
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None
