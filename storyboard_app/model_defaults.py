"""The shipped model defaults (`resources/models.json`): per purpose a model and its inputs,
and per model what its inputs accept (aspect ratios, reference images)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class ReferenceInputs:
    """Which inputs of a model take reference images: a list (with tags) or one image."""

    images: str
    tags: str | None
    max: int

    @property
    def is_list(self) -> bool:
        return self.max > 1 or self.tags is not None


@dataclass(frozen=True)
class FrameInputs:
    """Which inputs of a video model take the first and the last frame."""

    first: str = "start_image"
    last: str = "end_image"


@dataclass(frozen=True)
class ModelFacts:
    """What the defaults file knows about a model's inputs."""

    aspect_ratios: tuple[str, ...] = ()
    references: ReferenceInputs | None = None
    frames: FrameInputs | None = None


@cache
def catalog() -> dict[str, Any]:
    """The parsed defaults file (read once; it ships inside the package)."""
    text = resources.files("storyboard_app").joinpath("resources/models.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def checked_on() -> str:
    return str(catalog().get("checked", ""))


def default_choices() -> dict[str, tuple[str, dict[str, Any]]]:
    """Purpose → (model, input template), fresh copies."""
    return {
        purpose: (str(entry["model"]), dict(entry.get("input_template") or {}))
        for purpose, entry in catalog()["purposes"].items()
    }


def alternatives(purpose: str) -> list[tuple[str, dict[str, Any]]]:
    """Other documented models for a purpose (offered in Settings)."""
    return [
        (str(entry["model"]), dict(entry.get("input_template") or {}))
        for entry in catalog().get("alternatives", {}).get(purpose, [])
    ]


def model_facts(model: str) -> ModelFacts:
    """Facts about `owner/name` (a pinned version is ignored); unknown models: none."""
    entry = catalog().get("models", {}).get(model.partition(":")[0])
    if not isinstance(entry, dict):
        return ModelFacts()
    refs = entry.get("references")
    frames = entry.get("frames")
    return ModelFacts(
        frames=FrameInputs(str(frames["first"]), str(frames["last"]))
        if isinstance(frames, dict)
        else None,
        aspect_ratios=tuple(entry.get("aspect_ratios") or ()),
        references=ReferenceInputs(
            images=str(refs["images"]), tags=refs.get("tags"), max=int(refs.get("max", 1))
        )
        if isinstance(refs, dict)
        else None,
    )


def last_frame_inputs() -> tuple[str, ...]:
    """Every documented name of a last-frame input (offline drafts look for the end frame)."""
    names = [
        str(entry["frames"]["last"])
        for entry in catalog().get("models", {}).values()
        if isinstance(entry, dict) and isinstance(entry.get("frames"), dict)
    ]
    return tuple(dict.fromkeys([*names, "end_image"]))
