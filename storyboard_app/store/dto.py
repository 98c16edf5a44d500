"""Plain frozen dataclasses the services return; nothing ORM-mapped leaves a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storyboard_app.domain.enums import ErrorKind, ImageStatus, RedesignStatus, WorkflowVersion


def error_kind_in(params: dict[str, Any]) -> ErrorKind | None:
    """The `error_kind` a failed row recorded (None: none recorded; an unknown one reads as
    FAILED, so code can always compare kinds, never message text)."""
    raw = params.get("error_kind")
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return ErrorKind(raw)
    except ValueError:
        return ErrorKind.FAILED


@dataclass(frozen=True)
class ProjectSummary:
    """One row of the dashboard."""

    id: int
    title: str
    description: str
    workflow_version: WorkflowVersion
    redesign_status: RedesignStatus | None
    scene_count: int
    shot_count: int
    thumbnail_storage_id: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ProjectInfo:
    """A project's own fields."""

    id: int
    title: str
    description: str
    workflow_version: WorkflowVersion
    redesign_status: RedesignStatus | None
    prompt_planner_data: str
    created_at: datetime
    updated_at: datetime
    aspect_ratio: str = "16:9"
    style: str = ""
    fps: int = 24


@dataclass(frozen=True)
class ShotFields:
    """The camera's language and the script of a shot."""

    shot_type: str | None = None
    angle: str | None = None
    move: str | None = None
    dialogue: str = ""
    action: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ShotInfo:
    """A shot with what the navigator and editor show."""

    id: int
    project_id: int
    scene_id: int
    shot_number: int
    description: str
    initial_prompt: str
    selected_image_id: int | None
    image_count: int = 0
    round_count: int = 0
    cover_storage_id: str | None = None  # final pick, else latest complete image
    final_storage_id: str | None = None  # the final pick's file
    starred_storage_id: str | None = None  # the latest starred complete image

    @property
    def board_cover(self) -> str | None:
        """What the scenes board shows: the final pick, else the latest starred image."""
        return self.final_storage_id or self.starred_storage_id

    fields: ShotFields = field(default_factory=ShotFields)


@dataclass(frozen=True)
class SceneInfo:
    """A scene with its shots in order."""

    id: int
    project_id: int
    scene_number: int
    title: str
    description: str
    shots: tuple[ShotInfo, ...] = ()


@dataclass(frozen=True)
class ImageInfo:
    """One variant of one round."""

    id: int
    project_id: int
    scene_id: int
    shot_id: int
    iteration_number: int
    variant_number: int
    status: ImageStatus
    is_favorite: bool
    parent_image_id: int | None
    iteration_prompt: str
    image_url: str
    image_storage_id: str | None
    replicate_image_id: str | None
    generation_params: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    reference_changed: str | None = None  # why its references have changed since
    is_rejected: bool = False
    cost_usd: float | None = None  # None: unknown (or not finished)

    @property
    def model(self) -> str | None:
        model = self.generation_params.get("model")
        return model if isinstance(model, str) else None

    @property
    def attempts(self) -> list[dict[str, Any]]:
        """Earlier attempts of a retried variant (prediction id, error, seed), oldest first."""
        raw = self.generation_params.get("attempts")
        return [a for a in raw if isinstance(a, dict)] if isinstance(raw, list) else []

    @property
    def seed(self) -> int | None:
        seed = self.generation_params.get("seed")
        return seed if isinstance(seed, int) else None

    @property
    def provider(self) -> str | None:
        provider = self.generation_params.get("provider")
        return provider if isinstance(provider, str) else None

    @property
    def error_kind(self) -> ErrorKind | None:
        """Why the variant failed, as a kind (None unless it failed with one recorded)."""
        return error_kind_in(self.generation_params)


@dataclass(frozen=True)
class SelectionInfo:
    """A storyboard selection: the shot's master image and its animation."""

    id: int
    project_id: int
    scene_id: int
    shot_id: int
    selected_image_id: int
    animation_status: ImageStatus | None
    animated_video_url: str | None
    replicate_video_id: str | None
    video_storage_id: str | None
    animated_image_id: int | None
    stale_reason: str | None
    motion_prompt: str
    duration_seconds: float | None
    animation_params: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    cost_usd: float | None = None

    @property
    def error_kind(self) -> ErrorKind | None:
        """Why the animation failed, as a kind (None unless it failed with one recorded)."""
        return error_kind_in(self.animation_params)


@dataclass(frozen=True)
class LegacySceneInfo:
    """A scene of a v1 project, read-only."""

    id: int
    scene_number: int
    title: str
    description: str
    prompt: str
    image_url: str | None
    image_storage_id: str | None
    status: str | None
    archived: bool


@dataclass(frozen=True)
class LegacyClipInfo:
    """A video clip of a v1 project, read-only."""

    id: int
    scene_id: int | None
    prompt: str
    video_url: str | None
    video_storage_id: str | None
    status: str | None
    duration_seconds: float | None
    archived: bool


@dataclass(frozen=True)
class RoundSummary:
    """One round (iteration) of a shot, for the rounds strip: its parent and status counts."""

    iteration_number: int
    parent_image_id: int | None
    parent_storage_id: str | None
    parent_iteration: int | None
    parent_variant: int | None
    variant_count: int
    complete: int
    failed: int
    active: int
    favourites: int
    prompt: str


@dataclass(frozen=True)
class ElementImageInfo:
    """One reference image of an element."""

    id: int
    position: int
    storage_id: str
    source_image_id: int | None = None


@dataclass(frozen=True)
class ElementInfo:
    """A character, location, prop or style of a project, with its references in order."""

    id: int
    project_id: int
    kind: str
    name: str
    description: str
    images: tuple[ElementImageInfo, ...] = ()

    @property
    def mention(self) -> str:
        return "@" + self.name
