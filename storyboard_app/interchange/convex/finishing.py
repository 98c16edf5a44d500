"""After every table: decide inferred workflow versions, number scenes and shots 1..n, store
each touched project's stage (the store's own `project_facts` and `workflow_stage`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Table, select, update
from sqlalchemy.orm import Session

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.workflow import workflow_stage
from storyboard_app.interchange.convex.rows import NUMBER_KEYS
from storyboard_app.interchange.convex.state import ImportState
from storyboard_app.interchange.convex.writing import RENUMBER_BASE
from storyboard_app.interchange.sql_bulk import CHUNK, bulk_update, table_of
from storyboard_app.store.models import LegacyScene, ProjectScene, SceneShot, VideoProject
from storyboard_app.store.services.stage import project_facts


def finish_projects(session: Session, state: ImportState) -> None:
    """Finish every project whose rows this import changed, CHUNK projects at a time."""
    ids = sorted(state.touched_projects)
    for start in range(0, len(ids), CHUNK):
        _finish_chunk(session, state, ids[start : start + CHUNK])


def _finish_chunk(session: Session, state: ImportState, ids: list[int]) -> None:
    projects = table_of(VideoProject)
    rows = session.execute(select(projects).where(projects.c.id.in_(ids))).all()
    scenes = session.execute(
        select(
            ProjectScene.id,
            ProjectScene.project_id,
            ProjectScene.scene_number,
            ProjectScene.extra,
            ProjectScene.created_at,
            ProjectScene.updated_at,
        ).where(ProjectScene.project_id.in_(ids))
    ).all()
    shots = session.execute(
        select(
            SceneShot.id,
            SceneShot.project_id,
            SceneShot.scene_id,
            SceneShot.shot_number,
            SceneShot.extra,
            SceneShot.created_at,
            SceneShot.updated_at,
        ).where(SceneShot.project_id.in_(ids))
    ).all()
    with_legacy = set(
        session.scalars(
            select(LegacyScene.project_id).where(LegacyScene.project_id.in_(ids)).distinct()
        )
    )
    scenes_of: dict[int, list[Row[Any]]] = {}
    for scene in scenes:
        scenes_of.setdefault(scene.project_id, []).append(scene)
    shots_of: dict[int, list[Row[Any]]] = {}
    for shot in shots:
        shots_of.setdefault(shot.project_id, []).append(shot)
    for project_id in ids:
        _renumber(session, scenes_of.get(project_id, []), shots_of.get(project_id, []))
    facts = project_facts(session, ids)
    for row in rows:
        project_id = row.id
        version = row.workflow_version
        if project_id in state.inferred_version:
            has_v2 = bool(scenes_of.get(project_id))
            version = (
                WorkflowVersion.V2_REDESIGN
                if has_v2 and project_id not in with_legacy
                else WorkflowVersion.V1_LEGACY
            )
        stage = row.redesign_status
        if version == WorkflowVersion.V2_REDESIGN:
            stage = workflow_stage(facts[project_id])
        if version != row.workflow_version or stage != row.redesign_status:
            session.execute(
                update(projects)
                .where(projects.c.id == project_id)
                .values(workflow_version=version, redesign_status=stage, updated_at=row.updated_at)
            )


def _renumber(session: Session, scenes: list[Row[Any]], shots: list[Row[Any]]) -> None:
    _renumber_rows(
        session, table_of(ProjectScene), scenes, "scene_number", NUMBER_KEYS["projectScenes"]
    )
    by_scene: dict[int, list[Row[Any]]] = {}
    for shot in shots:
        by_scene.setdefault(shot.scene_id, []).append(shot)
    for rows in by_scene.values():
        _renumber_rows(session, table_of(SceneShot), rows, "shot_number", NUMBER_KEYS["sceneShots"])


def _renumber_rows(
    session: Session, table: Table, rows: list[Row[Any]], column: str, key: str
) -> None:
    """Number rows 1..n in the order of their Convex numbers (kept in `extra`)."""

    def order(row: Row[Any]) -> tuple[Any, ...]:
        original = (row.extra or {}).get(key)
        number = original if isinstance(original, int) else getattr(row, column)
        return (number, row.created_at, row.id)

    changing = [
        (row, number)
        for number, row in enumerate(sorted(rows, key=order), start=1)
        if getattr(row, column) != number
    ]
    # Through numbers no row holds: unique (parent, number) is checked row by row.
    for step in (RENUMBER_BASE, 0):
        bulk_update(
            session,
            table,
            [
                {"id": row.id, column: number + step, "updated_at": row.updated_at}
                for row, number in changing
            ],
        )
