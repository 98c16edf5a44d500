"""The final video of a project: which piece each shot contributes, then the assembly.

`segments_for` turns the timeline into pieces (a shot's current clip, else a still of its
final image: an animatic); `export_video` hands them to `media.video.assemble_video`.
Blocking: call from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyboard_app.exports.timeline import Timeline, load_timeline, shot_duration
from storyboard_app.media.video import (
    AssemblyResult,
    CancelCheck,
    Progress,
    Segment,
    VideoFormat,
    assemble_video,
)
from storyboard_app.store.open_store import Store


@dataclass(frozen=True)
class SegmentPlan:
    """The pieces of the final video, and what was left out and why."""

    segments: tuple[Segment, ...]
    notes: tuple[str, ...]


def segments_for(timeline: Timeline, default_seconds: float) -> SegmentPlan:
    """Every final pick in order: its current clip, else a still of its image (an animatic).

    Each file is checked (present, SHA-256 intact) first: MediaError names a damaged shot.
    """
    segments: list[Segment] = []
    notes: list[str] = []
    for entry in timeline.entries:
        if entry.image is None or entry.image_path is None:
            notes.append(f"Skipped {entry.label}: it has no final image yet.")
            continue
        if entry.has_current_clip:
            segments.append(
                Segment(
                    entry.label,
                    entry.verified_clip_path(),
                    "clip",
                    entry.explicit_duration(),  # None: the clip's own length
                    entry.shot.id,
                )
            )
            continue
        if entry.selection is not None and entry.selection.stale_reason:
            notes.append(f"{entry.label} shows its still: {entry.selection.stale_reason}")
        elif entry.status == "animation failed":
            notes.append(f"{entry.label} shows its still: its animation failed.")
        segments.append(
            Segment(
                entry.label,
                entry.verified_image_path(),
                "still",
                shot_duration(entry, default_seconds),
                entry.shot.id,
            )
        )
    return SegmentPlan(tuple(segments), tuple(notes))


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
        return len(self.plan.segments) - self.clips


def export_video(
    timeline: Timeline,
    target: Path,
    *,
    cache_dir: Path,
    default_seconds: float,
    fmt: VideoFormat | None = None,
    crossfade: float = 0.0,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> VideoExport:
    """Assemble the timeline's final video into `target` (written atomically)."""
    plan = segments_for(timeline, default_seconds)
    assembly = assemble_video(
        plan.segments,
        target,
        cache_dir=cache_dir,
        fmt=fmt,
        crossfade=crossfade,
        progress=progress,
        cancel=cancel,
    )
    return VideoExport(assembly, plan)
