"""The iterator with the keyboard alone: shots, rounds, cells, preview and zoom, recall."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from storyboard_app.app import build_main_window
from storyboard_app.domain.limits import MAX_PROMPT_CHARS
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


def _two_rounds(qtbot: QtBot, page: IteratorPage) -> None:
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 5, " in fog", 0.5)
    wait_pixmaps(qtbot, page)


def test_shots_rounds_and_cells_by_keyboard(
    open_iterator: Opener, project: Project, offline_provider: str, qtbot: QtBot
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    _two_rounds(qtbot, page)
    cell = page.grid.cells[0]

    # Arrows move between cells in two rows of three.
    focus_cell(qtbot, page, 1)
    for k, expected in (
        (Qt.Key.Key_Right, 1),
        (Qt.Key.Key_Down, 4),
        (Qt.Key.Key_Left, 3),
        (Qt.Key.Key_Up, 0),
        (Qt.Key.Key_Left, 0),
    ):
        key(qtbot, page, k)
        assert page.grid.current_variant == expected

    # Ctrl+Left / Ctrl+Right switch rounds; the strip follows.
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS):
        qtbot.keyClick(cell, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert page.round is not None and page.round.iteration == 0
    assert page.round_strip.current_round() == 0
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS):
        qtbot.keyClick(cell, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert page.round.iteration == 1

    # Ctrl+Down / Ctrl+Up walk the shots across scenes.
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(cell, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [project.shots[1]]
    assert page.round is None and page.rounds == []
    assert "Generate six" in page.grid.cells[0].status_message()
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == [project.shots[2]]
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [project.shots[0]]
    assert page.round is not None and page.round.iteration == 1  # the latest round again
    assert page.navigator.currentItem() is not None


def test_preview_with_zoom_and_recall_of_settings(
    open_iterator: Opener, project: Project, offline_provider: str, qtbot: QtBot
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    _two_rounds(qtbot, page)
    image = focus_cell(qtbot, page, 2)
    key(qtbot, page, Qt.Key.Key_Space)
    lightbox = page.panels.lightbox.view
    assert lightbox is not None and lightbox.isVisible()
    assert lightbox.image is not None and lightbox.image.id == image.id
    qtbot.waitUntil(lambda: lightbox.is_full, timeout=WAIT_MS)  # the full image replaced the thumb
    canvas = lightbox.canvas
    assert canvas.zoom.is_fit
    qtbot.keyClick(lightbox, Qt.Key.Key_1)
    assert canvas.percent() == 100
    assert round(canvas.picture_rect().width()) == canvas.pixmap().width()  # type: ignore[union-attr]
    qtbot.keyClick(lightbox, Qt.Key.Key_Plus)
    assert canvas.percent() == 125
    qtbot.keyClick(lightbox, Qt.Key.Key_Minus)
    qtbot.keyClick(lightbox, Qt.Key.Key_Minus)
    assert canvas.percent() == 75
    qtbot.keyClick(lightbox, Qt.Key.Key_0)
    assert canvas.zoom.is_fit
    qtbot.keyClick(lightbox, Qt.Key.Key_Right)
    assert lightbox.image.variant_number == 2
    qtbot.keyClick(lightbox, Qt.Key.Key_Space)
    assert not lightbox.isVisible() and page.grid.current_variant == 2

    # Details: copy the prompt and seed, reuse a round-1 variant's settings.
    focus_cell(qtbot, page, 4)
    shown = page.details.image
    assert shown is not None and shown.iteration_number == 1
    qtbot.mouseClick(page.details.copy_prompt_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown.iteration_prompt
    qtbot.mouseClick(page.details.copy_seed_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(shown.seed)
    page.refine_bar.set_parent(None)
    page.refine_bar.prompt_edit.setPlainText("something else")
    page.refine_bar.set_strength(0.9)
    qtbot.mouseClick(page.details.reuse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.refine_bar.parent_image is not None, timeout=WAIT_MS)
    assert page.refine_bar.parent_image.id == shown.parent_image_id  # type: ignore[union-attr]
    assert page.refine_bar.prompt() == shown.iteration_prompt
    assert page.refine_bar.strength() == 0.5


def test_bad_prompts_get_a_clear_message_and_write_nothing(
    open_iterator: Opener,
    project: Project,
    offline_provider: str,
    data_paths: DataPaths,
    qtbot: QtBot,
) -> None:
    window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    page.choose_parent(page.grid.cells[0].image)  # type: ignore[arg-type]
    errors = window.context.errors
    for prompt, words in (("   ", "empty"), ("x" * (MAX_PROMPT_CHARS + 1), "Shorten")):
        page.refine_bar.prompt_edit.setPlainText(prompt)
        with qtbot.waitSignal(errors.error_presented, timeout=WAIT_MS) as blocker:
            qtbot.mouseClick(page.refine_bar.refine_button, Qt.MouseButton.LeftButton)
        report = blocker.args[0]
        assert report.expected and words in report.message
    store = open_store(data_paths)
    try:
        assert len(store.images.for_shot(project.shots[0])) == 6
    finally:
        store.close()
    assert page.latest_iteration == 0


def test_a_project_without_shots_says_what_to_do(
    data_paths: DataPaths, offline_provider: str, qtbot: QtBot
) -> None:
    store = open_store(data_paths)
    project = store.projects.create("Empty")
    window = build_main_window(data_paths, store)
    qtbot.addWidget(window)
    window.show()
    try:
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        with qtbot.waitSignal(page.scenes_loaded, timeout=WAIT_MS):
            window.open_project(project.id, page="iterator")
        assert page.empty_label.isVisibleTo(page)
        assert "Scenes" in page.empty_label.text()
        assert not page.refine_bar.isEnabled()
    finally:
        window.close()
        window.context.tasks.wait(WAIT_MS)
        store.close()
