"""The storyboard's Qt-free state: selection, what to animate or cancel, the summary, and
cancelled told by its error kind — no widgets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.errors import ErrorKind
from storyboard_app.store.dto import SelectionInfo
from storyboard_app.ui.storyboard.state import InFlightJobs, StoryboardState
from storyboard_app.ui.storyboard.timeline_data import (
    BoardData,
    CardData,
    CardState,
    SceneGroup,
    error_kind,
    status_text,
)


def _selection(
    selection_id: int,
    shot_id: int,
    image_id: int,
    status: ImageStatus | None = None,
    **params: object,
) -> SelectionInfo:
    return SelectionInfo(
        selection_id, 1, 10, shot_id, image_id, status, None, None, None, None, None, "", None,
        dict(params),
    )  # fmt: skip


def _card(
    shot_id: int, image_id: int | None, selection: SelectionInfo | None, clip: bool = False
) -> CardData:
    return CardData(
        10, 1, shot_id, shot_id, f"shot {shot_id}", "prompt", image_id, None, selection,
        Path("clip.mp4") if clip else None, 2.0, "default", None,
    )  # fmt: skip


def _board() -> BoardData:
    """Shots 1–5: a clip, not animated, animating, failed, and a gap."""
    cards = (
        _card(1, 11, _selection(101, 1, 11, ImageStatus.COMPLETE), clip=True),
        _card(2, 12, _selection(102, 2, 12)),
        _card(3, 13, _selection(103, 3, 13, ImageStatus.PROCESSING)),
        _card(4, 14, _selection(104, 4, 14, ImageStatus.FAILED, error_kind="model")),
        _card(5, None, None),
    )
    return BoardData(1, "Harbour", (SceneGroup(10, 1, "Boats", cards),), 2.0)


def test_clicks_select_like_a_file_list_and_gaps_are_never_selected() -> None:
    state = StoryboardState()
    assert not state.board_loaded(_board())  # first board: the cards are built
    state.click(2)
    assert state.selected == {2}
    state.click(4, extend=True)
    assert state.selected == {2, 3, 4}
    state.click(3, toggle=True)
    assert state.selected == {2, 4}
    state.select([1, 5])
    assert state.selected == {1}
    state.anchor = 4
    state.click(1, extend=True)
    assert state.selected_in_order() == [1, 2, 3, 4]  # the gap (5) is outside the range
    assert state.step(4, 1) == 5 and state.step(5, 1) == 5 and state.step(1, -1) == 1
    state.moved_to(2, extend=True)
    assert state.anchor == 2


def test_a_reload_with_the_same_shots_updates_in_place_and_drops_lost_picks() -> None:
    state = StoryboardState()
    state.board_loaded(_board())
    state.select([1, 2])
    board = _board()
    gap = replace(board.scenes[0].cards[1], image_id=None, selection=None)
    cards = (board.scenes[0].cards[0], gap, *board.scenes[0].cards[2:])
    assert state.board_loaded(replace(board, scenes=(replace(board.scenes[0], cards=cards),)))
    assert state.selected == {1}  # shot 2 lost its final pick
    fewer = replace(board, scenes=(replace(board.scenes[0], cards=cards[:3]),))
    assert not state.board_loaded(fewer)  # another shape: rebuilt


def test_what_animate_all_and_cancel_mean() -> None:
    state = StoryboardState()
    state.board_loaded(_board())
    assert state.to_animate_all() == [2, 4]  # no clip or failed; not the running one
    assert [c.shot_id for c in state.animatable([1, 2, 3, 5])] == [1, 2]
    assert state.needs_build_first([1, 2]) is None
    jobs = InFlightJobs(frozenset({102}), waiting=1)
    assert state.active_shots(jobs) == [2, 3]
    assert state.to_cancel([1, 2, 3, 3, 5], jobs) == [102, 103]  # a job, a row left running
    assert state.to_cancel([2], InFlightJobs()) == []
    summary = state.summary(jobs)
    assert summary == (
        "4 of 5 shots picked · 1 gap · 1 clip · 1 animating · 1 waiting for a free slot · 10.0 s"
    )


def test_a_pick_not_on_the_storyboard_asks_for_a_build_first() -> None:
    state = StoryboardState()
    board = _board()
    moved = replace(board.scenes[0].cards[1], image_id=99)  # a newer final pick
    state.board_loaded(
        replace(board, scenes=(replace(board.scenes[0], cards=(moved, board.cards[0])),))
    )
    assert state.needs_build_first([2, 1]) == [2, 1]
    assert state.needs_build


def test_cancelled_is_told_by_the_error_kind_not_by_the_message() -> None:
    cancelled = _selection(1, 1, 11, ImageStatus.FAILED, error_kind=ErrorKind.CANCELLED.value)
    cancelled = replace(cancelled, error="Abgebrochen")  # whatever words the row holds
    failed = replace(
        _selection(2, 2, 12, ImageStatus.FAILED, error_kind="model"), error="Cancelled"
    )
    unknown = _selection(3, 3, 13, ImageStatus.FAILED, error_kind="not-a-kind")
    assert error_kind(cancelled) == ErrorKind.CANCELLED
    assert error_kind(failed) == ErrorKind.MODEL
    assert error_kind(unknown) is None
    assert error_kind(_selection(4, 4, 14, ImageStatus.COMPLETE, error_kind="model")) is None
    assert status_text(_card(1, 11, cancelled)) == "Cancelled"
    assert status_text(_card(2, 12, failed)) == "Failed: Cancelled"
    assert _card(1, 11, cancelled).state == CardState.FAILED


def test_loads_coalesce() -> None:
    state = StoryboardState()
    assert state.begin_load()
    assert not state.begin_load()
    assert state.end_load()  # asked again while loading: once more
    assert state.begin_load()
    assert not state.end_load()
