"""The iterator's Qt-free state: which shot, which round, what is in flight — no widgets."""

from __future__ import annotations

from dataclasses import replace

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo, RoundSummary, SceneInfo, ShotInfo
from storyboard_app.ui.iterator.data import RoundView, ShotView
from storyboard_app.ui.iterator.state import (
    InFlight,
    IteratorState,
    first_open_shot,
    planned_round,
    round_caption,
)


def _shot(shot_id: int, scene_id: int, number: int, final: int | None = None) -> ShotInfo:
    return ShotInfo(shot_id, 1, scene_id, number, f"shot {shot_id}", f"prompt {shot_id}", final)


def _scenes() -> list[SceneInfo]:
    return [
        SceneInfo(10, 1, 1, "Dawn", "", (_shot(1, 10, 1, final=100), _shot(2, 10, 2))),
        SceneInfo(20, 1, 2, "Storm", "", (_shot(3, 20, 1),)),
    ]


def _image(
    image_id: int,
    variant: int,
    *,
    shot_id: int = 2,
    iteration: int = 0,
    status: ImageStatus = ImageStatus.PENDING,
    parent: int | None = None,
) -> ImageInfo:
    return ImageInfo(
        image_id, 1, 10, shot_id, iteration, variant, status, False, parent, "a <b>lighthouse</b>",
        "", None, None,
    )  # fmt: skip


def _summary(iteration: int) -> RoundSummary:
    return RoundSummary(iteration, None, None, None, None, 6, 6, 0, 0, 0, "p")


def _opened(state: IteratorState, shot_id: int = 2, rounds: int = 2) -> RoundView:
    """The state after shot `shot_id` opened on its latest round (all six pending)."""
    state.scenes = _scenes()
    view = RoundView(shot_id, rounds - 1, tuple(_image(50 + v, v) for v in range(6)), None)
    shot = next(s for sc in state.scenes for s in sc.shots if s.id == shot_id)
    serial = state.next_serial()
    assert state.shot_view_loaded(
        serial, ShotView(shot, tuple(_summary(i) for i in range(rounds)), view, rounds - 1)
    )
    state.round = view
    return view


def test_a_new_project_forgets_everything_the_same_one_keeps_it() -> None:
    state = IteratorState()
    assert state.open_project(1)
    _opened(state)
    state.shot_images = []
    assert not state.open_project(1)
    assert state.shot is not None and state.shot_images == []
    assert state.open_project(2)
    assert (state.shot, state.round, state.shot_images, state.rounds) == (None, None, None, [])


def test_scenes_choose_the_shot_to_open() -> None:
    state = IteratorState()
    state.open_project(1)
    # First opening: the first shot without a final pick.
    assert state.scenes_loaded(_scenes(), open_after=True) == 2
    assert first_open_shot(_scenes()) == 2
    # The shot last shown in this project wins over the first open one.
    state.last_shot[1] = 3
    assert state.scenes_loaded(_scenes(), open_after=True) == 3
    # A refresh keeps the shown shot and takes its fresh fields (here: a final pick).
    _opened(state, shot_id=2)
    fresh = [replace(_scenes()[0], shots=(_shot(1, 10, 1), _shot(2, 10, 2, final=55)))]
    assert state.scenes_loaded(fresh + _scenes()[1:], open_after=False) is None
    assert state.shot is not None and state.shot.selected_image_id == 55
    # The shown shot was deleted: open another one.
    assert state.scenes_loaded([_scenes()[1]], open_after=False) == 3
    # No shots at all: nothing shown.
    assert state.scenes_loaded([], open_after=True) is None and state.shot is None


def test_a_late_shot_load_is_dropped_and_a_new_shot_forgets_the_old_images() -> None:
    state = IteratorState()
    state.open_project(1)
    _opened(state, shot_id=2)
    state.shot_images = [_image(50, 0)]
    stale = state.next_serial()
    newer = state.next_serial()
    other = ShotView(_shot(3, 20, 1), (), None, None)
    assert state.shot_view_loaded(stale, other) is None  # the user moved on meanwhile
    assert state.shot is not None and state.shot.id == 2
    assert state.shot_view_loaded(newer, other) is True
    assert state.shot is not None and state.shot.id == 3 and state.shot_images is None
    assert state.last_shot == {1: 3}
    assert state.shot_view_loaded(state.next_serial(), other) is False  # same shot again


