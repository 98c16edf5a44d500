"""Projects: create, list (v1 and v2), rename, delete, duplicate, the planner's brain dump."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain import shot_language
from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.domain.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_PLANNER_CHARS,
    clean_text,
    clean_title,
)
from storyboard_app.store.dto import ProjectInfo, ProjectSummary
from storyboard_app.store.models import (
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)
from storyboard_app.store.services.common import get_or_raise
from storyboard_app.store.services.elements import copy_elements
from storyboard_app.store.services.shot_fields import SHOT_FIELD_COLUMNS
from storyboard_app.store.services.stage import project_changed, refresh_stage
from storyboard_app.store.types import utcnow

TRASHED = "trashed_at"  # key in `extra` of a project deleted on the dashboard, until purged


def _is_trashed(project: VideoProject) -> bool:
    return TRASHED in (project.extra or {})


def project_info(project: VideoProject) -> ProjectInfo:
    return ProjectInfo(
        id=project.id,
        title=project.title,
        description=project.description,
        workflow_version=project.workflow_version,
        redesign_status=project.redesign_status,
        prompt_planner_data=project.prompt_planner_data or "",
        created_at=project.created_at,
        updated_at=project.updated_at,
        aspect_ratio=project.aspect_ratio or "16:9",
        style=project.style or "",
        fps=project.fps or 24,
    )


class ProjectService:
    """Project-level operations; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(self, title: str, description: str = "") -> ProjectInfo:
        title = clean_title(title, "The project title")
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The description")
        with self._sessions.begin() as s:
            project = VideoProject(
                title=title,
                description=description,
                workflow_version=WorkflowVersion.V2_REDESIGN,
                redesign_status=RedesignStatus.PROMPT_PLANNING,
                prompt_planner_data="",
            )
            s.add(project)
            s.flush()
            return project_info(project)

    def get(self, project_id: int) -> ProjectInfo:
        with self._sessions.begin() as s:
            return project_info(get_or_raise(s, VideoProject, project_id))

    def list(self) -> list[ProjectSummary]:
        """Every project, v1 and v2, most recently edited first, in a constant number of queries."""
        with self._sessions.begin() as s:
            ordered = select(VideoProject).order_by(
                VideoProject.updated_at.desc(), VideoProject.id.desc()
            )
            projects = [p for p in s.scalars(ordered) if not _is_trashed(p)]
            scene_counts = dict(
                s.execute(
                    select(ProjectScene.project_id, func.count()).group_by(ProjectScene.project_id)
                ).all()
            )
            legacy_counts = dict(
                s.execute(
                    select(LegacyScene.project_id, func.count()).group_by(LegacyScene.project_id)
                ).all()
            )
            shot_counts = dict(
                s.execute(
                    select(SceneShot.project_id, func.count()).group_by(SceneShot.project_id)
                ).all()
            )
            thumbs = _thumbnails(s)
            return [
                ProjectSummary(
                    id=p.id,
                    title=p.title,
                    description=p.description,
                    workflow_version=p.workflow_version,
                    redesign_status=p.redesign_status,
                    scene_count=int(
                        scene_counts.get(p.id, 0)
                        if p.workflow_version == WorkflowVersion.V2_REDESIGN
                        else legacy_counts.get(p.id, 0)
                    ),
                    shot_count=int(shot_counts.get(p.id, 0)),
                    thumbnail_storage_id=thumbs.get(p.id),
                    created_at=p.created_at,
                    updated_at=p.updated_at,
                )
                for p in projects
            ]

    def rename(self, project_id: int, title: str) -> ProjectInfo:
        title = clean_title(title, "The project title")
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            project.title = title
            return project_info(project)

    def set_description(self, project_id: int, description: str) -> ProjectInfo:
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The description")
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            project.description = description
            return project_info(project)

    def set_look(
        self,
        project_id: int,
        *,
        title: str | None = None,
        aspect_ratio: str | None = None,
        style: str | None = None,
        fps: int | None = None,
    ) -> ProjectInfo:
        """Change the title and the look (aspect ratio, style text, frame rate); images made
        before keep the ratio and style they recorded."""
        title = clean_title(title, "The project title") if title is not None else None
        ratio = shot_language.aspect_ratio(aspect_ratio) if aspect_ratio is not None else None
        style = clean_text(style, MAX_DESCRIPTION_CHARS, "The style") if style is not None else None
        rate = shot_language.frame_rate(fps) if fps is not None else None
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            if title is not None:
                project.title = title
            if ratio is not None:
                project.aspect_ratio = ratio
            if style is not None:
                project.style = style.strip()
            if rate is not None:
                project.fps = rate
            return project_info(project)

    def set_planner_text(self, project_id: int, text: str) -> ProjectInfo:
        text = clean_text(text, MAX_PLANNER_CHARS, "The planner text")
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            if project.prompt_planner_data != text:
                project.prompt_planner_data = text
            return project_info(project)

    def delete(self, project_id: int) -> None:
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            # Break the shot → image reference first so the cascade has no cycle to fight.
            for shot in s.scalars(select(SceneShot).where(SceneShot.project_id == project_id)):
                shot.selected_image_id = None
            s.flush()
            s.delete(project)

    # -- the dashboard's undoable delete: trash now, purge later --------------------------

    def trash(self, project_id: int) -> ProjectInfo:
        """Hide a project from every list at once (persisted, so a crash keeps it hidden)."""
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            project.extra = {**(project.extra or {}), TRASHED: utcnow().isoformat()}
            return project_info(project)

    def restore(self, project_id: int) -> ProjectInfo:
        """Undo `trash`."""
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            project.extra = {k: v for k, v in (project.extra or {}).items() if k != TRASHED}
            return project_info(project)

    def purge_trashed(self) -> int:
        """Delete every trashed project for good; returns how many."""
        with self._sessions.begin() as s:
            ids = [p.id for p in s.scalars(select(VideoProject)) if _is_trashed(p)]
        for project_id in ids:
            self.delete(project_id)
        return len(ids)

    def refresh_stage(self, project_id: int) -> RedesignStatus | None:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            return refresh_stage(s, project_id)

    def duplicate(self, project_id: int, title: str | None = None) -> ProjectInfo:
        """Copy a project with its scenes, shots, images and selections (media is shared)."""
        with self._sessions.begin() as s:
            source = get_or_raise(s, VideoProject, project_id)
            copy = VideoProject(
                title=clean_title(title or f"{source.title} (copy)"[:200], "The project title"),
                description=source.description,
                workflow_version=source.workflow_version,
                redesign_status=source.redesign_status,
                prompt_planner_data=source.prompt_planner_data,
                status=source.status,
                extra=dict(source.extra or {}),
                aspect_ratio=source.aspect_ratio,
                style=source.style,
                fps=source.fps,
            )
            s.add(copy)
            s.flush()
            _copy_v2_rows(s, source.id, copy.id)
            copy_elements(s, source.id, copy.id)
            _copy_legacy_rows(s, source, copy)
            project_changed(s, copy.id)
            return project_info(copy)


