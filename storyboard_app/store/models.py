"""The seven tables of the plan as SQLAlchemy 2 typed ORM models, and the store identity."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.store.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(enum_cls: type[Any], name: str) -> Enum:
    """A string column limited to an enum's values by a named CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# SQLite: ids are never reused after a delete, so an id in an old script or bundle never
# names a different row (PostgreSQL sequences behave so already).
_AUTOINCREMENT: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic batch mode needs."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class _Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class _Imported:
    # The original Convex `_id` of an imported row, so a second import is idempotent.
    source_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Fields the importer did not recognise, kept rather than dropped.
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class VideoProject(_Imported, _Timestamps, Base):
    """`videoProjects`: the project container of both workflows."""

    __tablename__ = "video_projects"
    __table_args__ = _AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Legacy (v1) fields of the original app.
    status: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(64))
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    final_video_url: Mapped[str | None] = mapped_column(Text)
    # Redesign (v2) fields.
    workflow_version: Mapped[WorkflowVersion] = mapped_column(
        _enum(WorkflowVersion, "workflow_version"), default=WorkflowVersion.V2_REDESIGN
    )
    prompt_planner_data: Mapped[str | None] = mapped_column(Text)
    redesign_status: Mapped[RedesignStatus | None] = mapped_column(
        _enum(RedesignStatus, "redesign_status")
    )
    # The project look: sent to every model that takes it and recorded per image.
    aspect_ratio: Mapped[str] = mapped_column(String(8), default="16:9", server_default="16:9")
    style: Mapped[str] = mapped_column(Text, default="", server_default="")
    fps: Mapped[int] = mapped_column(Integer, default=24, server_default="24")

    scenes: Mapped[list[ProjectScene]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProjectScene.scene_number",
    )
    legacy_scenes: Mapped[list[LegacyScene]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LegacyScene.scene_number",
    )


