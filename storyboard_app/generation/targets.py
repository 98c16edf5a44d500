"""What a run acts on — one variant row or one storyboard animation — behind one interface.

The run path (`runner.py`) knows nothing of rows: it asks a target for its recorded request,
tells it the prediction id as soon as the provider accepts it, and hands it the stored output
or the failure. Each target writes its own row through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from storyboard_app.domain.enums import ErrorKind
from storyboard_app.domain.time_format import utc_now_iso
from storyboard_app.generation.pricing import PriceTable, video_seconds_of
from storyboard_app.generation.request import Outcome, Submission
from storyboard_app.media.store import MediaKind
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store

R_co = TypeVar("R_co", bound=ImageInfo | SelectionInfo, covariant=True)


def now_iso() -> str:
    return utc_now_iso()


def prediction_cost(
    prices: PriceTable | None, params: dict[str, Any], outcome: Outcome
) -> float | None:
    """What the finished prediction cost by the price table (None: unknown)."""
    if prices is None:
        return None
    predict_time = outcome.metrics.get("predict_time")
    inputs = params.get("input")
    return prices.cost(
        params.get("model") if isinstance(params.get("model"), str) else None,
        video_seconds=video_seconds_of(inputs) if isinstance(inputs, dict) else None,
        predict_time=float(predict_time) if isinstance(predict_time, int | float) else None,
    )


@dataclass(frozen=True)
class Job:
    """A target's recorded request, read back from its row while it is pending or processing.

    `provider` is what the row recorded (None for rows of older versions). `problem`, when
    set, is why the row cannot run at all (it then fails with that message).
    """

    params: dict[str, Any]
    provider: str | None
    parent_image_id: int | None
    prediction_id: str | None
    timings: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


class Target(Protocol[R_co]):
    """One thing to generate; `load` never writes, the other methods write its row."""

    key: tuple[str, int]
    what: str
    media_kind: MediaKind

    def load(self) -> tuple[R_co, Job | None]:
        """The row now, and its job while it is active (None once it has ended)."""
        ...

    def record(self, submission: Submission) -> None:
        """Store the prediction id (before anyone waits on it) and mark the row processing."""
        ...

    def complete(self, storage_id: str, outcome: Outcome, timings: dict[str, Any]) -> R_co:
        """Store the finished output's storage id and figures; the row ends complete."""
        ...

    def fail(self, message: str, kind: ErrorKind) -> R_co:
        """The row ends failed with a message for people and a kind for code."""
        ...


class VariantTarget:
    """One variant (a `shot_images` row) of a round."""

    what = "variant"
    media_kind: MediaKind = "image"

    def __init__(self, store: Store, image_id: int, prices: PriceTable | None = None) -> None:
        self._images = store.images
        self._prices = prices
        self._params: dict[str, Any] = {}
        self.row_id = image_id
        self.key = ("image", image_id)

    def load(self) -> tuple[ImageInfo, Job | None]:
        info = self._images.get(self.row_id)
        if not info.status.is_active:
            return info, None
        params = info.generation_params
        self._params = params
        return info, Job(
            params=params,
            provider=info.provider,
            parent_image_id=info.parent_image_id,
            prediction_id=info.replicate_image_id,
            timings=dict(params.get("timings") or {}),
        )

    def record(self, submission: Submission) -> None:
        self._images.record_prediction(
            self.row_id,
            submission.prediction_id,
            version=submission.version,
            submitted_at=now_iso(),
        )

    def complete(self, storage_id: str, outcome: Outcome, timings: dict[str, Any]) -> ImageInfo:
        return self._images.complete(
            self.row_id,
            storage_id=storage_id,
            image_url=outcome.output_url or "",
            cost_usd=prediction_cost(self._prices, self._params, outcome),
            metrics=outcome.metrics,
            predict_time=outcome.metrics.get("predict_time"),
            timings=timings,
        )

    def fail(self, message: str, kind: ErrorKind) -> ImageInfo:
        return self._images.fail(self.row_id, message, error_kind=kind)


class AnimationTarget:
    """The animation (image-to-video) of one storyboard selection."""

    what = "animation"
    media_kind: MediaKind = "video"

    def __init__(self, store: Store, selection_id: int, prices: PriceTable | None = None) -> None:
        self._boards = store.storyboard
        self._prices = prices
        self._params: dict[str, Any] = {}
        self.row_id = selection_id
        self.key = ("animation", selection_id)
        self._image_id: int | None = None

    def load(self) -> tuple[SelectionInfo, Job | None]:
        info = self._boards.get(self.row_id)
        if info.animation_status is None or not info.animation_status.is_active:
            return info, None
        params = info.animation_params
        self._params = params
        image_id = params.get("image_id")
        self._image_id = image_id if isinstance(image_id, int) else None
        provider = params.get("provider")
        return info, Job(
            params=params,
            provider=provider if isinstance(provider, str) and provider else None,
            parent_image_id=self._image_id,
            prediction_id=info.replicate_video_id,
            problem=None if self._image_id is not None else "Not planned; queue it again.",
        )

    def record(self, submission: Submission) -> None:
        self._boards.record_prediction(
            self.row_id,
            submission.prediction_id,
            version=submission.version,
            submitted_at=now_iso(),
        )

    def complete(self, storage_id: str, outcome: Outcome, timings: dict[str, Any]) -> SelectionInfo:
        assert self._image_id is not None, "load() first"
        return self._boards.complete_animation(
            self.row_id,
            storage_id=storage_id,
            video_url=outcome.output_url or "",
            image_id=self._image_id,
            cost_usd=prediction_cost(self._prices, self._params, outcome),
            metrics=outcome.metrics,
            predict_time=outcome.metrics.get("predict_time"),
            timings=timings,
        )

    def fail(self, message: str, kind: ErrorKind) -> SelectionInfo:
        return self._boards.fail_animation(self.row_id, message, error_kind=kind)
