"""The large preview moves with ←/→ whatever has focus, and stars, finals, refines, rejects."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, focus_cell, key, wait_round_settled


def test_preview_keys_and_buttons(
    qtbot: QtBot,
    project: Project,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(project.shots[0])
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    focus_cell(qtbot, page, 1)
    key(qtbot, page, Qt.Key.Key_Space)
    preview = page.panels.preview_dialog
    assert preview is not None and preview.isVisible()
    QApplication.processEvents()
    # The scroll area holds the focus in the real dialog: the arrows must still move.
    target = preview.scroll_area
    target.setFocus()

    def press(k: Qt.Key) -> None:
        qtbot.keyClick(target, k)  # type: ignore[no-untyped-call]

    def shown(check: Callable[[ImageInfo], bool]) -> None:
        qtbot.waitUntil(lambda: preview.image is not None and check(preview.image), timeout=WAIT_MS)

    press(Qt.Key.Key_Right)
    assert preview.image is not None and preview.image.variant_number == 1
    assert page.grid.current_variant == 1
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Left)
    assert preview.image.variant_number == 1

    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        press(Qt.Key.Key_F)
    qtbot.waitUntil(
        lambda: preview.image is not None and preview.image.is_favorite, timeout=WAIT_MS
    )
    assert preview.buttons["star"].text() == "Unstar (F)"

    with qtbot.waitSignal(page.final_changed, timeout=WAIT_MS) as final:
        press(Qt.Key.Key_Return)
    assert final.args == [preview.image.id]

    press(Qt.Key.Key_Right)
    assert preview.image.variant_number == 2
    rejected = preview.image.id
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        qtbot.mouseClick(preview.buttons["reject"], Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(
        lambda: preview.image is not None and preview.image.is_rejected, timeout=WAIT_MS
    )
    assert preview.image.id == rejected

    press(Qt.Key.Key_Left)
    chosen = preview.image
    press(Qt.Key.Key_R)
    assert not preview.isVisible()
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == chosen.id
