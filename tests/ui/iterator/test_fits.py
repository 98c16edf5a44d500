"""The iterator page fits a 1024×700 window; cancelled variants are not shown as failed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ErrorKind
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.cell import CANCELLED_GREY, FAILED_RED
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project

SIZE = (1024, 700)


def _widest(page: QWidget) -> list[tuple[int, str]]:
    found = [
        (w.minimumSizeHint().width(), f"{type(w).__name__}:{w.objectName()}")
        for w in page.findChildren(QWidget)
        if w.isVisible()
    ]
    return sorted(found, reverse=True)[:8]


def test_the_iterator_fits_1024_by_700(
    qtbot: QtBot,
    project: Project,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    window, page = open_iterator(project.id)
    window.resize(*SIZE)
    QApplication.processEvents()
    qtbot.wait(200)
    assert window.minimumSizeHint().width() <= SIZE[0], _widest(page)
    assert window.width() == SIZE[0], _widest(page)
    # Nor taller: squeezed below their minimum, a tile's caption was drawn over its picture.
    assert window.minimumSizeHint().height() <= SIZE[1], window.minimumSizeHint()
    cell = page.grid.cells[0]
    assert cell.info_label.geometry().top() >= cell.image_box.geometry().bottom()


def test_cancelled_is_grey_and_distinct_from_failed(
    qtbot: QtBot,
    project: Project,
    data_paths: DataPaths,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    store = open_store(data_paths)
    try:
        images = store.images.create_round(project.shots[0], prompt="a lighthouse")
        store.images.fail(images[0].id, "Cancelled", error_kind=ErrorKind.CANCELLED)
        store.images.fail(images[1].id, "Out of credit", error_kind=ErrorKind.CREDIT)
    finally:
        store.close()
    _window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.round_shown, timeout=15_000):
        page.open_shot(project.shots[0])
    cancelled, failed = page.grid.cells[0], page.grid.cells[1]
    assert cancelled.status_message().startswith("Cancelled")
    assert "Failed" not in cancelled.status_message()
    assert cancelled.image_box.message_color() == QColor(CANCELLED_GREY)
    assert failed.status_message().startswith("Failed")
    assert "Out of credit" in failed.status_message()
    assert failed.image_box.message_color() == QColor(FAILED_RED)
    assert failed.retry_button.isVisibleTo(failed)
    assert cancelled.retry_button.isVisibleTo(cancelled)
