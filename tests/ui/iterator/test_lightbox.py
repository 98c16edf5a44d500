"""The lightbox through the real page on an offline round: keys move through variants and
rounds, the filmstrip follows, F / Enter / X / R / C change the database or the view and say
so, zoom and fit keep the picture's shape, and the thumbnail shows while the full image decodes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.dto import ImageInfo
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.lightbox import Lightbox
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.wipe import WIPE
from storyboard_app.ui.main_window import MainWindow
from tests.fakes.replicate_server import FakeReplicate
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


def _two_rounds(qtbot: QtBot, page: IteratorPage) -> list[ImageInfo]:
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    images = refine_from(qtbot, page, 3, ", gulls", 0.5)
    wait_pixmaps(qtbot, page)
    return images


def _open(qtbot: QtBot, page: IteratorPage, number: int) -> Lightbox:
    focus_cell(qtbot, page, number)
    key(qtbot, page, Qt.Key.Key_Space)
    view = page.panels.lightbox.view
    assert view is not None and view.isVisible()
    return view


def _press(qtbot: QtBot, view: Lightbox, k: Qt.Key, ctrl: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(view, k, modifier)


def test_lightbox_moves_and_acts(
    qtbot: QtBot,
    project: Project,
    data_paths: DataPaths,
    offline_provider: str,
    open_iterator: Opener,
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    round_one = _two_rounds(qtbot, page)
    view = _open(qtbot, page, 1)
    # The whole window but the status bar; the filmstrip holds the round, the first marked.
    assert view.width() == window.width()
    assert view.geometry().bottom() < window.statusBar().geometry().top()
    assert [i.id for i in view.filmstrip.images] == [i.id for i in round_one]
    assert view.image is not None and view.image.id == round_one[0].id
    assert view.filmstrip.current_id == round_one[0].id
    assert "Round 1 · variant 1" in view.caption.text()
    assert f"seed {round_one[0].seed}" in view.caption.text()

    # ←/→ move through the variants, whatever has focus; the filmstrip follows.
    _press(qtbot, view, Qt.Key.Key_Right)
    _press(qtbot, view, Qt.Key.Key_Right)
    assert view.image.id == round_one[2].id and view.filmstrip.current_id == round_one[2].id
    _press(qtbot, view, Qt.Key.Key_Left)
    assert view.image.id == round_one[1].id
    _press(qtbot, view, Qt.Key.Key_Left)
    _press(qtbot, view, Qt.Key.Key_Left)  # the first: stays, and says so
    assert view.image.id == round_one[0].id
    assert view.flash_label.isVisible() and "First variant" in view.flash_label.text()

    # A click on the filmstrip jumps there.
    tile = view.filmstrip.tile_rects()[4].center().toPoint()
    qtbot.mouseClick(view.filmstrip, Qt.MouseButton.LeftButton, pos=tile)
    assert view.image.id == round_one[4].id and view.filmstrip.current_id == round_one[4].id

    # Ctrl+← / Ctrl+→: the same variant of the other round; the filmstrip shows that round.
    with qtbot.waitSignal(page.panels.lightbox.image_shown, timeout=WAIT_MS) as shown:
        _press(qtbot, view, Qt.Key.Key_Left, ctrl=True)
    assert shown.args[0].iteration_number == 0 and shown.args[0].variant_number == 4
    assert {i.iteration_number for i in view.filmstrip.images} == {0}
    assert view.isVisible()
    with qtbot.waitSignal(page.panels.lightbox.image_shown, timeout=WAIT_MS):
        _press(qtbot, view, Qt.Key.Key_Right, ctrl=True)
    assert view.image.id == round_one[4].id

    # F stars (in the database), with a visible note and the caption saying so.
    store = open_store(data_paths)
    try:
        qtbot.waitUntil(lambda: view.image is not None and view.image.is_favorite is False)
        _press(qtbot, view, Qt.Key.Key_F)
        qtbot.waitUntil(lambda: store.images.get(round_one[4].id).is_favorite, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "★ starred" in view.caption.text(), timeout=WAIT_MS)
        assert "Starred" in view.flash_label.text()

        # Enter makes it the shot's final image.
        with qtbot.waitSignal(page.final_changed, timeout=WAIT_MS):
            _press(qtbot, view, Qt.Key.Key_Return)
        assert store.scenes.get_shot(project.shots[0]).selected_image_id == round_one[4].id
        assert "final image" in view.caption.text()
        assert view.filmstrip.final_id == round_one[4].id

        # X rejects the next one (hidden in the grid, kept in the lightbox until moved).
        _press(qtbot, view, Qt.Key.Key_Right)
        rejected = round_one[5].id
        _press(qtbot, view, Qt.Key.Key_X)
        qtbot.waitUntil(lambda: store.images.get(rejected).is_rejected, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "Rejected" in view.flash_label.text(), timeout=WAIT_MS)
        assert view.image.id == rejected and view.buttons["reject"].text() == "Bring back (X)"
        _press(qtbot, view, Qt.Key.Key_Left)
        _press(qtbot, view, Qt.Key.Key_Right)  # the hidden variant is skipped now
        assert view.image.id == round_one[4].id
    finally:
        store.close()

    # C compares with the parent (left) at full size; W wipes; Esc comes back.
    with qtbot.waitSignal(page.panels.lightbox.compare_shown, timeout=WAIT_MS):
        _press(qtbot, view, Qt.Key.Key_C)
    assert view.in_compare
    assert view.compare.right is not None and view.compare.right.id == round_one[4].id
    assert view.compare.left is not None and view.compare.left.id == round_one[0].parent_image_id
    assert "gulls" in view.compare.prompt_label.text()
    _press(qtbot, view, Qt.Key.Key_W)
    assert view.compare.canvas.mode == WIPE and view.compare.mode_button.isChecked()
    before = view.compare.canvas.wipe
    _press(qtbot, view, Qt.Key.Key_Right)
    assert view.compare.canvas.wipe > before
    _press(qtbot, view, Qt.Key.Key_Escape)
    assert view.isVisible() and not view.in_compare

    # R closes and makes it the parent of the next round; the grid shows where we were.
    _press(qtbot, view, Qt.Key.Key_R)
    assert not view.isVisible()
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == round_one[4].id
    assert page.grid.current_variant == 4

    # Double-click on a cell opens it; Esc closes and focuses that cell.
    cell = page.grid.cells[2]
    qtbot.mouseDClick(cell.image_box, Qt.MouseButton.LeftButton)
    assert view.isVisible() and view.image.id == round_one[2].id
    _press(qtbot, view, Qt.Key.Key_Right)
    _press(qtbot, view, Qt.Key.Key_Escape)
    assert not view.isVisible() and page.grid.current_variant == 3


def test_lightbox_zoom_fit_and_thumbnail_first(
    qtbot: QtBot, project: Project, offline_provider: str, open_iterator: Opener
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    wait_pixmaps(qtbot, page)
    # Nothing decoded at full size yet: the thumbnail shows at once, then the full image.
    page.full_images.clear()
    view = _open(qtbot, page, 2)
    canvas = view.canvas
    thumb = page.thumbnails.get(view.image.image_storage_id if view.image else None)
    assert not view.is_full and thumb is not None and canvas.pixmap() is thumb
    assert "loading the full image" in view.caption.text()
    qtbot.waitUntil(lambda: view.is_full, timeout=WAIT_MS)
    full = canvas.pixmap()
    assert full is not None and thumb is not None and full.width() > thumb.width()
    assert "loading" not in view.caption.text()

    def aspect_kept() -> None:
        rect = canvas.picture_rect()
        assert abs(rect.width() / rect.height() - full.width() / full.height()) < 0.01

    # Fit: the whole picture in the canvas, touching two of its edges.
    rect = canvas.picture_rect()
    assert rect.width() <= canvas.width() + 0.5 and rect.height() <= canvas.height() + 0.5
    assert abs(rect.width() - canvas.width()) < 1 or abs(rect.height() - canvas.height()) < 1
    aspect_kept()
    _press(qtbot, view, Qt.Key.Key_1)
    assert canvas.percent() == 100 and round(canvas.picture_rect().width()) == full.width()
    assert "100 %" in view.caption.text()
    _press(qtbot, view, Qt.Key.Key_Plus)
    assert canvas.percent() == 125
    _press(qtbot, view, Qt.Key.Key_Minus)
    _press(qtbot, view, Qt.Key.Key_Minus)
    assert canvas.percent() == 75
    aspect_kept()
    _press(qtbot, view, Qt.Key.Key_0)
    assert canvas.zoom.is_fit

    # The wheel zooms about the pointer: the picture point under it stays put.
    at = QPointF(canvas.width() * 0.3, canvas.height() * 0.4)
    before = canvas.picture_rect()
    fraction = (at.x() - before.x()) / before.width()
    wheel = QWheelEvent(
        at,
        canvas.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, wheel)
    after = canvas.picture_rect()
    assert after.width() > before.width() * 1.5
    assert abs((at.x() - after.x()) / after.width() - fraction) < 0.01
    aspect_kept()
    # Double-click fits again; moving on keeps the lightbox's zoom.
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=at.toPoint())
    assert canvas.zoom.is_fit
    _press(qtbot, view, Qt.Key.Key_Space)
    assert not view.isVisible()


def test_lightbox_says_when_the_full_file_is_missing_and_leaves_other_keys_alone(
    qtbot: QtBot,
    project: Project,
    data_paths: DataPaths,
    offline_provider: str,
    open_iterator: Opener,
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    page.generate_six()
    images = wait_round_settled(qtbot, page, 0)
    wait_pixmaps(qtbot, page)
    storage = images[1].image_storage_id
    assert storage is not None
    MediaStore(data_paths.media).path_for(storage).unlink()  # the thumbnail stays
    page.full_images.clear()
    view = _open(qtbot, page, 2)
    qtbot.waitUntil(lambda: "file is missing" in view.caption.text(), timeout=WAIT_MS)
    assert view.canvas.pixmap() is page.thumbnails.get(storage)  # still something to look at
    # Keys the lightbox does not use still reach the window: Ctrl+Z undoes a reject.
    _press(qtbot, view, Qt.Key.Key_Right)
    _press(qtbot, view, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: view.image is not None and view.image.is_rejected, timeout=WAIT_MS)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.image is not None and not view.image.is_rejected, timeout=WAIT_MS)
    assert view.isVisible()
    # The lightbox claims its own keys before the window's shortcuts, and only those (F1 help).
    for k, claimed in ((Qt.Key.Key_F, True), (Qt.Key.Key_Right, True), (Qt.Key.Key_F1, False)):
        override = QKeyEvent(QEvent.Type.ShortcutOverride, k, Qt.KeyboardModifier.NoModifier)
        override.ignore()
        QApplication.sendEvent(view, override)
        assert override.isAccepted() == claimed


def test_a_variant_that_finishes_in_the_lightbox_gets_its_picture(
    qtbot: QtBot,
    project: Project,
    fake_replicate: FakeReplicate,
    open_iterator: Opener,
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    fake_replicate.latency = 1.5
    page.generate_six()
    qtbot.waitUntil(lambda: page.grid.cells[0].image is not None, timeout=WAIT_MS)
    view = _open(qtbot, page, 1)
    assert view.image is not None and view.image.status.is_active
    assert view.canvas.pixmap() is None
    assert view.canvas.message() in ("Waiting to start", "Drawing")
    qtbot.waitUntil(lambda: view.is_full, timeout=WAIT_MS)
    assert view.image.status == ImageStatus.COMPLETE and view.canvas.pixmap() is not None
    assert view.canvas.message() == ""
    wait_round_settled(qtbot, page, 0)
