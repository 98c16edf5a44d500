"""Helpers the services share: fetching by id with a clear error, ORM → DTO conversion."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from storyboard_app.domain.errors import NotFoundError
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.models import (
    Base,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)

M = TypeVar("M", bound=Base)

_NAMES: dict[type[Base], str] = {
    VideoProject: "project",
    ProjectScene: "scene",
    SceneShot: "shot",
    ShotImage: "image",
    StoryboardSelection: "storyboard selection",
}


def get_or_raise(session: Session, model: type[M], row_id: int) -> M:
    """Load a row by id or raise NotFoundError naming what is missing."""
    row = session.get(model, row_id)
    if row is None:
        name = _NAMES.get(model, model.__tablename__)
        raise NotFoundError(f"There is no {name} with id {row_id}. Check the number and try again.")
    return row


def image_info(image: ShotImage) -> ImageInfo:
    return ImageInfo(
        id=image.id,
        project_id=image.project_id,
        scene_id=image.scene_id,
        shot_id=image.shot_id,
        iteration_number=image.iteration_number,
        variant_number=image.variant_number,
        status=image.status,
        is_favorite=image.is_favorite,
        parent_image_id=image.parent_image_id,
        iteration_prompt=image.iteration_prompt,
        image_url=image.image_url,
        image_storage_id=image.image_storage_id,
        replicate_image_id=image.replicate_image_id,
        generation_params=dict(image.generation_params or {}),
        error=image.error,
        created_at=image.created_at,
        updated_at=image.updated_at,
    )


def selection_info(selection: StoryboardSelection) -> SelectionInfo:
    return SelectionInfo(
        id=selection.id,
        project_id=selection.project_id,
        scene_id=selection.scene_id,
        shot_id=selection.shot_id,
        selected_image_id=selection.selected_image_id,
        animation_status=selection.animation_status,
        animated_video_url=selection.animated_video_url,
        replicate_video_id=selection.replicate_video_id,
        video_storage_id=selection.video_storage_id,
        animated_image_id=selection.animated_image_id,
        stale_reason=selection.stale_reason,
        motion_prompt=selection.motion_prompt,
        duration_seconds=selection.duration_seconds,
        animation_params=dict(selection.animation_params or {}),
        error=selection.error,
    )