def test_stepping_through_shots_and_rounds_stops_at_the_ends() -> None:
    state = IteratorState()
    assert state.shot_after(1) is None and state.round_after(-1) is None
    state.open_project(1)
    state.scenes = _scenes()
    assert state.shot_after(1) == 1  # nothing shown yet: the first shot
    _opened(state, shot_id=2, rounds=3)
    assert (state.shot_after(-1), state.shot_after(1), state.shot_after(2)) == (1, 3, None)
    assert (state.round_after(-1), state.round_after(1), state.round_after(-2)) == (1, None, 0)
    assert state.round_after(-3) is None


def test_variants_update_the_round_until_it_settles() -> None:
    state = IteratorState()
    state.open_project(1)
    view = _opened(state)
    state.shot_images = list(view.images)
    assert len(state.active_images()) == 6

    for variant, image in enumerate(view.images):
        update = state.image_changed(replace(image, status=ImageStatus.COMPLETE))
        assert update.in_shot and update.in_round
        assert update.round_settled == (variant == 5)
    assert state.active_images() == []
    assert state.shot_images is not None
    assert all(i.status == ImageStatus.COMPLETE for i in state.shot_images)

    elsewhere = state.image_changed(_image(900, 0, shot_id=3))
    assert not elsewhere.in_shot and not elsewhere.round_settled
    older_round = state.image_changed(_image(901, 0, iteration=0))
    assert older_round.in_shot and not older_round.in_round


def test_a_poll_reports_only_variants_that_moved() -> None:
    state = IteratorState()
    state.open_project(1)
    view = _opened(state)
    moved = replace(view.images[2], status=ImageStatus.PROCESSING)
    submitted = replace(view.images[4], replicate_image_id="pred-1")
    assert state.polled([*view.images[:2], moved, view.images[3], submitted]) == [moved, submitted]


def test_a_planned_round_of_the_shown_shot_supersedes_loads_in_flight() -> None:
    state = IteratorState()
    state.open_project(1)
    _opened(state)
    parent = _image(40, 3, iteration=0, status=ImageStatus.COMPLETE)
    images = [_image(60 + v, v, iteration=2, parent=40) for v in range(6)]
    in_flight = state.serial
    assert state.round_is_new(images)
    assert state.serial != in_flight  # a round load started before now will be dropped
    planned = planned_round(images, parent)
    assert planned.parent == parent and planned.iteration == 2
    assert planned_round(images, _image(41, 0)).parent is None  # another parent was chosen
    assert not state.round_is_new([_image(70, 0, shot_id=3)])


def test_the_final_pick_and_the_words_shown() -> None:
    state = IteratorState()
    state.open_project(1)
    view = _opened(state)
    assert state.final_selected(_image(80, 0, shot_id=3)) == (False, None)
    assert state.final_selected(view.images[1]) == (True, None)
    assert state.is_final(view.images[1]) and not state.is_final(view.images[0])
    assert state.final_selected(view.images[2]) == (True, view.images[1].id)
    title, tip = state.shot_title()
    assert "Scene 1 · Shot 2" in title and "(final chosen)" in title
    assert tip == "Initial prompt: prompt 2"
    caption = round_caption(view)
    assert caption.startswith("<b>Round 1</b> · from the prompt")
    assert "&lt;b&gt;lighthouse" in caption  # the prompt is text, not markup


def test_in_flight_runs_once_more_after_a_burst() -> None:
    load = InFlight()
    assert load.begin()
    assert not load.begin() and not load.begin()  # a burst while it runs ...
    assert load.end()  # ... runs it once more
    assert load.begin()
    assert not load.end()
    assert load.begin() and load.begin(force=True)
