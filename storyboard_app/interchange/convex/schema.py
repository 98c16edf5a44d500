"""Which Convex fields of the original app map to which columns, and how they are converted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.interchange.convex.values import (
    ValueProblem,
    as_bool,
    as_datetime,
    as_float,
    as_int,
    as_object,
    as_str,
)
from storyboard_app.store.models import (
    Base,
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoClip,
    VideoProject,
)

STORAGE_TABLE = "_storage"
_T = TypeVar("_T")


@dataclass(frozen=True)
class FieldSpec:
    """One recognised Convex field.

    kind: "text" (any length), "short" (at most `max_len`; longer goes to `extra`), "int",
    "float", "bool", "object", "time", "enum", "ref" (a `v.id(table)`), "storage" (a
    `v.id("_storage")` or storage id string, becomes the file's SHA-256).
    """

    key: str
    column: str
    kind: str
    required: bool = False
    ref_table: str | None = None
    enum: type[StrEnum] | None = None
    max_len: int | None = None
    deferred: bool = False  # a reference resolved after its target table is imported


@dataclass(frozen=True, eq=False)  # compared by identity: one instance per table
class TableSpec:
    """A Convex table of the original app and its SQL table."""

    name: str
    model: type[Base]
    fields: tuple[FieldSpec, ...]
    # Keys matched by pattern (e.g. `replicateId`, `replicatePredictionId`) → column.
    patterns: tuple[tuple[re.Pattern[str], FieldSpec], ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)

    def field_for(self, key: str) -> FieldSpec | None:
        spec = self._by_key().get(key)
        if spec is not None:
            return spec
        for pattern, pattern_spec in self.patterns:
            if pattern.fullmatch(key):
                return pattern_spec
        return None

    def _by_key(self) -> dict[str, FieldSpec]:
        cached: dict[str, FieldSpec] | None = self.__dict__.get("_cache")
        if cached is None:
            cached = {f.key: f for f in self.fields}
            object.__setattr__(self, "_cache", cached)
        return cached

    def converters(self) -> dict[str, tuple[FieldSpec, Callable[[Any], Any]]]:
        """Key → its field and the function converting its value (built once per table)."""
        return self._cached("_converters", lambda: {f.key: (f, converter(f)) for f in self.fields})

    @property
    def shared_columns(self) -> frozenset[str]:
        """Columns more than one key can fill (e.g. `duration` and `durationSeconds`)."""

        def build() -> frozenset[str]:
            keys = [f.column for f in self.fields] + [f.column for _, f in self.patterns]
            return frozenset(c for c in keys if keys.count(c) > 1)

        return self._cached("_shared", build)

    @property
    def references(self) -> dict[str, FieldSpec]:
        """Column → the field of each reference resolved while the table is read."""
        return self._cached(
            "_references",
            lambda: {f.column: f for f in self.fields if f.kind == "ref" and not f.deferred},
        )

    @property
    def required_fields(self) -> tuple[FieldSpec, ...]:
        return self._cached("_required", lambda: tuple(f for f in self.fields if f.required))

    @property
    def nullable_columns(self) -> tuple[str, ...]:
        """Columns filled with None when the document did not set them."""
        return self._cached(
            "_nullable",
            lambda: tuple(f.column for f in self.fields if f.kind != "ref" and not f.deferred),
        )

    @property
    def nullable_set(self) -> frozenset[str]:
        return self._cached("_nullable_set", lambda: frozenset(self.nullable_columns))

    def _cached(self, name: str, build: Callable[[], _T]) -> _T:
        value: _T | None = self.__dict__.get(name)
        if value is None:
            value = build()
            object.__setattr__(self, name, value)
        return value


def _f(key: str, column: str, kind: str, **kw: Any) -> FieldSpec:
    return FieldSpec(key, column, kind, **kw)


_TIMES = (_f("createdAt", "created_at", "time"), _f("updatedAt", "updated_at", "time"))

VIDEO_PROJECTS = TableSpec(
    "videoProjects",
    VideoProject,
    (
        _f("title", "title", "short", required=True, max_len=200),
        _f("description", "description", "text"),
        _f("status", "status", "short", max_len=32),
        _f("userId", "user_id", "short", max_len=64),
        _f("thumbnailUrl", "thumbnail_url", "text"),
        _f("finalVideoUrl", "final_video_url", "text"),
        _f("workflowVersion", "workflow_version", "enum", enum=WorkflowVersion),
        _f("promptPlannerData", "prompt_planner_data", "text"),
        _f("redesignStatus", "redesign_status", "enum", enum=RedesignStatus),
        *_TIMES,
    ),
    defaults={"description": ""},
)

PROJECT_SCENES = TableSpec(
    "projectScenes",
    ProjectScene,
    (
        _f("projectId", "project_id", "ref", required=True, ref_table="videoProjects"),
        _f("sceneNumber", "scene_number", "int", required=True),
        _f("title", "title", "short", required=True, max_len=200),
        _f("description", "description", "text"),
        *_TIMES,
    ),
    defaults={"description": ""},
)

SCENE_SHOTS = TableSpec(
    "sceneShots",
    SceneShot,
    (
        _f("projectId", "project_id", "ref", ref_table="videoProjects"),
        _f("sceneId", "scene_id", "ref", required=True, ref_table="projectScenes"),
        _f("shotNumber", "shot_number", "int", required=True),
        _f("description", "description", "text"),
        _f("initialPrompt", "initial_prompt", "text"),
        _f(
            "selectedImageId",
            "selected_image_id",
            "ref",
            ref_table="shotImages",
            deferred=True,
        ),
        *_TIMES,
    ),
    defaults={"description": "", "initial_prompt": ""},
)

SHOT_IMAGES = TableSpec(
    "shotImages",
    ShotImage,
    (
        _f("projectId", "project_id", "ref", ref_table="videoProjects"),
        _f("sceneId", "scene_id", "ref", ref_table="projectScenes"),
        _f("shotId", "shot_id", "ref", required=True, ref_table="sceneShots"),
        _f("iterationNumber", "iteration_number", "int", required=True),
        _f("variantNumber", "variant_number", "int", required=True),
        _f("imageUrl", "image_url", "text"),
        _f("imageStorageId", "image_storage_id", "storage"),
        _f("iterationPrompt", "iteration_prompt", "text"),
        _f("parentImageId", "parent_image_id", "ref", ref_table="shotImages", deferred=True),
        _f("replicateImageId", "replicate_image_id", "short", max_len=64),
        _f("status", "status", "enum", enum=ImageStatus),
        _f("isFavorite", "is_favorite", "bool"),
        _f("metadata", "metadata", "object"),  # the column of ShotImage.generation_params
        _f("error", "error", "text"),
        *_TIMES,
    ),
    defaults={
        "image_url": "",
        "iteration_prompt": "",
        "is_favorite": False,
        "metadata": {},
        "error": None,
    },
)

STORYBOARD_SELECTIONS = TableSpec(
    "storyboardSelections",
    StoryboardSelection,
    (
        _f("projectId", "project_id", "ref", ref_table="videoProjects"),
        _f("sceneId", "scene_id", "ref", ref_table="projectScenes"),
        _f("shotId", "shot_id", "ref", required=True, ref_table="sceneShots"),
        _f("selectedImageId", "selected_image_id", "ref", required=True, ref_table="shotImages"),
        _f("animationStatus", "animation_status", "enum", enum=ImageStatus),
        _f("animatedVideoUrl", "animated_video_url", "text"),
        _f("replicateVideoId", "replicate_video_id", "short", max_len=64),
        _f("videoStorageId", "video_storage_id", "storage"),
        _f("motionPrompt", "motion_prompt", "text"),
        _f("duration", "duration_seconds", "float"),
        *_TIMES,
    ),
    defaults={"motion_prompt": "", "animation_params": {}},
)

LEGACY_SCENES = TableSpec(
    "scenes",
    LegacyScene,
    (
        _f("projectId", "project_id", "ref", required=True, ref_table="videoProjects"),
        _f("sceneNumber", "scene_number", "int", required=True),
        _f("title", "title", "short", max_len=200),
        _f("description", "description", "text"),
        _f("prompt", "prompt", "text"),
        _f("imageUrl", "image_url", "text"),
        _f("imageStorageId", "image_storage_id", "storage"),
        _f("replicateImageId", "replicate_image_id", "short", max_len=64),
        _f("status", "status", "short", max_len=32),
        *_TIMES,
    ),
    patterns=(
        (
            re.compile(r"replicate\w*Id"),
            _f("replicate*Id", "replicate_image_id", "short", max_len=64),
        ),
    ),
    defaults={"title": "", "description": "", "prompt": ""},
)

VIDEO_CLIPS = TableSpec(
    "videoClips",
    VideoClip,
    (
        _f("projectId", "project_id", "ref", required=True, ref_table="videoProjects"),
        _f("sceneId", "scene_id", "ref", ref_table="scenes"),
        _f("prompt", "prompt", "text"),
        _f("videoUrl", "video_url", "text"),
        _f("videoStorageId", "video_storage_id", "storage"),
        _f("replicateVideoId", "replicate_video_id", "short", max_len=64),
        _f("status", "status", "short", max_len=32),
        _f("duration", "duration_seconds", "float"),
        _f("durationSeconds", "duration_seconds", "float"),
        *_TIMES,
    ),
    patterns=(
        (
            re.compile(r"replicate\w*Id"),
            _f("replicate*Id", "replicate_video_id", "short", max_len=64),
        ),
    ),
    defaults={"prompt": ""},
)

# In dependency order: every reference points to a table earlier in the list (or is deferred).
TABLES: tuple[TableSpec, ...] = (
    VIDEO_PROJECTS,
    PROJECT_SCENES,
    SCENE_SHOTS,
    SHOT_IMAGES,
    STORYBOARD_SELECTIONS,
    LEGACY_SCENES,
    VIDEO_CLIPS,
)
BY_NAME = {spec.name: spec for spec in TABLES}

_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "text": as_str,
    "int": as_int,
    "float": as_float,
    "bool": as_bool,
    "object": as_object,
    "time": as_datetime,
}


def converter(spec: FieldSpec) -> Callable[[Any], Any]:
    """The function `convert` applies for this field, looked up once."""
    if spec.kind == "enum":
        assert spec.enum is not None
        members = {member.value: member for member in spec.enum}

        def to_member(value: Any) -> Any:
            member = members.get(value) if type(value) is str else None
            return member if member is not None else convert(spec, value)  # or why not

        return to_member
    if spec.kind in ("short", "ref", "storage"):
        return as_str
    return _CONVERTERS[spec.kind]


def convert(spec: FieldSpec, value: Any) -> Any:
    """The column value of a non-reference field; raise ValueProblem when it does not fit."""
    if spec.kind == "enum":
        text = as_str(value)
        assert spec.enum is not None
        try:
            return spec.enum(text)
        except ValueError as exc:
            allowed = ", ".join(m.value for m in spec.enum)
            raise ValueProblem(f"is {text!r}, which is not one of {allowed}") from exc
    if spec.kind in ("short", "ref", "storage"):
        return as_str(value)
    return _CONVERTERS[spec.kind](value)
