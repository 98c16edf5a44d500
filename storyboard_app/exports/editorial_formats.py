"""The editorial folder's timeline files: written by OpenTimelineIO's adapters, each read back
with the same adapter, and every media reference checked to resolve inside the folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import opentimelineio as otio

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.exports.sequence import METADATA_KEY, START_SECONDS, CutItem
from storyboard_app.media.atomic import flush_to_disk

MAX_TIMELINE_BYTES = 64 * 1024 * 1024
WHAT = {"otio_json": "OpenTimelineIO", "cmx_3600": "EDL", "fcp_xml": "Final Cut Pro XML"}


def _rate(sequence: otio.schema.Timeline) -> float:
    start = sequence.global_start_time
    return float(start.rate) if start is not None else 24.0


def write_checked(obj: otio.core.SerializableObject, path: Path, adapter: str) -> Any:
    """Write `obj` with `adapter`, flush it, and read it back with the same adapter."""
    otio.adapters.write_to_file(obj, str(path), adapter_name=adapter)
    flush_to_disk(path)
    extra: dict[str, Any] = {}
    if adapter == "cmx_3600" and isinstance(obj, otio.schema.Timeline):
        extra["rate"] = _rate(obj)
    try:
        return otio.adapters.read_from_file(str(path), adapter_name=adapter, **extra)
    except Exception as exc:  # every adapter raises its own and plain errors for a bad file
        raise EnvironmentProblemError(
            f"The {WHAT.get(adapter, adapter)} timeline written to {path.name} does not read "
            "back (is the disk full or failing?). Nothing was kept."
        ) from exc


def _reel(clip: otio.schema.Clip) -> str:
    """`S01SH02`: a CMX 3600 reel name is at most 8 characters, with no spaces."""
    data = clip.metadata.get(METADATA_KEY, {})
    reel = f"S{data.get('scene_number', 0):02d}SH{data.get('shot_number', 0):02d}"
    return reel if len(reel) <= 8 else "AX"


def edl_timeline(sequence: otio.schema.Timeline) -> otio.schema.Timeline:
    """A copy of the sequence as the CMX 3600 writer needs it.

    The writer counts record time from the track's start and ignores the timeline's start
    time, so a one-hour gap (which an EDL writes as nothing) leads the copy: the first event
    records at 01:00:00:00. Each clip gets its reel; each scene's first clip a locator.
    """
    copy = sequence.deepcopy()
    track = copy.tracks[0]
    rate = _rate(sequence)
    lead = otio.opentime.TimeRange(duration=otio.opentime.RationalTime(START_SECONDS * rate, rate))
    track.insert(0, otio.schema.Gap(source_range=lead))
    seen_scenes: set[object] = set()
    for clip in track.find_clips():
        data = clip.metadata.get(METADATA_KEY, {})
        clip.metadata["cmx_3600"] = {"reel": _reel(clip)}
        ref = clip.media_reference
        if isinstance(ref, otio.schema.ExternalReference) and ref.target_url:
            ref.target_url = unquote(ref.target_url)  # a path, as an editor reads it
        scene = data.get("scene_number")
        if scene not in seen_scenes:
            seen_scenes.add(scene)
            clip.markers.append(
                otio.schema.Marker(
                    name=f"Scene {scene}",
                    marked_range=otio.opentime.TimeRange(
                        clip.source_range.start_time, otio.opentime.RationalTime(0, rate)
                    ),
                    color=otio.schema.MarkerColor.GREEN,
                )
            )
    return copy


def alternates_bin(
    sequence: otio.schema.Timeline, items: Sequence[CutItem]
) -> otio.schema.SerializableCollection | None:
    """A bin of every alternate (the other variants of each final round) as a still clip of
    its shot's length; None when there are none."""
    rate = _rate(sequence)
    frames = {item.entry.shot.id: item.frames for item in items}
    clips = []
    for clip in sequence.tracks[0].find_clips():
        data = clip.metadata.get(METADATA_KEY, {})
        length = otio.opentime.TimeRange(
            duration=otio.opentime.RationalTime(frames.get(data.get("shot_id"), 1), rate)
        )
        code = f"S{data.get('scene_number', 0):02d} SH{data.get('shot_number', 0):02d}"
        for alt in data.get("alternates", []):
            clips.append(
                otio.schema.Clip(
                    name=f"{code} alternate {alt['variant']}",
                    media_reference=otio.schema.ExternalReference(
                        target_url=alt["target_url"], available_range=length
                    ),
                    source_range=length,
                    metadata={METADATA_KEY: {**alt, "alternate_of_shot_id": data.get("shot_id")}},
                )
            )
    if not clips:
        return None
    return otio.schema.SerializableCollection(name="Alternates", children=clips)


def _urls(obj: Any) -> list[str]:
    found = []
    for clip in obj.find_clips():
        ref = clip.media_reference
        if isinstance(ref, otio.schema.ExternalReference) and ref.target_url:
            found.append(ref.target_url)
    return found


def check_folder_files(folder: Path, read_back: Sequence[Any], sequence: Any) -> None:
    """Every media reference of every timeline file resolves to a file inside `folder`, and
    each timeline holds as many clips as the sequence."""
    clips = len(list(sequence.tracks[0].find_clips()))
    for index, timeline in enumerate(read_back):
        urls = _urls(timeline)
        if index < 3 and len(urls) != clips:  # the three timelines; then the alternates bin
            raise EnvironmentProblemError(
                f"A timeline of the editorial folder reads back with {len(urls)} of {clips} "
                "clips. Nothing was kept."
            )
        for url in urls:
            if not (folder / unquote(url)).is_file():
                raise EnvironmentProblemError(
                    f"The editorial timeline names {unquote(url)}, which was not copied. "
                    "Nothing was kept."
                )


def is_editorial_timeline(path: Path) -> bool:
    """The `.otio` file is one an editorial export of this app wrote."""
    try:
        if path.stat().st_size > MAX_TIMELINE_BYTES:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return isinstance(metadata, dict) and METADATA_KEY in metadata
