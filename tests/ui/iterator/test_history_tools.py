"""Reject (X, undoable) with "Show rejected", Retry all failed, earlier prompts, the estimate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import (
    WAIT_MS,
    focus_cell,
    key,
    refine_from,
    wait_pixmaps,
    wait_round_settled,
)

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def test_x_rejects_hides_shows_and_undoes(
    open_iterator: Opener,
    project: Project,
    offline_provider: str,
    qtbot: QtBot,
    data_paths: DataPaths,
) -> None:
    window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    wait_pixmaps(qtbot, page)
    image = focus_cell(qtbot, page, 3)
    cell = page.grid.cells[2]
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        key(qtbot, page, Qt.Key.Key_X)
    assert cell.image is not None and cell.image.is_rejected and cell.is_hidden
    assert cell.image_box.pixmap() is None and "Rejected" in cell.status_message()
    assert "REJECTED" in cell.badge_label.text()
    store = open_store(data_paths)
    try:
        assert store.images.get(image.id).is_rejected  # written, never deleted
    finally:
        store.close()

    page.history.show_rejected_box.setChecked(True)  # shown again, marked
    qtbot.waitUntil(lambda: cell.image_box.pixmap() is not None, timeout=WAIT_MS)
    assert not cell.is_hidden and "REJECTED" in cell.badge_label.text()
    page.history.show_rejected_box.setChecked(False)
    assert cell.is_hidden and cell.image_box.pixmap() is None

    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        window.undo_group.undo()  # Edit → Undo while the iterator is shown
    assert cell.image is not None and not cell.image.is_rejected
    qtbot.waitUntil(lambda: cell.image_box.pixmap() is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        window.undo_group.redo()
    assert cell.is_hidden


def test_earlier_prompts_are_one_keystroke_away(
    open_iterator: Opener, project: Project, offline_provider: str, qtbot: QtBot
) -> None:
    _window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 2, " in fog", 0.5)
    wait_round_settled(qtbot, page, 1)
    edit = page.refine_bar.prompt_edit
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(project.shots[0])
    qtbot.waitUntil(lambda: len(edit.history) == 2, timeout=WAIT_MS)
    assert edit.history[0].endswith(" in fog")  # newest first
    edit.setPlainText("")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == edit.history[0]
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "A lighthouse at dawn, mist, golden light"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == edit.history[0]
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == ""


def test_retry_all_failed_runs_the_failed_variants_in_place(
    open_iterator: Opener,
    project: Project,
    offline_provider: str,
    qtbot: QtBot,
    data_paths: DataPaths,
) -> None:
    _window, page = open_iterator(project.id)
    page.generate_six()
    images = wait_round_settled(qtbot, page, 0)
    store = open_store(data_paths)
    try:
        for image in images[:2]:
            store.images.fail(image.id, "Cancelled", error_kind="cancelled")
    finally:
        store.close()
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS):
        page.show_round(0)
    button = page.history.retry_failed_button
    assert button.isVisibleTo(page) and "(2)" in button.text()
    button.click()
    qtbot.waitUntil(
        lambda: all(
            c.image is not None and c.image.status.value == "complete" for c in page.grid.cells
        ),
        timeout=WAIT_MS,
    )
    assert [c.image.id for c in page.grid.cells if c.image] == [i.id for i in images]  # same rows
    assert len(page.grid.cells[0].image.attempts) == 1  # type: ignore[union-attr]
    assert not button.isVisibleTo(page)


def test_generate_tooltip_carries_the_estimate(
    open_iterator: Opener, project: Project, offline_provider: str, qtbot: QtBot
) -> None:
    _window, page = open_iterator(project.id)
    qtbot.waitUntil(
        lambda: "Estimated cost" in page.refine_bar.generate_button.toolTip(), timeout=WAIT_MS
    )
    assert "$0.00 from the prompt" in page.refine_bar.generate_button.toolTip()


def test_a_round_past_the_monthly_budget_asks_first(
    open_iterator: Opener,
    project: Project,
    offline_provider: str,
    qtbot: QtBot,
    data_paths: DataPaths,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from storyboard_app.settings import Settings

    settings = Settings.load(data_paths)
    settings.prices = {"storyboard/offline-draft": {"unit": "image", "usd": 1.0}}
    settings.monthly_budget_usd = 8.0
    settings.save(data_paths)
    _window, page = open_iterator(project.id)
    page.generate_six()  # $6 of $8: no question
    wait_round_settled(qtbot, page, 0)
    assert page.history.budget_box is None
    page.generate_six()  # $6 + $6 > $8: asked, nothing started yet
    qtbot.waitUntil(lambda: page.history.budget_box is not None, timeout=WAIT_MS)
    box = page.history.budget_box
    assert box is not None and "monthly budget of $8.00" in box.text()
    assert page.latest_iteration == 0
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS) as shown:
        box.done(QMessageBox.StandardButton.Yes)
    assert shown.args == [1]
    wait_round_settled(qtbot, page, 1)
