"""The grid is the hero: tiles at the project's aspect ratio, a remembered size slider, the
hover/focus row of actions, the star at a glance, "made at" badges."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QEnterEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.cell import STAR_GOLD, VariantCell
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.tile_size import SETTINGS_KEY
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, draw_offline_round, wait_pixmaps

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def _set_ratio(paths: DataPaths, project_id: int, ratio: str) -> None:
    store = open_store(paths)
    try:
        store.projects.set_look(project_id, aspect_ratio=ratio)
    finally:
        store.close()


def _picture_ratio(cell: VariantCell) -> float:
    frame = cell.image_box.frame_rect()
    return frame.width() / frame.height()


def test_tiles_take_the_project_aspect_ratio(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])
    _window, page = open_iterator(project.id)
    wait_pixmaps(qtbot, page)
    assert abs(_picture_ratio(page.grid.cells[0]) - 16 / 9) < 0.05

    _set_ratio(data_paths, project.id, "9:16")
    _window2, page2 = open_iterator(project.id)
    wait_pixmaps(qtbot, page2)
    for cell in page2.grid.cells:
        assert abs(_picture_ratio(cell) - 9 / 16) < 0.05
    # The six tiles stay inside the grid, side by side, never on top of each other.
    rects = [c.geometry() for c in page2.grid.cells]
    for index, rect in enumerate(rects):
        assert page2.grid.rect().contains(rect)
        assert not any(rect.intersects(other) for other in rects[index + 1 :])


def test_the_size_slider_and_its_keys_are_remembered(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])
    window, page = open_iterator(project.id)
    window.activateWindow()
    full = page.grid.cells[0].image_box.frame_rect().width()
    page.grid.focus_variant(0)
    for _ in range(3):
        qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert page.tile_size.slider.value() == 70
    smaller = page.grid.cells[0].image_box.frame_rect().width()
    assert abs(smaller - full * 0.7) <= 3
    qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert page.tile_size.slider.value() == 80
    assert int(window.qsettings.value(SETTINGS_KEY)) == 80
    window.close()

    __window2, page2 = open_iterator(project.id)  # like a restart
    assert page2.tile_size.slider.value() == 80
    assert abs(page2.grid.scale - 0.8) < 1e-6


def _hover(cell: VariantCell) -> None:
    at = cell.rect().center().toPointF()
    QApplication.sendEvent(cell, QEnterEvent(at, at, cell.mapToGlobal(QPoint(0, 0)).toPointF()))


def test_the_row_of_actions_shows_on_hover_and_focus_and_acts(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])
    _window, page = open_iterator(project.id)
    wait_pixmaps(qtbot, page)
    second, third = page.grid.cells[1], page.grid.cells[2]
    page.grid.focus_variant(0)
    assert not second.actions_row.isVisible()
    _hover(second)
    assert second.actions_row.isVisible()
    QApplication.sendEvent(second, QEvent(QEvent.Type.Leave))
    assert not second.actions_row.isVisible()
    page.grid.focus_variant(2)
    assert third.actions_row.isVisible()  # the keyboard user sees it too
    assert [b.toolTip() for b in third.actions_row.buttons()] == [
        "Star this variant (F)",
        "Refine from this variant (R)",
        "Make this the shot's final image (Enter)",
        "Reject: hide it, never delete it (X)",
        "Open it large (Space or double-click)",
    ]

    image = third.image
    assert image is not None
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        qtbot.mouseClick(third.star_button, Qt.MouseButton.LeftButton)
    assert third.image is not None and third.image.is_favorite
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        qtbot.mouseClick(third.reject_button, Qt.MouseButton.LeftButton)
    assert third.image is not None and third.image.is_rejected and third.is_hidden
    with qtbot.waitSignal(page.grid.preview_requested, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(second.open_button, Qt.MouseButton.LeftButton)
    assert opened.args[0].id == second.image.id if second.image else False
    with qtbot.waitSignal(page.final_changed, timeout=WAIT_MS):
        qtbot.mouseClick(second.final_button, Qt.MouseButton.LeftButton)
    assert second.badge_label.text() == "FINAL"
    assert not second.final_button.isEnabled()
    second.refine_button.click()
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == second.image.id if second.image else False


def test_the_star_shows_on_the_picture_at_a_glance(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    images = draw_offline_round(data_paths, project.shots[0])
    store = open_store(data_paths)
    try:
        store.images.star(images[0].id)
    finally:
        store.close()
    _window, page = open_iterator(project.id)
    wait_pixmaps(qtbot, page)
    starred, plain = page.grid.cells[0], page.grid.cells[1]

    def gold_in_corner(cell: VariantCell) -> int:
        picture = cell.image_box.grab().toImage()
        frame = cell.image_box.frame_rect()
        gold = QColor(STAR_GOLD)
        found = 0
        for x in range(frame.right() - 34, frame.right()):
            for y in range(frame.top(), frame.top() + 30):
                c = picture.pixelColor(x, y)
                if abs(c.red() - gold.red()) + abs(c.green() - gold.green()) < 40 and (
                    c.blue() < 90
                ):
                    found += 1
        return found

    assert gold_in_corner(starred) > 20
    assert gold_in_corner(plain) == 0


def test_images_made_at_another_ratio_say_so(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])  # made while the project is 16:9
    _set_ratio(data_paths, project.id, "9:16")
    _window, page = open_iterator(project.id)
    wait_pixmaps(qtbot, page)
    cell = page.grid.cells[0]
    assert cell.ratio_badge.isVisible()
    assert cell.ratio_badge.text() == "made at 16:9"
    assert "now 9:16" in cell.ratio_badge.toolTip()
    page.grid.focus_variant(0)
    details = page.details
    assert details.ratio_badge.isVisible() and details.ratio_badge.text() == "made at 16:9"
    assert details.fields["Aspect"].text() == "16:9 — the project is now 9:16"

    # A new round is made at the project's ratio: no badge.
    draw_offline_round(data_paths, project.shots[0])
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(project.shots[0])
    assert page.round is not None and page.round.iteration == 1
    assert not any(c.ratio_badge.isVisible() for c in page.grid.cells)
