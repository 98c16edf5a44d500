"""The one request object a generation needs, and what a provider reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Purpose = Literal["text_to_image", "image_to_image", "image_to_video", "planner"]


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