def _thumbnails(s: Session) -> dict[int, str | None]:
    """Per project: the first final pick in scene/shot order, else the latest complete image."""
    result: dict[int, str | None] = {}
    finals = s.execute(
        select(SceneShot.project_id, ShotImage.image_storage_id)
        .join(ShotImage, ShotImage.id == SceneShot.selected_image_id)
        .join(ProjectScene, ProjectScene.id == SceneShot.scene_id)
        .where(ShotImage.image_storage_id.is_not(None))
        .order_by(ProjectScene.scene_number.desc(), SceneShot.shot_number.desc())
    ).all()
    for project_id, storage_id in finals:
        result[project_id] = storage_id  # the last write is the first shot
    # The newest complete image per project, in standard SQL (PostgreSQL has no bare columns
    # beside max()): its id per project, then its row.
    newest = (
        select(func.max(ShotImage.id))
        .where(ShotImage.status == ImageStatus.COMPLETE, ShotImage.image_storage_id.is_not(None))
        .group_by(ShotImage.project_id)
    )
    latest = s.execute(
        select(ShotImage.project_id, ShotImage.image_storage_id).where(ShotImage.id.in_(newest))
    ).all()
    for project_id, storage_id in latest:
        result.setdefault(project_id, storage_id)
    legacy = s.execute(
        select(LegacyScene.project_id, LegacyScene.image_storage_id)
        .where(LegacyScene.image_storage_id.is_not(None))
        .order_by(LegacyScene.scene_number.desc())
    ).all()
    first_legacy = dict(legacy)  # the last write per project is its first scene
    for project_id, storage_id in first_legacy.items():
        result.setdefault(project_id, storage_id)
    return result


