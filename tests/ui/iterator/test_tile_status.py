"""A tile's quiet status overlay and its ring, on the tile itself: waiting and running with the
elapsed time, failed with the reason and Retry, cancelled grey, the focus ring; the round
strip's prompt changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.store.dto import ImageInfo, RoundSummary
from storyboard_app.ui.iterator.cell import CANCELLED_GREY, FAILED_RED, FINAL_GREEN, VariantCell
from storyboard_app.ui.iterator.rounds_strip import RoundStrip


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


def _summary(n: int) -> RoundSummary:
    return RoundSummary(
        iteration_number=n,
        parent_image_id=n if n else None,
        parent_storage_id=None,
        parent_iteration=n - 1 if n else None,
        parent_variant=0 if n else None,
        variant_count=6,
        complete=6,
        failed=0,
        active=0,
        favourites=0,
        prompt="a lighthouse" + "".join(f", detail {k}" for k in range(1, n + 1)),
    )


def test_the_strip_writes_prompt_changes_for_the_rounds_in_view(qtbot: QtBot) -> None:
    strip = RoundStrip()
    qtbot.addWidget(strip)
    strip.resize(600, strip.height())
    strip.show()
    qtbot.waitExposed(strip)
    strip.set_rounds([_summary(n) for n in range(40)], current=1, latest=39)
    texts = [strip.item(row).text() for row in range(strip.count())]
    assert texts[1] == "Round 1 ← round 0 · variant 1\n+ detail 1\n6/6 done"
    written = [t for t in texts if "+ detail" in t]
    assert 1 <= len(written) < 10  # only those in view: a word diff each
    strip.select_round(39)  # scrolls to the end
    assert "+ detail 39" in strip.item(39).text()
