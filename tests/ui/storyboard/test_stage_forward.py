"""The stage indicator moves forward once the storyboard is built, even with a gap in it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import RedesignStatus
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from tests.ui.storyboard.conftest import Board, multimedia, open_storyboard

pytestmark = multimedia


def test_building_the_storyboard_moves_the_stage_to_storyboard(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    window = make_window()
    page = open_storyboard(qtbot, window, board_project.project_id)
    assert window.stage_bar.status_label.text() == "Stage: Iterating"  # one shot has no final
    with qtbot.waitSignal(page.storyboard_built, timeout=10_000):
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.stage_bar.status_label.text() == "Stage: Storyboard", timeout=10_000
    )
    project = store.projects.get(board_project.project_id)
    assert project.redesign_status == RedesignStatus.STORYBOARD_FINAL
    assert window.stage_bar.project_stage == "storyboard"
