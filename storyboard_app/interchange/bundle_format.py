"""The project bundle format: manifest fields, table order, and row (de)serialisation."""

from __future__ import annotations

from datetime import datetime
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Column, Enum, Table

from storyboard_app.store.models import (
    Base,
    Element,
    ElementImage,
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoClip,
    VideoProject,
)
from storyboard_app.store.types import UTCDateTime

FORMAT_NAME = "storyboard-studio-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024

# Every table of a project, parents first.
MODELS: tuple[type[Base], ...] = (
    VideoProject,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    Element,
    ElementImage,
    LegacyScene,
    VideoClip,
)

# Foreign keys rewritten on import: column → the table whose new ids it takes.
REFERENCES: dict[str, dict[str, str]] = {
    "project_scenes": {"project_id": "video_projects"},
    "scene_shots": {
        "project_id": "video_projects",
        "scene_id": "project_scenes",
        "selected_image_id": "shot_images",
    },
    "shot_images": {
        "project_id": "video_projects",
        "scene_id": "project_scenes",
        "shot_id": "scene_shots",
        "parent_image_id": "shot_images",
    },
    "storyboard_selections": {
        "project_id": "video_projects",
        "scene_id": "project_scenes",
        "shot_id": "scene_shots",
        "selected_image_id": "shot_images",
        "animated_image_id": "shot_images",
    },
    "elements": {"project_id": "video_projects"},
    "element_images": {"element_id": "elements", "source_image_id": "shot_images"},
    "scenes": {"project_id": "video_projects", "migrated_scene_id": "project_scenes"},
    "video_clips": {"project_id": "video_projects", "scene_id": "scenes"},
}
# References to rows of the same table or a later one: set after every row exists.
LATE_REFERENCES = {("scene_shots", "selected_image_id"), ("shot_images", "parent_image_id")}

# Media columns and the kind of file they hold.
MEDIA_COLUMNS: dict[str, tuple[str, str]] = {
    "shot_images": ("image_storage_id", "image"),
    "scenes": ("image_storage_id", "image"),
    "storyboard_selections": ("video_storage_id", "video"),
    "element_images": ("storage_id", "image"),
    "video_clips": ("video_storage_id", "video"),
}


def rows_member(table: str) -> str:
    return f"tables/{table}.jsonl"


def media_member(storage_id: str) -> str:
    return f"media/{storage_id}"


def dump_row(table: Table, row: Any) -> dict[str, Any]:
    """A row as JSON: ISO-8601 times, enum values, JSON columns as they are."""
    out: dict[str, Any] = {}
    mapping = row._mapping
    for column in table.columns:
        value = mapping[column]
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, PyEnum):
            value = value.value
        out[column.name] = value
    return out


def load_value(column: Column[Any], value: Any) -> Any:
    """The Python value for a column from its JSON form; ValueError when it does not fit."""
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        if not isinstance(value, str):
            raise ValueError(f"{column.name} is not a time")
        return datetime.fromisoformat(value)
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        return column.type.enum_class(value)
    return value
