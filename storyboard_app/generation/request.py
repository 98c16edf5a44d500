"""The one request object a generation needs, and what a provider reports back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

Purpose = Literal[
    "text_to_image",
    "image_to_image",
    "reference_to_image",
    "image_to_video",
    "first_last_frame",
    "planner",
]
VIDEO_PURPOSES: tuple[Purpose, ...] = ("image_to_video", "first_last_frame")
PURPOSES: tuple[Purpose, ...] = get_args(Purpose)


@dataclass(frozen=True)
class GenerationRequest:
    """Everything one prediction needs: purpose, model, the inputs sent, seed and parent.

    `inputs` is exactly what goes to the provider (prompt, seed, image URL, template keys).
    `parent_path` is the local file of the parent image (offline drafts read it).
    """

    purpose: Purpose
    model: str
    inputs: dict[str, Any]
    seed: int | None = None
    parent_image_id: int | None = None
    parent_path: Path | None = None

    @property
    def prompt(self) -> str:
        return str(self.inputs.get("prompt", ""))

    @property
    def version(self) -> str | None:
        """The pinned version hash of a community model (`owner/name:hash`), else None."""
        _, sep, version = self.model.partition(":")
        return version if sep else None

    def params(self) -> dict[str, Any]:
        """What goes into `generation_params` before anything is sent."""
        return {
            "purpose": self.purpose,
            "model": self.model.partition(":")[0],
            "version": self.version,
            "input": dict(self.inputs),
            "seed": self.seed,
        }

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, Any],
        *,
        parent_image_id: int | None = None,
        parent_path: Path | None = None,
    ) -> GenerationRequest:
        """The request a row recorded with `params()` (its `generation_params` or
        `animation_params`); the inverse of `params()`. Rows written by older versions or
        imported rows may lack keys: a missing purpose reads as text-to-image."""
        model = str(params.get("model") or "")
        version = params.get("version")
        if isinstance(version, str) and version:
            model = f"{model}:{version}"
        purpose = params.get("purpose")
        seed = params.get("seed")
        inputs = params.get("input")
        return cls(
            purpose=_purpose(purpose),
            model=model,
            inputs=dict(inputs) if isinstance(inputs, Mapping) else {},
            seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            parent_image_id=parent_image_id,
            parent_path=parent_path,
        )


def _purpose(value: Any) -> Purpose:
    for purpose in PURPOSES:
        if value == purpose:
            return purpose
    return "text_to_image"


@dataclass(frozen=True)
class Submission:
    """A prediction the provider accepted: its id and the model and version that run it."""

    prediction_id: str
    model: str
    version: str | None
    created_at: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A finished prediction: where its output is (a URL or a local file) and its figures."""

    output_url: str | None = None
    output_path: Path | None = None
    text: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, Any] = field(default_factory=dict)
