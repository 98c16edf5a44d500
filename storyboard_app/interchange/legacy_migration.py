"""Migrating legacy (v1) projects to the new workflow: scene → scene + one shot + its image.

One transaction per project after a backup of the database file. Legacy rows are kept and
marked archived (`archived_at`, `migrated_scene_id`), which also makes a second run a no-op.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from storyboard_app.domain.enums import ImageStatus, WorkflowVersion
from storyboard_app.interchange.reports import MigrationReport, SkippedItem
from storyboard_app.store.models import (
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoClip,
    VideoProject,
)
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.common import get_or_raise, lock_project, take_write_lock
from storyboard_app.store.services.stage import project_changed

_DONE_STATUSES = {"complete", "completed", "done", "succeeded", "success", "ready"}


def _needs_migration(store: Store, project_id: int) -> tuple[str, str, bool, bool]:
    """(title, version, has unarchived legacy scenes, has unarchived clips)."""
    with store.sessions.begin() as s:
        project = get_or_raise(s, VideoProject, project_id)
        scenes = s.scalar(
            select(func.count()).where(
                LegacyScene.project_id == project_id, LegacyScene.migrated_scene_id.is_(None)
            )
        )
        clips = s.scalar(
            select(func.count()).where(
                VideoClip.project_id == project_id, VideoClip.archived_at.is_(None)
            )
        )
        return project.title, project.workflow_version.value, bool(scenes), bool(clips)


def _make_backup(store: Store) -> Path | None:
    return store.backup("migration")


def migrate_project(store: Store, project_id: int) -> MigrationReport:
    """Migrate one project (backup first); a project already migrated is left unchanged."""
    title, version, has_scenes, has_clips = _needs_migration(store, project_id)
    if not has_scenes and not has_clips and version == WorkflowVersion.V2_REDESIGN:
        outcome = "nothing_to_migrate"
        with store.sessions.begin() as s:
            archived = s.scalar(
                select(LegacyScene.id).where(LegacyScene.project_id == project_id).limit(1)
            )
        if archived is not None:
            outcome = "already_migrated"
        return MigrationReport(project_id, title, outcome)
    backup = _make_backup(store)
    return _migrate(store, project_id, backup)


def migrate_all(store: Store) -> list[MigrationReport]:
    """Migrate every project that still has legacy rows; one backup, then one transaction each."""
    with store.sessions.begin() as s:
        ids = list(
            s.scalars(
                select(VideoProject.id)
                .where(VideoProject.workflow_version == WorkflowVersion.V1_LEGACY)
                .union(
                    select(LegacyScene.project_id).where(LegacyScene.migrated_scene_id.is_(None))
                )
                .order_by(VideoProject.id)
            )
        )
    if not ids:
        return []
    backup = _make_backup(store)
    return [_migrate(store, project_id, backup) for project_id in ids]


def _clip_of(clips: list[VideoClip]) -> VideoClip | None:
    """The clip a scene's storyboard selection should carry: the newest finished one."""
    usable = [c for c in clips if c.video_storage_id or c.video_url]
    finished = [c for c in usable if (c.status or "complete").lower() in _DONE_STATUSES]
    pool = finished or []
    if not pool:
        return None
    return max(pool, key=lambda c: (c.video_storage_id is not None, c.created_at, c.id))


