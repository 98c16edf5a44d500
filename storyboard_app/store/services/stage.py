"""Recomputing and storing a project's workflow stage from its data."""

from __future__ import annotations

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.domain.workflow import ProjectFacts, workflow_stage
from storyboard_app.store.models import (
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)
from storyboard_app.store.types import utcnow


def project_facts(session: Session, project_id: int) -> ProjectFacts:
    """Count what the stage depends on, in a few small indexed queries."""

    def scalar(stmt: object) -> int:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]

    board_changed = session.scalar(
        select(func.max(StoryboardSelection.updated_at)).where(
            StoryboardSelection.project_id == project_id
        )
    )
    new_gaps = (
        0
        if board_changed is None
        else scalar(
            select(func.count()).where(
                SceneShot.project_id == project_id,
                SceneShot.selected_image_id.is_(None),
                SceneShot.created_at > board_changed,
            )
        )
    )

    return ProjectFacts(
        scenes=scalar(select(func.count()).where(ProjectScene.project_id == project_id)),
        shots=scalar(select(func.count()).where(SceneShot.project_id == project_id)),
        shots_with_images=scalar(
            select(func.count(distinct(ShotImage.shot_id))).where(
                ShotImage.project_id == project_id
            )
        ),
        shots_with_final=scalar(
            select(func.count()).where(
                SceneShot.project_id == project_id, SceneShot.selected_image_id.is_not(None)
            )
        ),
        shots_animated=scalar(
            select(func.count())
            .select_from(StoryboardSelection)
            .join(
                SceneShot,
                and_(
                    SceneShot.id == StoryboardSelection.shot_id,
                    SceneShot.selected_image_id == StoryboardSelection.selected_image_id,
                ),
            )
            .where(
                StoryboardSelection.project_id == project_id,
                StoryboardSelection.animation_status == ImageStatus.COMPLETE,
                StoryboardSelection.stale_reason.is_(None),
            )
        ),
        selections=scalar(
            select(func.count())
            .select_from(StoryboardSelection)
            .where(StoryboardSelection.project_id == project_id)
        ),
        new_gaps=new_gaps,
    )


def refresh_stage(session: Session, project_id: int) -> RedesignStatus | None:
    """Store the derived stage on a v2 project (legacy projects have none); return it."""
    project = session.get(VideoProject, project_id)
    if project is None or project.workflow_version != WorkflowVersion.V2_REDESIGN:
        return None
    stage = workflow_stage(project_facts(session, project_id))
    if project.redesign_status != stage:
        project.redesign_status = stage
    return stage


def project_changed(session: Session, project_id: int) -> RedesignStatus | None:
    """Mark the project edited now and re-derive its stage; call after every relevant change."""
    project = session.get(VideoProject, project_id)
    if project is None:
        return None
    project.updated_at = utcnow()
    return refresh_stage(session, project_id)
