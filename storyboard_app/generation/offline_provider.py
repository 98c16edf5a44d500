"""Offline drafts: a provider that needs no network, drawing labelled placeholders locally."""

from __future__ import annotations

import uuid
from pathlib import Path

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.drafts import (
    CLIP_FPS,
    draft_size,
    draw_derived,
    draw_draft,
    make_clip,
    make_crossfade,
)
from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.generation.request import (
    VIDEO_PURPOSES,
    GenerationRequest,
    Outcome,
    Submission,
)
from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.model_defaults import last_frame_inputs

NAME = "offline"
MODEL = "storyboard/offline-draft"


class OfflineProvider:
    """Deterministic Pillow drafts (and a still-based ffmpeg clip) from prompt + seed."""

    name = NAME

    def __init__(self, scratch: Path, media_root: Path | None = None) -> None:
        self.scratch = scratch
        self.media = MediaLayout(media_root) if media_root is not None else None

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
        if request.purpose in ("image_to_image", *VIDEO_PURPOSES) and (
            request.parent_path is None or not request.parent_path.is_file()
        ):
            raise GenerationError(
                "The parent image is missing from the media store. Run `storyboard-app media "
                "verify` and pick another image.",
                kind=ErrorKind.LOCAL,
            )
        if request.purpose in VIDEO_PURPOSES:
            assert request.parent_path is not None
            target = self.scratch / f"draft-{uuid.uuid4().hex}.mp4"
            fps = request.inputs.get("fps")
            rate = fps if isinstance(fps, int) else CLIP_FPS
            try:
                if request.purpose == "first_last_frame":
                    make_crossfade(
                        request.parent_path,
                        self._end_frame(request),
                        target,
                        label=request.prompt[:80],
                        fps=rate,
                    )
                else:
                    make_clip(request.parent_path, target, label=request.prompt[:80], fps=rate)
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
            data = draw_draft(
                request.prompt,
                request.seed,
                size=draft_size(str(request.inputs.get("aspect_ratio") or "16:9")),
                references=self._references(request),
                shot_type=str(request.inputs.get("shot_type") or ""),
                ratio=str(request.inputs.get("aspect_ratio") or ""),
            )
        cancel.raise_if_cancelled()
        target = self.scratch / f"draft-{uuid.uuid4().hex}.png"
        target.write_bytes(data)
        return Outcome(output_path=target, metrics={"predict_time": 0.0})

    def _end_frame(self, request: GenerationRequest) -> Path:
        """The local file of a first-and-last-frame request's end frame (`media:<id>`)."""
        for name in last_frame_inputs():
            value = request.inputs.get(name)
            if isinstance(value, str) and value.startswith("media:") and self.media is not None:
                path = self.media.existing_path(value.removeprefix("media:"))
                if path is not None:
                    return path
        raise GenerationError(
            "The next shot's final image is missing from the media store. Run "
            "`storyboard-app media verify` and pick another final for it.",
            kind=ErrorKind.LOCAL,
        )

    def _references(self, request: GenerationRequest) -> list[tuple[str, Path | None]]:
        """(name, local file) of each reference the request names (`media:<storage id>`)."""
        images = request.inputs.get("reference_images")
        tags = request.inputs.get("reference_tags")
        if not isinstance(images, list):
            return []
        names = tags if isinstance(tags, list) else []
        found: list[tuple[str, Path | None]] = []
        for i, ref in enumerate(images):
            sid = str(ref).removeprefix("media:")
            path = self.media.existing_path(sid) if self.media is not None else None
            found.append((str(names[i]) if i < len(names) else f"ref {i + 1}", path))
        return found

    def cancel(self, prediction_id: str) -> None:
        return None