def _migrate(store: Store, project_id: int, backup: Path | None) -> MigrationReport:
    now = datetime.now(UTC)
    skipped: list[SkippedItem] = []
    counts = {"scenes": 0, "shots": 0, "images": 0, "selections": 0, "clips": 0}
    with store.sessions.begin() as s:
        take_write_lock(s)  # the scene numbers read next stay free until the commit
        lock_project(s, project_id)
        project = get_or_raise(s, VideoProject, project_id)
        legacy = s.scalars(
            select(LegacyScene)
            .where(LegacyScene.project_id == project_id, LegacyScene.migrated_scene_id.is_(None))
            .order_by(LegacyScene.scene_number, LegacyScene.created_at, LegacyScene.id)
        ).all()
        clips = s.scalars(
            select(VideoClip)
            .where(VideoClip.project_id == project_id, VideoClip.archived_at.is_(None))
            .order_by(VideoClip.id)
        ).all()
        clips_by_scene: dict[int | None, list[VideoClip]] = {}
        for clip in clips:
            clips_by_scene.setdefault(clip.scene_id, []).append(clip)
        next_number = (
            s.scalar(
                select(func.max(ProjectScene.scene_number)).where(
                    ProjectScene.project_id == project_id
                )
            )
            or 0
        ) + 1
        for old in legacy:
            scene = ProjectScene(
                project_id=project_id,
                scene_number=next_number,
                title=(old.title or f"Scene {old.scene_number}")[:200],
                description=old.description or "",
                created_at=old.created_at,
                updated_at=old.updated_at,
                extra={"migrated_from_legacy_scene": old.id},
            )
            next_number += 1
            s.add(scene)
            s.flush()
            shot = SceneShot(
                project_id=project_id,
                scene_id=scene.id,
                shot_number=1,
                description=old.description or "",
                initial_prompt=old.prompt or "",
                created_at=old.created_at,
                updated_at=old.updated_at,
            )
            s.add(shot)
            s.flush()
            counts["scenes"] += 1
            counts["shots"] += 1
            image = None
            if old.image_storage_id or old.image_url:
                image = ShotImage(
                    project_id=project_id,
                    scene_id=scene.id,
                    shot_id=shot.id,
                    iteration_number=0,
                    variant_number=0,
                    image_url=old.image_url or "",
                    image_storage_id=old.image_storage_id,
                    iteration_prompt=old.prompt or "",
                    replicate_image_id=old.replicate_image_id,
                    status=ImageStatus.COMPLETE,
                    generation_params={"migrated_from": "legacy_scene", "legacy_scene_id": old.id},
                    created_at=old.created_at,
                    updated_at=old.updated_at,
                )
                s.add(image)
                s.flush()
                shot.selected_image_id = image.id
                counts["images"] += 1
            scene_clips = clips_by_scene.pop(old.id, [])
            chosen = _clip_of(scene_clips)
            if chosen is not None and image is not None:
                clip = chosen
                s.add(
                    StoryboardSelection(
                        project_id=project_id,
                        scene_id=scene.id,
                        shot_id=shot.id,
                        selected_image_id=image.id,
                        animated_image_id=image.id,
                        animation_status=ImageStatus.COMPLETE,
                        animated_video_url=clip.video_url,
                        replicate_video_id=clip.replicate_video_id,
                        video_storage_id=clip.video_storage_id,
                        motion_prompt=clip.prompt or "",
                        duration_seconds=(
                            clip.duration_seconds
                            if clip.duration_seconds and clip.duration_seconds > 0
                            else None
                        ),
                        created_at=clip.created_at,
                        updated_at=clip.updated_at,
                        extra={"migrated_from_video_clip": clip.id},
                    )
                )
                counts["selections"] += 1
            elif chosen is not None:
                skipped.append(
                    SkippedItem(
                        "video_clips",
                        chosen.source_id or str(chosen.id),
                        f"the clip of legacy scene {old.scene_number} has no image to be "
                        "animated from, so it has no storyboard selection (it stays archived)",
                    )
                )
            for other in scene_clips:
                if other is not chosen:
                    why = (
                        "an older or unfinished clip of the same scene; kept archived"
                        if chosen is not None
                        else "the clip has no finished video; kept archived"
                    )
                    skipped.append(
                        SkippedItem("video_clips", other.source_id or str(other.id), why)
                    )
            old.archived_at = now
            old.migrated_scene_id = scene.id
        for orphans in clips_by_scene.values():
            for orphan in orphans:
                skipped.append(
                    SkippedItem(
                        "video_clips",
                        orphan.source_id or str(orphan.id),
                        "the clip belongs to no scene of this project; kept archived",
                    )
                )
        for each in clips:
            each.archived_at = now
            counts["clips"] += 1
        project.workflow_version = WorkflowVersion.V2_REDESIGN
        s.flush()
        stage = project_changed(s, project_id)
        return MigrationReport(
            project_id=project_id,
            title=project.title,
            outcome="migrated",
            scenes=counts["scenes"],
            shots=counts["shots"],
            images=counts["images"],
            selections=counts["selections"],
            archived_scenes=len(legacy),
            archived_clips=counts["clips"],
            redesign_status=stage.value if stage else None,
            backup=str(backup) if backup else None,
            skipped=tuple(skipped),
        )
