"""A card's "Animate to next shot": a clip from its final to the next shot's final."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from tests.ui.storyboard.conftest import Board, multimedia, open_storyboard

pytestmark = multimedia


def test_a_card_animates_into_the_next_shots_final(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first, second, third, _gap = board_project.shot_ids
    store.storyboard.build(board_project.project_id)
    page = open_storyboard(qtbot, make_window(), board_project.project_id)
    qtbot.waitUntil(lambda: page.cards[first].next_button.isEnabled(), timeout=10_000)
    stuck = page.cards[third].next_button
    assert not stuck.isEnabled() and "S02_SH02" in stuck.toolTip()  # the next shot is a gap
    assert not page.cards[board_project.shot_ids[3]].next_button.isVisible()

    with qtbot.waitSignal(page.animation_finished, timeout=60_000) as finished:
        page.cards[first].next_button.click()
    selection = finished.args[0]
    assert selection.animation_status == ImageStatus.COMPLETE, selection.error
    params = selection.animation_params
    assert params["purpose"] == "first_last_frame"
    assert (params["image_id"], params["end_image_id"]) == (
        board_project.finals[first],
        board_project.finals[second],
    )
    qtbot.waitUntil(
        lambda: page.cards[first].status_message() == "Clip ready (into S01_SH02)",
        timeout=15_000,
    )
