"""The workflow stage of a project as one pure function of its data."""

from dataclasses import dataclass

from storyboard_app.domain.enums import RedesignStatus


@dataclass(frozen=True)
class ProjectFacts:
    """The counts the stage depends on."""

    scenes: int
    shots: int
    shots_with_images: int
    shots_with_final: int
    shots_animated: int  # shots whose selection has a complete, current clip
    selections: int = 0  # shots placed on the storyboard (built from their finals)
    new_gaps: int = 0  # shots without a final added since the storyboard last changed


def workflow_stage(facts: ProjectFacts) -> RedesignStatus:
    """Derive `redesign_status`; it moves back when the data says so.

    Once a storyboard is built, a shot that was already without a final is a gap in it (a
    still in the animatic), not a reason to call the project "iterating": the stage follows
    the shots on the board, and is "animated" when each of them has a current clip. A new
    shot without a final (added after the board) moves the stage back to iterating. Before a
    board exists, every shot needs a final to reach the storyboard stage.
    """
    if facts.scenes == 0:
        return RedesignStatus.PROMPT_PLANNING
    if facts.shots == 0 or facts.shots_with_images == 0:
        return RedesignStatus.SCENES_SETUP
    on_board = facts.selections > 0 and facts.shots_with_final > 0
    if facts.shots_with_final < facts.shots and (not on_board or facts.new_gaps > 0):
        return RedesignStatus.SHOT_ITERATION
    needed = facts.shots_with_final if on_board else facts.shots
    if facts.shots_animated < needed:
        return RedesignStatus.STORYBOARD_FINAL
    return RedesignStatus.ANIMATION_COMPLETE
