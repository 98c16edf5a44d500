"""The final video of a project: which piece each shot contributes, then the assembly.

`segments_for` turns the timeline into pieces (a shot's current clip, else a still of its
final image: an animatic; a shot with no final image is a slate card of its length, so the
timing holds); `export_video` hands them to `media.video.assemble_video` at the project's
aspect ratio and frame rate. Blocking: call from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyboard_app.exports import names
from storyboard_app.exports.names import shot_title
from storyboard_app.exports.timeline import ShotEntry, Timeline, load_timeline, shot_duration
from storyboard_app.media.video import (
    AssemblyResult,
    CancelCheck,
    Progress,
    Segment,
    VideoFormat,
    assemble_video,
)
from storyboard_app.media.video_pieces import DEFAULT_LONG_SIDE
from storyboard_app.store.open_store import Store


@dataclass(frozen=True)
class SegmentPlan:
    """The pieces of the final video, and what was left out and why."""

    segments: tuple[Segment, ...]
    notes: tuple[str, ...]
    aspect_ratio: str = "16:9"  # the project's
    fps: int = 24  # the project's

    def video_format(self, long_side: int = DEFAULT_LONG_SIDE) -> VideoFormat:
        """The project's frame at `long_side` pixels on its long side, at its frame rate."""
        return VideoFormat.for_ratio(self.aspect_ratio, self.fps, long_side)


def slate_caption(entry: ShotEntry) -> str:
    """`S01 SH03 — title — no final image`: the card shown for a shot with no final image."""
    title = shot_title(entry.shot.description, entry.shot.initial_prompt)
    return names.slate_caption(entry.scene.scene_number, entry.shot.shot_number, title)


def shot_name(entry: ShotEntry) -> str:
    """How the notes name a shot for a creator: `Scene 2, shot 1`."""
    return f"Scene {entry.scene.scene_number}, shot {entry.shot.shot_number}"


def burn_in_code(entry: ShotEntry) -> str:
    """`S01 SH03`."""
    return names.shot_code(entry.scene.scene_number, entry.shot.shot_number)


def segments_for(timeline: Timeline, default_seconds: float) -> SegmentPlan:
    """Every shot in order: its current clip, else a still of its final image (an animatic),
    else a slate card lasting the shot's length.

    Each file is checked (present, SHA-256 intact) first: MediaError names a damaged shot.
    """
    segments: list[Segment] = []
    notes: list[str] = []
    for entry in timeline.entries:
        code = burn_in_code(entry)
        name = shot_name(entry)
        if entry.image is None or entry.image_path is None:
            notes.append(f"{name} shows a slate: it has no final image yet.")
            segments.append(
                Segment(
                    entry.label,
                    Path(),
                    "slate",
                    shot_duration(entry, default_seconds),
                    entry.shot.id,
                    caption=slate_caption(entry),
                    code=code,
                )
            )
            continue
        if entry.has_current_clip:
            segments.append(
                Segment(
                    entry.label,
                    entry.verified_clip_path(),
                    "clip",
                    entry.explicit_duration(),  # None: the clip's own length
                    entry.shot.id,
                    code=code,
                )
            )
            continue
        if entry.selection is not None and entry.selection.stale_reason:
            notes.append(f"{name} shows its still: {entry.selection.stale_reason}")
        elif entry.status == "animation failed":
            notes.append(f"{name} shows its still: its animation failed.")
        segments.append(
            Segment(
                entry.label,
                entry.verified_image_path(),
                "still",
                shot_duration(entry, default_seconds),
                entry.shot.id,
                code=code,
            )
        )
    project = timeline.project
    return SegmentPlan(tuple(segments), tuple(notes), project.aspect_ratio, project.fps)


def segments_for_project(
    store: Store, media_root: Path, project_id: int, default_seconds: float
) -> SegmentPlan:
    """`segments_for` on the project's timeline as stored now."""
    return segments_for(load_timeline(store, media_root, project_id), default_seconds)


@dataclass(frozen=True)
class VideoExport:
    """The assembled video and what its plan left out."""

    assembly: AssemblyResult
    plan: SegmentPlan

    @property
    def clips(self) -> int:
        return sum(1 for s in self.plan.segments if s.kind == "clip")

    @property
    def stills(self) -> int:
        return sum(1 for s in self.plan.segments if s.kind == "still")

    @property
    def slates(self) -> int:
        return sum(1 for s in self.plan.segments if s.kind == "slate")


def export_video(
    timeline: Timeline,
    target: Path,
    *,
    cache_dir: Path,
    default_seconds: float,
    fmt: VideoFormat | None = None,
    long_side: int = DEFAULT_LONG_SIDE,
    crossfade: float = 0.0,
    burn_in: bool = False,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> VideoExport:
    """Assemble the timeline's final video into `target` (written atomically).

    The frame is `fmt`, else the project's aspect ratio at `long_side` pixels and its frame
    rate; pictures of another shape are letterboxed, never stretched.
    """
    plan = segments_for(timeline, default_seconds)
    assembly = assemble_video(
        plan.segments,
        target,
        cache_dir=cache_dir,
        fmt=fmt or plan.video_format(long_side),
        crossfade=crossfade,
        progress=progress,
        cancel=cancel,
        burn_in=burn_in,
    )
    return VideoExport(assembly, plan)
