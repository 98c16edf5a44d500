"""The workflow stage follows the data forward to storyboard and animated, and back."""

from __future__ import annotations

from storyboard_app.domain.enums import RedesignStatus
from storyboard_app.domain.workflow import ProjectFacts, workflow_stage


def facts(**counts: int) -> ProjectFacts:
    base = dict(scenes=2, shots=4, shots_with_images=4, shots_with_final=3, shots_animated=0)
    base.update(counts)
    return ProjectFacts(**base)


def test_a_built_storyboard_with_a_gap_is_at_the_storyboard_stage() -> None:
    # Three finals out of four shots, storyboard built: the fourth shot is a gap on the board.
    assert workflow_stage(facts(selections=3)) == RedesignStatus.STORYBOARD_FINAL


def test_a_shot_without_a_final_added_after_the_board_moves_the_stage_back() -> None:
    assert workflow_stage(facts(selections=3, new_gaps=1)) == RedesignStatus.SHOT_ITERATION
    assert workflow_stage(facts(selections=3, shots_animated=3, new_gaps=1)) == (
        RedesignStatus.SHOT_ITERATION
    )


def test_every_pick_on_the_board_animated_is_animated() -> None:
    assert workflow_stage(facts(selections=3, shots_animated=3)) == (
        RedesignStatus.ANIMATION_COMPLETE
    )
    assert workflow_stage(facts(selections=3, shots_animated=2)) == (
        RedesignStatus.STORYBOARD_FINAL
    )


def test_without_a_board_every_shot_needs_a_final() -> None:
    assert workflow_stage(facts()) == RedesignStatus.SHOT_ITERATION
    assert workflow_stage(facts(shots_with_final=4)) == RedesignStatus.STORYBOARD_FINAL
    assert workflow_stage(facts(shots_with_final=4, shots_animated=4)) == (
        RedesignStatus.ANIMATION_COMPLETE
    )


def test_the_stage_moves_back_when_the_data_does() -> None:
    assert workflow_stage(facts(scenes=0, shots=0, shots_with_images=0, shots_with_final=0)) == (
        RedesignStatus.PROMPT_PLANNING
    )
    assert workflow_stage(facts(shots_with_images=0, shots_with_final=0)) == (
        RedesignStatus.SCENES_SETUP
    )
    # Finals all taken away again: the board's selections alone do not hold the stage up.
    assert workflow_stage(facts(shots_with_final=0, selections=3)) == (
        RedesignStatus.SHOT_ITERATION
    )
