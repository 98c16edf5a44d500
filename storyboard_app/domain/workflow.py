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


def workflow_stage(facts: ProjectFacts) -> RedesignStatus:
    """Derive `redesign_status`; it moves back when the data says so."""
    if facts.scenes == 0:
        return RedesignStatus.PROMPT_PLANNING
    if facts.shots == 0 or facts.shots_with_images == 0:
        return RedesignStatus.SCENES_SETUP
    if facts.shots_with_final < facts.shots:
        return RedesignStatus.SHOT_ITERATION
    if facts.shots_animated < facts.shots:
        return RedesignStatus.STORYBOARD_FINAL
    return RedesignStatus.ANIMATION_COMPLETE
