"""The closed sets of values the data model uses (the plan's `v.union(v.literal(...))`)."""

from enum import StrEnum


class WorkflowVersion(StrEnum):
    """Which workflow a project belongs to."""

    V1_LEGACY = "v1_legacy"
    V2_REDESIGN = "v2_redesign"


class RedesignStatus(StrEnum):
    """Where a v2 project is in the workflow, in order."""

    PROMPT_PLANNING = "prompt_planning"
    SCENES_SETUP = "scenes_setup"
    SHOT_ITERATION = "shot_iteration"
    STORYBOARD_FINAL = "storyboard_final"
    ANIMATION_COMPLETE = "animation_complete"

    @property
    def label(self) -> str:
        """A short human label for badges."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RedesignStatus.PROMPT_PLANNING: "Planning",
    RedesignStatus.SCENES_SETUP: "Scenes",
    RedesignStatus.SHOT_ITERATION: "Iterating",
    RedesignStatus.STORYBOARD_FINAL: "Storyboard",
    RedesignStatus.ANIMATION_COMPLETE: "Animated",
}


class ImageStatus(StrEnum):
    """Life of one generated variant (also used for animations)."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETE = "complete"
    FAILED = "failed"

    @property
    def is_active(self) -> bool:
        """True while the generation may still produce a result."""
        return self in (ImageStatus.PENDING, ImageStatus.PROCESSING)


AnimationStatus = ImageStatus

VARIANTS_PER_ROUND = 6


class ErrorKind(StrEnum):
    """Why a variant or an animation ended without a result; stored as `error_kind`.

    The values are the strings rows already hold, so old rows read back unchanged; the UI
    compares kinds, never message text.
    """

    FAILED = "failed"
    CANCELLED = "cancelled"
    ABORTED = "aborted"
    AUTH = "auth"
    CREDIT = "credit"
    INVALID_INPUT = "invalid_input"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    SERVER = "server"
    HTTP = "http"
    TIMEOUT = "timeout"
    NETWORK = "network"
    CONTENT_FILTER = "content_filter"
    MODEL = "model"
    DOWNLOAD = "download"
    EXPIRED = "expired"
    IMAGE = "image"
    VIDEO = "video"
    NO_OUTPUT = "no_output"
    UNSAFE_URL = "unsafe_url"
    UNSUPPORTED = "unsupported"
    MEDIA = "media"
    LOCAL = "local"
    INTERNAL = "internal"