def _copy_v2_rows(s: Session, source_id: int, target_id: int) -> None:
    scene_map: dict[int, int] = {}
    shot_map: dict[int, int] = {}
    image_map: dict[int, int] = {}
    for scene in s.scalars(
        select(ProjectScene).where(ProjectScene.project_id == source_id).order_by(ProjectScene.id)
    ):
        new = ProjectScene(
            project_id=target_id,
            scene_number=scene.scene_number,
            title=scene.title,
            description=scene.description,
            extra=dict(scene.extra or {}),
        )
        s.add(new)
        s.flush()
        scene_map[scene.id] = new.id
    shots = s.scalars(
        select(SceneShot).where(SceneShot.project_id == source_id).order_by(SceneShot.id)
    ).all()
    for shot in shots:
        new_shot = SceneShot(
            project_id=target_id,
            scene_id=scene_map[shot.scene_id],
            shot_number=shot.shot_number,
            description=shot.description,
            initial_prompt=shot.initial_prompt,
            extra=dict(shot.extra or {}),
            **{name: getattr(shot, name) for name in SHOT_FIELD_COLUMNS},
        )
        s.add(new_shot)
        s.flush()
        shot_map[shot.id] = new_shot.id
    images = s.scalars(
        select(ShotImage).where(ShotImage.project_id == source_id).order_by(ShotImage.id)
    ).all()
    for image in images:
        new_image = ShotImage(
            project_id=target_id,
            scene_id=scene_map[image.scene_id],
            shot_id=shot_map[image.shot_id],
            iteration_number=image.iteration_number,
            variant_number=image.variant_number,
            image_url=image.image_url,
            image_storage_id=image.image_storage_id,
            iteration_prompt=image.iteration_prompt,
            parent_image_id=image_map.get(image.parent_image_id or -1),
            replicate_image_id=image.replicate_image_id,
            # A copy never resumes someone else's running prediction.
            status=ImageStatus.FAILED if image.status.is_active else image.status,
            error="Not copied while it was still running."
            if image.status.is_active
            else image.error,
            is_favorite=image.is_favorite,
            is_rejected=image.is_rejected,  # the cost stays with the original: paid once
            generation_params=dict(image.generation_params or {}),
            extra=dict(image.extra or {}),
        )
        s.add(new_image)
        s.flush()
        image_map[image.id] = new_image.id
    for shot in shots:
        if shot.selected_image_id is not None:
            copied = s.get(SceneShot, shot_map[shot.id])
            assert copied is not None
            copied.selected_image_id = image_map.get(shot.selected_image_id)
    for sel in s.scalars(
        select(StoryboardSelection).where(StoryboardSelection.project_id == source_id)
    ):
        if sel.selected_image_id not in image_map:
            continue
        s.add(
            StoryboardSelection(
                project_id=target_id,
                scene_id=scene_map[sel.scene_id],
                shot_id=shot_map[sel.shot_id],
                selected_image_id=image_map[sel.selected_image_id],
                animation_status=(
                    ImageStatus.FAILED
                    if sel.animation_status and sel.animation_status.is_active
                    else sel.animation_status
                ),
                animated_video_url=sel.animated_video_url,
                replicate_video_id=sel.replicate_video_id,
                video_storage_id=sel.video_storage_id,
                animated_image_id=image_map.get(sel.animated_image_id or -1),
                stale_reason=sel.stale_reason,
                motion_prompt=sel.motion_prompt,
                duration_seconds=sel.duration_seconds,
                animation_params=dict(sel.animation_params or {}),
                error=sel.error,
                extra=dict(sel.extra or {}),
            )
        )


def _copy_legacy_rows(s: Session, source: VideoProject, target: VideoProject) -> None:
    from storyboard_app.store.models import VideoClip

    for scene in source.legacy_scenes:
        new_scene = LegacyScene(
            project_id=target.id,
            scene_number=scene.scene_number,
            title=scene.title,
            description=scene.description,
            prompt=scene.prompt,
            image_url=scene.image_url,
            image_storage_id=scene.image_storage_id,
            replicate_image_id=scene.replicate_image_id,
            status=scene.status,
            archived_at=scene.archived_at,
            extra=dict(scene.extra or {}),
        )
        s.add(new_scene)
        s.flush()
        for clip in scene.clips:
            s.add(
                VideoClip(
                    project_id=target.id,
                    scene_id=new_scene.id,
                    prompt=clip.prompt,
                    video_url=clip.video_url,
                    video_storage_id=clip.video_storage_id,
                    replicate_video_id=clip.replicate_video_id,
                    status=clip.status,
                    duration_seconds=clip.duration_seconds,
                    archived_at=clip.archived_at,
                    extra=dict(clip.extra or {}),
                )
            )
