"""Offline drafts: a provider that needs no network, drawing labelled placeholders locally."""

from __future__ import annotations

import uuid
from pathlib import Path

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.drafts import draw_derived, draw_draft, make_clip
from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.generation.request import GenerationRequest, Outcome, Submission

NAME = "offline"
MODEL = "storyboard/offline-draft"


class OfflineProvider:
    """Deterministic Pillow drafts (and a still-based ffmpeg clip) from prompt + seed."""

    name = NAME

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch

    def check_ready(self) -> None:
        return None  # needs no network and no token

    def parent_input(self, path: Path, storage_id: str, cancel: CancelToken) -> str:
        return f"media:{storage_id}"

    def submit(self, request: GenerationRequest, cancel: CancelToken) -> Submission:
        cancel.raise_if_cancelled()
        return Submission(
            prediction_id=f"offline-{uuid.uuid4().hex[:16]}", model=MODEL, version="1"
        )

    def find_submission(self, request: GenerationRequest) -> Submission | None:
        return None  # nothing is billed: re-running a draft is harmless

    def wait(self, prediction_id: str, request: GenerationRequest, cancel: CancelToken) -> Outcome:
        cancel.raise_if_cancelled()
        self.scratch.mkdir(parents=True, exist_ok=True)
        if request.purpose == "planner":
            raise GenerationError(
                "Offline drafts have no language model; draft scenes with the offline outline "
                "parser instead.",
                kind=ErrorKind.UNSUPPORTED,
            )
        if request.purpose in ("image_to_image", "image_to_video") and (
            request.parent_path is None or not request.parent_path.is_file()
        ):
            raise GenerationError(
                "The parent image is missing from the media store. Run `storyboard-app media "
                "verify` and pick another image.",
                kind=ErrorKind.LOCAL,
            )
        if request.purpose == "image_to_video":
            assert request.parent_path is not None
            target = self.scratch / f"draft-{uuid.uuid4().hex}.mp4"
            try:
                make_clip(request.parent_path, target, label=request.prompt[:80])
            except BaseException:
                target.unlink(missing_ok=True)
                raise
            return Outcome(output_path=target, metrics={"predict_time": 0.0})
        if request.purpose == "image_to_image":
            assert request.parent_path is not None
            strength = request.inputs.get("prompt_strength", 0.8)
            data = draw_derived(
                request.parent_path,
                request.prompt,
                request.seed,
                float(strength) if isinstance(strength, int | float) else 0.8,
            )
        else:
            data = draw_draft(request.prompt, request.seed)
        cancel.raise_if_cancelled()
        target = self.scratch / f"draft-{uuid.uuid4().hex}.png"
        target.write_bytes(data)
        return Outcome(output_path=target, metrics={"predict_time": 0.0})

    def cancel(self, prediction_id: str) -> None:
        return None
