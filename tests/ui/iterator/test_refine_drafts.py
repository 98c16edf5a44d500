"""The refine prompt, strength and chosen parent belong to their shot and survive a restart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ErrorKind
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.refine_bar import DEFAULT_STRENGTH
from storyboard_app.ui.main_window import MainWindow
from tests.ui.helpers import complete_one_image, store_image
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import key as press

WAIT_MS = 15_000


def _go(qtbot: QtBot, page: IteratorPage, shot_id: int, key: Qt.Key | None = None) -> None:
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS) as blocker:
        if key is None:
            page.open_shot(shot_id)
        else:  # Ctrl+↑/↓ as the user presses it
            press(qtbot, page, key, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [shot_id]


def test_refine_state_is_per_shot_and_persisted(
    qtbot: QtBot,
    project: Project,
    data_paths: DataPaths,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    one, two = project.shots[0], project.shots[1]
    store = open_store(data_paths)
    try:
        parent_id = complete_one_image(store, one, store_image(store))
        parent = store.images.get(parent_id)
    finally:
        store.close()
    window, page = open_iterator(project.id)
    _go(qtbot, page, one)
    page.grid.focus_variant(0)
    page.choose_parent(parent)
    page.refine_bar.prompt_edit.setPlainText("misty cliffs at dawn")
    page.refine_bar.set_strength(0.3)

    _go(qtbot, page, two, Qt.Key.Key_Down)
    assert page.refine_bar.prompt() == ""
    assert page.refine_bar.parent_image is None
    assert page.refine_bar.strength() == DEFAULT_STRENGTH
    page.refine_bar.prompt_edit.setPlainText("the stairs at night")

    _go(qtbot, page, one, Qt.Key.Key_Up)
    assert page.refine_bar.prompt() == "misty cliffs at dawn"
    assert page.refine_bar.strength() == 0.3
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == parent_id

    window.close()
    QApplication.processEvents()
    store = open_store(data_paths)
    try:  # a later round: the kept parent is no longer in the round shown first
        for image in store.images.for_shot(one):
            if image.status.is_active:
                store.images.fail(image.id, "Cancelled", error_kind=ErrorKind.CANCELLED)
        store.images.create_round(one, prompt="a later round")
    finally:
        store.close()
    _again, restarted = open_iterator(project.id)
    _go(qtbot, restarted, one)
    assert restarted.refine_bar.prompt() == "misty cliffs at dawn"
    assert restarted.refine_bar.strength() == 0.3
    qtbot.waitUntil(lambda: restarted.refine_bar.parent_image is not None, timeout=WAIT_MS)
    assert restarted.refine_bar.parent_image is not None
    assert restarted.refine_bar.parent_image.id == parent_id
    assert restarted.refine_bar.prompt() == "misty cliffs at dawn"
    _go(qtbot, restarted, two)
    assert restarted.refine_bar.prompt() == "the stairs at night"
    assert restarted.refine_bar.parent_image is None
