"""Helpers the services share: fetching by id with a clear error, ORM → DTO conversion."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
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
        reference_changed=image.reference_changed,
        is_rejected=bool(image.is_rejected),
        cost_usd=image.cost_usd,
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
        cost_usd=selection.cost_usd,
    )


def take_write_lock(s: Session) -> None:
    """SQLite: begin with the write lock (`BEGIN IMMEDIATE`), waiting up to the busy timeout.

    Call first in a unit of work that reads numbers to write new ones: no other connection
    can then write between the read and the commit. On PostgreSQL it does nothing; lock the
    parent row with `lock_project` once its id is known.
    """
    connection = s.connection()
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_project(s: Session, project_id: int) -> None:
    """PostgreSQL: lock the project's row (`SELECT … FOR UPDATE`) until the commit.

    Every change of scene or shot numbers of a project takes it first, so they are made one
    after another. SQLite holds the whole database's write lock already (`take_write_lock`).
    """
    if s.connection().dialect.name == "sqlite":
        return
    s.execute(select(VideoProject.id).where(VideoProject.id == project_id).with_for_update())
