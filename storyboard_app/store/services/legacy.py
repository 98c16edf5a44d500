"""Read-only access to the rows of legacy (v1) projects: their scenes and video clips."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.store.dto import LegacyClipInfo, LegacySceneInfo
from storyboard_app.store.models import LegacyScene, VideoClip, VideoProject
from storyboard_app.store.services.common import get_or_raise


@dataclass(frozen=True)
class LegacyProjectView:
    """Everything the read-only page of a legacy project shows, in scene order."""

    project_id: int
    title: str
    description: str
    workflow_version: WorkflowVersion
    scenes: tuple[LegacySceneInfo, ...]
    clips: tuple[LegacyClipInfo, ...]

    @property
    def migrated(self) -> bool:
        """True once the project moved to the new workflow (its legacy rows are archived)."""
        return self.workflow_version == WorkflowVersion.V2_REDESIGN

    def clips_of(self, scene_id: int | None) -> tuple[LegacyClipInfo, ...]:
        """The clips of one scene (None: clips that belong to no scene)."""
        return tuple(c for c in self.clips if c.scene_id == scene_id)


def _scene_info(scene: LegacyScene) -> LegacySceneInfo:
    return LegacySceneInfo(
        id=scene.id,
        scene_number=scene.scene_number,
        title=scene.title or "",
        description=scene.description or "",
        prompt=scene.prompt or "",
        image_url=scene.image_url,
        image_storage_id=scene.image_storage_id,
        status=scene.status,
        archived=scene.archived_at is not None,
    )


def _clip_info(clip: VideoClip) -> LegacyClipInfo:
    return LegacyClipInfo(
        id=clip.id,
        scene_id=clip.scene_id,
        prompt=clip.prompt or "",
        video_url=clip.video_url,
        video_storage_id=clip.video_storage_id,
        status=clip.status,
        duration_seconds=clip.duration_seconds,
        archived=clip.archived_at is not None,
    )


def legacy_scenes(s: Session, project_id: int) -> list[LegacySceneInfo]:
    """The project's legacy scenes by number (archived ones included)."""
    rows = s.scalars(
        select(LegacyScene)
        .where(LegacyScene.project_id == project_id)
        .order_by(LegacyScene.scene_number, LegacyScene.id)
    ).all()
    return [_scene_info(row) for row in rows]


def legacy_clips(s: Session, project_id: int) -> list[LegacyClipInfo]:
    """The project's video clips in creation order (archived ones included)."""
    rows = s.scalars(
        select(VideoClip)
        .where(VideoClip.project_id == project_id)
        .order_by(VideoClip.created_at, VideoClip.id)
    ).all()
    return [_clip_info(row) for row in rows]


class LegacyService:
    """Reads legacy scenes and clips as DTOs; never writes (each method is one unit of work)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def scenes(self, project_id: int) -> list[LegacySceneInfo]:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            return legacy_scenes(s, project_id)

    def clips(self, project_id: int) -> list[LegacyClipInfo]:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            return legacy_clips(s, project_id)

    def view(self, project_id: int) -> LegacyProjectView:
        """The project, its scenes and its clips, read in one transaction."""
        with self._sessions.begin() as s:
            project = get_or_raise(s, VideoProject, project_id)
            return LegacyProjectView(
                project_id=project.id,
                title=project.title,
                description=project.description or "",
                workflow_version=project.workflow_version,
                scenes=tuple(legacy_scenes(s, project_id)),
                clips=tuple(legacy_clips(s, project_id)),
            )
