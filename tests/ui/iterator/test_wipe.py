"""Compare's pictures: side by side share one zoom and pan; the wipe follows a mouse drag and
←/→, and paints the left image left of the divider and the right one right of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPixmap, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.compare import CompareView
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.wipe import SIDE, WIPE, CompareCanvas
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, focus_cell, key, refine_from, wait_round_settled

RED, BLUE = QColor(220, 30, 30), QColor(30, 60, 220)


def _image(image_id: int, storage: str, parent: int | None) -> ImageInfo:
    return ImageInfo(
        id=image_id,
        project_id=1,
        scene_id=1,
        shot_id=1,
        iteration_number=0 if parent is None else 1,
        variant_number=0,
        status=ImageStatus.COMPLETE,
        is_favorite=False,
        parent_image_id=parent,
        iteration_prompt="a red lighthouse" if parent is None else "a blue lighthouse",
        image_url="",
        image_storage_id=storage,
        replicate_image_id=None,
        generation_params={"provider": "offline", "seed": image_id},
        created_at=datetime.now(UTC),
    )


def _solid(color: QColor) -> QPixmap:
    pixmap = QPixmap(320, 180)
    pixmap.fill(color)
    return pixmap


def _view(qtbot: QtBot) -> CompareView:
    view = CompareView(wide=True)
    qtbot.addWidget(view)
    view.resize(1000, 520)
    parent, child = _image(1, "red", None), _image(2, "blue", 1)
    view.show_pair(parent, child, [parent, child])
    view.set_pixmap("red", _solid(RED))
    view.set_pixmap("blue", _solid(BLUE))
    view.show()
    qtbot.waitExposed(view)
    return view


def _color_at(canvas: CompareCanvas, x: float, y: float) -> QColor:
    image: QImage = canvas.grab().toImage()
    ratio = image.width() / canvas.width()
    return image.pixelColor(round(x * ratio), round(y * ratio))


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30


def _wheel(canvas: CompareCanvas, at: QPointF, notches: int) -> None:
    event = QWheelEvent(
        at,
        canvas.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_side_by_side_zooms_and_pans_both(qtbot: QtBot) -> None:
    canvas = _view(qtbot).canvas
    assert canvas.mode == SIDE
    left, right = canvas.picture_rect(0), canvas.picture_rect(1)
    assert _close(_color_at(canvas, left.center().x(), left.center().y()), RED)
    assert _close(_color_at(canvas, right.center().x(), right.center().y()), BLUE)
    # The wheel over the right picture zooms both, the same point under the same spot.
    width = left.width()
    _wheel(canvas, QPointF(right.x() + right.width() * 0.7, right.center().y()), 2)
    left, right = canvas.picture_rect(0), canvas.picture_rect(1)
    assert left.width() == pytest.approx(width * 1.25**2)
    assert abs(left.width() - right.width()) < 0.5
    port_left, port_right = canvas.viewports()
    assert abs((left.x() - port_left[0]) - (right.x() - port_right[0])) < 0.5
    # Dragging one pans both.
    x0 = left.x()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 250))
    qtbot.mouseMove(canvas, QPoint(260, 250))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(260, 250))
    left, right = canvas.picture_rect(0), canvas.picture_rect(1)
    assert left.x() > x0
    assert abs((left.x() - port_left[0]) - (right.x() - port_right[0])) < 0.5
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.zoom.is_fit


def test_wipe_follows_the_mouse_and_keys_and_splits_the_pictures(qtbot: QtBot) -> None:
    view = _view(qtbot)
    canvas = view.canvas
    qtbot.mouseClick(view.mode_button, Qt.MouseButton.LeftButton)
    assert canvas.mode == WIPE
    assert canvas.wipe == 0.5
    y = canvas.height() / 2
    # Grab the divider and drag it to a quarter of the width.
    start = QPoint(round(canvas.wipe_x()), round(y))
    end = QPoint(round(canvas.width() * 0.25), round(y))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(round(canvas.width() * 0.4), round(y)))
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert abs(canvas.wipe - 0.25) < 0.01
    picture = canvas.picture_rect(0)
    x = canvas.wipe_x()
    probe_y = picture.y() + picture.height() * 0.25  # clear of the divider's grip
    assert picture.left() < x - 20 and picture.right() > x + 20
    assert _close(_color_at(canvas, x - 10, probe_y), RED)
    assert _close(_color_at(canvas, x + 10, probe_y), BLUE)
    assert _close(_color_at(canvas, picture.left() + 5, probe_y), RED)
    assert _close(_color_at(canvas, picture.right() - 5, probe_y), BLUE)
    # ←/→ move it (Shift: further); W goes back to side by side.
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert abs(canvas.wipe - 0.27) < 0.001
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert abs(canvas.wipe - 0.37) < 0.001
    assert _close(_color_at(canvas, canvas.wipe_x() - 30, probe_y), RED)
    qtbot.keyClick(canvas, Qt.Key.Key_W)
    assert canvas.mode == SIDE and not view.mode_button.isChecked()
    # A press away from the divider does not move it.
    qtbot.keyClick(canvas, Qt.Key.Key_W)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(canvas.width() - 40, 40))
    assert abs(canvas.wipe - 0.37) < 0.001


def test_choosing_another_image_for_a_side(qtbot: QtBot) -> None:
    view = _view(qtbot)
    chosen: list[tuple[int, int]] = []
    view.side_changed.connect(lambda side, image_id: chosen.append((side, image_id)))
    view.combos[0].setCurrentIndex(view.combos[0].findData(2))
    assert chosen == [(0, 2)]
    other = replace(_image(3, "green", 1), variant_number=4)
    view.show_pair(view.right, other, [view.right, other])  # type: ignore[list-item]
    assert view.canvas.titles == ["Round 1 · variant 1", "Round 1 · variant 5"]
    assert "(same prompt)" in view.prompt_label.text()


def test_compare_tab_opens_full_window(
    qtbot: QtBot,
    project: Project,
    offline_provider: str,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    child = refine_from(qtbot, page, 2, " at dusk", 0.4)[1]
    focus_cell(qtbot, page, 2)
    with qtbot.waitSignal(page.compare_shown, timeout=WAIT_MS):
        key(qtbot, page, Qt.Key.Key_C)
    assert page.compare.right is not None and page.compare.right.id == child.id
    assert page.compare.left is not None and page.compare.left.id == child.parent_image_id
    control = page.panels.lightbox
    with qtbot.waitSignal(control.compare_shown, timeout=WAIT_MS):
        qtbot.mouseClick(page.compare.expand_button, Qt.MouseButton.LeftButton)
    view = control.view
    assert view is not None and view.isVisible() and view.in_compare
    assert view.compare.right is not None and view.compare.right.id == child.id
    qtbot.waitUntil(
        lambda: all(p is not None for p in view.compare.canvas.pixmaps), timeout=WAIT_MS
    )
    qtbot.keyClick(view.compare.canvas, Qt.Key.Key_Escape)
    assert not view.isVisible()
