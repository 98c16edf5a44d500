"""The storyboard as an OpenTimelineIO timeline (`.otio`) for DaVinci Resolve and others.

The main sequence of `exports.sequence` (the cut only: one item per shot, gaps, the
project's frame rate, 01:00:00:00, scene markers, dissolves with a crossfade), with media
referenced where the data folder keeps it. The editorial folder (`exports.editorial`)
writes the same sequence with media copied beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import opentimelineio as otio

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.exports.sequence import (
    METADATA_KEY,
    absolute_url,
    build_sequence,
    gap_note,
    plan_cut,
    sequence_rate,
)
from storyboard_app.exports.timeline import Timeline
from storyboard_app.media.atomic import atomic_path
from storyboard_app.store.open_store import Store

__all__ = ["METADATA_KEY", "OtioExport", "check_parses", "export_otio"]


@dataclass(frozen=True)
class OtioExport:
    """What was written."""

    path: Path
    clips: int
    alternates: int  # listed in the clips' metadata
    skipped: tuple[str, ...]  # shots that are a gap: no final image yet
    gaps: int = 0


def check_parses(path: Path, items: int) -> None:
    """The written file parses with OpenTimelineIO and holds every item of the cut."""
    try:
        read = otio.adapters.read_from_file(str(path), adapter_name="otio_json")
        found = sum(1 for child in read.tracks[0] if not isinstance(child, otio.schema.Transition))
    except Exception as exc:  # OTIO raises its own and plain errors for a bad file
        raise EnvironmentProblemError(
            f"The timeline written to {path.name} does not parse (is the disk full or "
            "failing?). Nothing was kept."
        ) from exc
    if found != items:
        raise EnvironmentProblemError(
            f"The timeline written to {path.name} holds {found} of {items} shots. Nothing was kept."
        )


def export_otio(
    store: Store,
    timeline: Timeline,
    target: Path,
    default_seconds: float,
    crossfade: float = 0.0,
) -> OtioExport:
    """Write the `.otio` file atomically.

    Every file it references (final images, current clips, alternates) is checked first
    (present, SHA-256 intact); a missing or damaged one raises MediaError naming the shot
    and nothing is written.
    """
    timeline.check_media()
    rate = sequence_rate(timeline)
    items = plan_cut(store, timeline, default_seconds, rate)
    result = build_sequence(store, timeline.project, items, rate, absolute_url, crossfade)
    target = Path(target)
    with atomic_path(target, "timeline", check=lambda tmp: check_parses(tmp, len(items))) as tmp:
        otio.adapters.write_to_file(result, str(tmp), adapter_name="otio_json")
    gaps = [item for item in items if item.kind == "gap"]
    return OtioExport(
        target.expanduser().absolute(),
        clips=len(items) - len(gaps),
        alternates=sum(len(item.alternates) for item in items),
        skipped=tuple(gap_note(item) for item in gaps),
        gaps=len(gaps),
    )
