"""Recomputing and storing a project's workflow stage from its data."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, and_, distinct, func, select
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


def project_facts(session: Session, project_ids: Collection[int]) -> dict[int, ProjectFacts]:
    """Count what the stage depends on, for many projects at once: five grouped, indexed
    queries per CHUNK projects. Every id asked for gets facts (all zero when it has no rows)."""
    ids = sorted(set(project_ids))
    counts: dict[str, dict[int, int]] = {name: {} for name in _FACT_NAMES}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for name, stmt in _fact_queries(chunk).items():
            counts[name].update((int(p), int(n)) for p, n in session.execute(stmt))
    return {
        project_id: ProjectFacts(**{name: counts[name].get(project_id, 0) for name in _FACT_NAMES})
        for project_id in ids
    }


CHUNK = 900  # ids per IN (…): far below every database's limit on bound parameters
_FACT_NAMES = (
    "scenes",
    "shots",
    "shots_with_images",
    "shots_with_final",
    "shots_animated",
    "selections",
    "new_gaps",
)


def _fact_queries(ids: list[int]) -> dict[str, Select[int, int]]:
    """Per fact, a query giving (project id, count) for the projects of `ids` that have any."""
    board = (  # when each project's storyboard last changed
        select(
            StoryboardSelection.project_id.label("project_id"),
            func.max(StoryboardSelection.updated_at).label("changed"),
        )
        .where(StoryboardSelection.project_id.in_(ids))
        .group_by(StoryboardSelection.project_id)
        .subquery()
    )
    return {
        "scenes": select(ProjectScene.project_id, func.count())
        .where(ProjectScene.project_id.in_(ids))
        .group_by(ProjectScene.project_id),
        "shots": select(SceneShot.project_id, func.count())
        .where(SceneShot.project_id.in_(ids))
        .group_by(SceneShot.project_id),
        "shots_with_images": select(ShotImage.project_id, func.count(distinct(ShotImage.shot_id)))
        .where(ShotImage.project_id.in_(ids))
        .group_by(ShotImage.project_id),
        "shots_with_final": select(SceneShot.project_id, func.count())
        .where(SceneShot.project_id.in_(ids), SceneShot.selected_image_id.is_not(None))
        .group_by(SceneShot.project_id),
        "shots_animated": select(StoryboardSelection.project_id, func.count())
        .select_from(StoryboardSelection)
        .join(
            SceneShot,
            and_(
                SceneShot.id == StoryboardSelection.shot_id,
                SceneShot.selected_image_id == StoryboardSelection.selected_image_id,
            ),
        )
        .where(
            StoryboardSelection.project_id.in_(ids),
            StoryboardSelection.animation_status == ImageStatus.COMPLETE,
            StoryboardSelection.stale_reason.is_(None),
        )
        .group_by(StoryboardSelection.project_id),
        "selections": select(StoryboardSelection.project_id, func.count())
        .where(StoryboardSelection.project_id.in_(ids))
        .group_by(StoryboardSelection.project_id),
        # shots without a final added after the board was last built or changed
        "new_gaps": select(SceneShot.project_id, func.count())
        .join(board, board.c.project_id == SceneShot.project_id)
        .where(
            SceneShot.project_id.in_(ids),
            SceneShot.selected_image_id.is_(None),
            SceneShot.created_at > board.c.changed,
        )
        .group_by(SceneShot.project_id),
    }


def refresh_stage(session: Session, project_id: int) -> RedesignStatus | None:
    """Store the derived stage on a v2 project (legacy projects have none); return it."""
    project = session.get(VideoProject, project_id)
    if project is None or project.workflow_version != WorkflowVersion.V2_REDESIGN:
        return None
    stage = workflow_stage(project_facts(session, [project_id])[project_id])
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
