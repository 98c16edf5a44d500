"""A tile's quiet status overlay and its ring, on the tile itself: waiting and running with the
elapsed time, failed with the reason and Retry, cancelled grey, the focus ring."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.cell import CANCELLED_GREY, FAILED_RED, FINAL_GREEN, VariantCell


def _image(status: ImageStatus, **params: object) -> ImageInfo:
    return ImageInfo(
        id=7,
        project_id=1,
        scene_id=1,
        shot_id=1,
        iteration_number=2,
        variant_number=0,
        status=status,
        is_favorite=False,
        parent_image_id=None,
        iteration_prompt="a lighthouse",
        image_url="",
        image_storage_id=None,
        replicate_image_id=None,
        generation_params=dict(params),
        created_at=datetime.now(UTC),
    )


def _ago(seconds: int) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def test_waiting_and_running_tiles_show_the_elapsed_time(qtbot: QtBot) -> None:
    cell = VariantCell(0)
    qtbot.addWidget(cell)
    cell.show_image(_image(ImageStatus.PENDING, planned_at=_ago(65)), None)
    assert cell.status_message().startswith("Pending… 1 min 0")
    cell.show_image(_image(ImageStatus.PROCESSING, submitted_at=_ago(12)), None)
    assert cell.status_message() in ("Processing… 12 s", "Processing… 13 s")
    assert not cell.retry_button.isVisibleTo(cell)


def test_failed_says_why_with_retry_and_cancelled_is_grey(qtbot: QtBot) -> None:
    cell = VariantCell(0)
    qtbot.addWidget(cell)
    failed = replace(_image(ImageStatus.FAILED, error_kind="credit"), error="Out of credit")
    cell.show_image(failed, None)
    assert cell.status_message() == "Failed\nOut of credit"
    assert cell.image_box.message_color() == QColor(FAILED_RED)
    assert cell.retry_button.isVisibleTo(cell)
    cancelled = _image(ImageStatus.FAILED, error_kind=ErrorKind.CANCELLED.value)
    cell.show_image(replace(cancelled, error="Cancelled"), None)
    assert cell.status_message().startswith("Cancelled")
    assert "Failed" not in cell.status_message()
    assert cell.image_box.message_color() == QColor(CANCELLED_GREY)
    assert cell.retry_button.isVisibleTo(cell)


def test_the_focus_ring_wins_over_final_and_is_the_highlight(qtbot: QtBot) -> None:
    cell = VariantCell(0)
    qtbot.addWidget(cell)
    cell.show()
    qtbot.waitExposed(cell)
    cell.show_image(_image(ImageStatus.COMPLETE), None, is_final=True)
    assert cell.ring_color() == QColor(FINAL_GREEN)
    cell.setFocus()
    qtbot.waitUntil(cell.hasFocus)
    assert cell.ring_color() == cell.palette().color(QPalette.ColorRole.Highlight)
    assert cell.actions_row.isVisible()  # the keyboard user gets the row of actions too
