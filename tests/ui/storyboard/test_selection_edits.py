"""A shot's duration and motion prompt on the storyboard: changed, undone, redone, refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.page import StoryboardPage
from tests.ui.storyboard.conftest import Board, multimedia, open_storyboard

pytestmark = multimedia


def _selection(store: Store, board: Board, shot_id: int) -> tuple[float | None, str]:
    found = {s.shot_id: s for s in store.storyboard.list(board.project_id)}[shot_id]
    return found.duration_seconds, found.motion_prompt


def _open_first_shot(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board: Board, store: Store
) -> tuple[MainWindow, StoryboardPage, int]:
    """The storyboard page of a built board, and its first shot."""
    store.storyboard.build(board.project_id)
    window = make_window()
    return window, open_storyboard(qtbot, window, board.project_id), board.shot_ids[0]


def test_duration_and_motion_prompt_are_undoable(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    _window, page, shot = _open_first_shot(qtbot, make_window, board_project, store)
    before_duration, before_prompt = _selection(store, board_project, shot)
    stack = page.undo_stack()
    assert stack is not None

    def lands(expected: tuple[float | None, str]) -> None:
        qtbot.waitUntil(lambda: _selection(store, board_project, shot) == expected, timeout=10_000)

    page.set_duration(shot, 3.5)
    lands((3.5, before_prompt))
    assert stack.undoText().startswith("Duration of ") and stack.undoText().endswith("3.5 s")
    page.set_motion_prompt(shot, "slow dolly out")
    lands((3.5, "slow dolly out"))
    assert stack.undoText().startswith("Motion prompt of ")

    stack.undo()
    lands((3.5, before_prompt))
    stack.undo()
    lands((before_duration, before_prompt))
    stack.redo()
    stack.redo()
    lands((3.5, "slow dolly out"))


def test_an_edit_made_while_the_database_is_locked_does_not_block_the_window(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    _window, page, shot = _open_first_shot(qtbot, make_window, board_project, store)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    holder = sqlite3.connect(store.paths.database, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        page.set_motion_prompt(shot, "crane up")
        card = page.cards[shot].card
        assert card.selection is not None
        assert card.selection.motion_prompt == "crane up"  # shown at once
        before = len(ticks)
        qtbot.wait(300)
        assert len(ticks) - before >= 10  # the event loop kept running
        assert _selection(store, board_project, shot)[1] != "crane up"
    finally:
        holder.rollback()
        holder.close()
        timer.stop()
    qtbot.waitUntil(lambda: _selection(store, board_project, shot)[1] == "crane up", timeout=15_000)


def test_a_refused_duration_changes_nothing_and_says_why(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    window, page, shot = _open_first_shot(qtbot, make_window, board_project, store)
    before = _selection(store, board_project, shot)
    stack = page.undo_stack()
    assert stack is not None
    count = stack.count()

    page.set_duration(shot, -2.0)

    assert _selection(store, board_project, shot) == before
    assert stack.count() == count
    report = window.context.errors.reports[-1]
    assert report.title == "Could not change the duration"
    assert "between 0 and" in report.message