class ProjectScene(_Imported, _Timestamps, Base):
    """`projectScenes`: a scene of a v2 project."""

    __tablename__ = "project_scenes"
    __table_args__ = (
        Index("ix_project_scenes_by_project", "project_id", "scene_number"),
        CheckConstraint("scene_number >= 1", name="scene_number_positive"),
        UniqueConstraint("project_id", "scene_number", name="uq_project_scenes_number"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[VideoProject] = relationship(back_populates="scenes")
    shots: Mapped[list[SceneShot]] = relationship(
        back_populates="scene",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SceneShot.shot_number",
    )


class SceneShot(_Imported, _Timestamps, Base):
    """`sceneShots`: one shot of a scene, with its final pick."""

    __tablename__ = "scene_shots"
    __table_args__ = (
        Index("ix_scene_shots_by_scene", "scene_id", "shot_number"),
        Index("ix_scene_shots_by_project", "project_id"),
        CheckConstraint("shot_number >= 1", name="shot_number_positive"),
        UniqueConstraint("scene_id", "shot_number", name="uq_scene_shots_number"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_id: Mapped[int] = mapped_column(ForeignKey("project_scenes.id", ondelete="CASCADE"))
    shot_number: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    initial_prompt: Mapped[str] = mapped_column(Text, default="")
    selected_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("shot_images.id", ondelete="SET NULL", use_alter=True)
    )
    # The camera's language (domain/shot_language.py holds the allowed values).
    shot_type: Mapped[str | None] = mapped_column(String(16))
    angle: Mapped[str | None] = mapped_column(String(16))
    move: Mapped[str | None] = mapped_column(String(16))
    dialogue: Mapped[str] = mapped_column(Text, default="", server_default="")
    action: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    scene: Mapped[ProjectScene] = relationship(back_populates="shots")
    images: Mapped[list[ShotImage]] = relationship(
        back_populates="shot",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="ShotImage.shot_id",
        order_by="(ShotImage.iteration_number, ShotImage.variant_number)",
    )
    selection: Mapped[StoryboardSelection | None] = relationship(
        back_populates="shot", cascade="all, delete-orphan", passive_deletes=True
    )


class ShotImage(_Imported, _Timestamps, Base):
    """`shotImages`: one variant of one round (iteration) of a shot."""

    __tablename__ = "shot_images"
    __table_args__ = (
        UniqueConstraint(
            "shot_id", "iteration_number", "variant_number", name="uq_shot_images_by_shot"
        ),
        Index("ix_shot_images_by_scene", "scene_id"),
        Index("ix_shot_images_by_project", "project_id"),
        Index("ix_shot_images_by_parent", "parent_image_id"),
        Index("ix_shot_images_by_status", "status"),
        # Migration 0005: the scenes board's "latest starred image" per shot.
        Index(
            "ix_shot_images_starred",
            "shot_id",
            "id",
            sqlite_where=text("is_favorite = 1"),
            postgresql_where=text("is_favorite"),
        ),
        CheckConstraint("variant_number BETWEEN 0 AND 5", name="variant_range"),
        CheckConstraint("iteration_number >= 0", name="iteration_positive"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_id: Mapped[int] = mapped_column(ForeignKey("project_scenes.id", ondelete="CASCADE"))
    shot_id: Mapped[int] = mapped_column(ForeignKey("scene_shots.id", ondelete="CASCADE"))
    iteration_number: Mapped[int] = mapped_column(Integer)
    variant_number: Mapped[int] = mapped_column(Integer)
    image_url: Mapped[str] = mapped_column(Text, default="")
    image_storage_id: Mapped[str | None] = mapped_column(String(64))
    iteration_prompt: Mapped[str] = mapped_column(Text, default="")
    parent_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("shot_images.id", ondelete="SET NULL")
    )
    replicate_image_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[ImageStatus] = mapped_column(
        _enum(ImageStatus, "image_status"), default=ImageStatus.PENDING
    )
    is_favorite: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hidden from the grid, never deleted (its file is still referenced).
    is_rejected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # What the prediction cost, from the price table; None when unknown (never 0 for unknown).
    cost_usd: Mapped[float | None] = mapped_column(Float)
    # The plan's `metadata` (a reserved name in SQLAlchemy): model, version, seed, inputs,
    # timings, provider.
    generation_params: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # Set when an element reference this image was made with has been replaced or removed.
    reference_changed: Mapped[str | None] = mapped_column(Text)

    shot: Mapped[SceneShot] = relationship(back_populates="images", foreign_keys=[shot_id])


class StoryboardSelection(_Imported, _Timestamps, Base):
    """`storyboardSelections`: the master image of a shot and its animation."""

    __tablename__ = "storyboard_selections"
    __table_args__ = (
        UniqueConstraint("shot_id", name="uq_storyboard_selections_shot_id"),
        Index("ix_storyboard_selections_by_project", "project_id"),
        Index("ix_storyboard_selections_by_scene", "scene_id"),
        CheckConstraint(
            "duration_seconds IS NULL OR duration_seconds > 0", name="duration_positive"
        ),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_id: Mapped[int] = mapped_column(ForeignKey("project_scenes.id", ondelete="CASCADE"))
    shot_id: Mapped[int] = mapped_column(ForeignKey("scene_shots.id", ondelete="CASCADE"))
    selected_image_id: Mapped[int] = mapped_column(ForeignKey("shot_images.id", ondelete="CASCADE"))
    animation_status: Mapped[ImageStatus | None] = mapped_column(
        _enum(ImageStatus, "animation_status")
    )
    animated_video_url: Mapped[str | None] = mapped_column(Text)
    replicate_video_id: Mapped[str | None] = mapped_column(String(64))
    # Desktop additions: the local clip, what it was made from, and the editor's choices.
    video_storage_id: Mapped[str | None] = mapped_column(String(64))
    animated_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("shot_images.id", ondelete="SET NULL")
    )
    stale_reason: Mapped[str | None] = mapped_column(Text)
    motion_prompt: Mapped[str] = mapped_column(Text, default="")
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    animation_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    cost_usd: Mapped[float | None] = mapped_column(Float)  # of the latest animation; None: unknown

    shot: Mapped[SceneShot] = relationship(back_populates="selection")


class LegacyScene(_Imported, _Timestamps, Base):
    """`scenes`: a scene of a v1 (legacy) project, with its one image."""

    __tablename__ = "scenes"
    __table_args__ = (Index("ix_scenes_by_project", "project_id", "scene_number"), _AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    prompt: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str | None] = mapped_column(Text)
    image_storage_id: Mapped[str | None] = mapped_column(String(64))
    replicate_image_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(32))
    # Set when the scene has been migrated to the new workflow; the row is kept.
    archived_at: Mapped[datetime | None] = mapped_column()
    migrated_scene_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_scenes.id", ondelete="SET NULL")
    )

    project: Mapped[VideoProject] = relationship(back_populates="legacy_scenes")
    clips: Mapped[list[VideoClip]] = relationship(
        back_populates="scene", cascade="all, delete-orphan", passive_deletes=True
    )


class VideoClip(_Imported, _Timestamps, Base):
    """`videoClips`: an animated clip of a legacy scene."""

    __tablename__ = "video_clips"
    __table_args__ = (
        Index("ix_video_clips_by_project", "project_id"),
        Index("ix_video_clips_by_scene", "scene_id"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    scene_id: Mapped[int | None] = mapped_column(ForeignKey("scenes.id", ondelete="CASCADE"))
    prompt: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str | None] = mapped_column(Text)
    video_storage_id: Mapped[str | None] = mapped_column(String(64))
    replicate_video_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(32))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    archived_at: Mapped[datetime | None] = mapped_column()

    scene: Mapped[LegacyScene | None] = relationship(back_populates="clips")


class Element(_Timestamps, Base):
    """A character, location, prop or style of a project, named in prompts as `@name`."""

    __tablename__ = "elements"
    __table_args__ = (
        UniqueConstraint("project_id", "name_key", name="uq_elements_name"),
        Index("ix_elements_by_project", "project_id"),
        CheckConstraint("kind IN ('character', 'location', 'prop', 'style')", name="element_kind"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("video_projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(40))
    # casefold(name): mentions are case-insensitive, so names are unique that way.
    name_key: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")

    images: Mapped[list[ElementImage]] = relationship(
        back_populates="element",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ElementImage.position",
    )


class ElementImage(_Timestamps, Base):
    """A reference image of an element (0–2, in order), a file in the media store."""

    __tablename__ = "element_images"
    __table_args__ = (
        UniqueConstraint("element_id", "position", name="uq_element_images_position"),
        CheckConstraint("position BETWEEN 0 AND 2", name="position_range"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    element_id: Mapped[int] = mapped_column(ForeignKey("elements.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    storage_id: Mapped[str] = mapped_column(String(64))
    # The generated image it was taken from ("Use as reference"), if any.
    source_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("shot_images.id", ondelete="SET NULL")
    )

    element: Mapped[Element] = relationship(back_populates="images")


class StoreIdentity(Base):
    """The identity of the data folder this database belongs to (also in the media folder)."""

    __tablename__ = "store_identity"

    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
