"""The editorial folder's timeline files: written by OpenTimelineIO's adapters, each read back
with the same adapter, and every media reference checked to resolve inside the folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import opentimelineio as otio

from storyboard_app.domain.errors import EnvironmentProblemError, StoryboardError
from storyboard_app.domain.file_names import single_line
from storyboard_app.exports.sequence import METADATA_KEY, START_SECONDS, CutItem
from storyboard_app.media.atomic import explain_os_error, flush_to_disk

WHAT = {"otio_json": "OpenTimelineIO", "cmx_3600": "EDL", "fcp_xml": "Final Cut Pro XML"}


def _rate(sequence: otio.schema.Timeline) -> float:
    start = sequence.global_start_time
    return float(start.rate) if start is not None else 24.0


# otio-cmx3600-adapter 1.0 writes a dissolve as `D 010    `; CMX 3600's columns are the
# transition in four characters, a space, then its length (`D    010 `), which strict readers
# (pycmx, Avid) need. Only that field is moved; the line keeps its length.
_DISSOLVE = re.compile(r"^(\d{3,}  \S.{7} .{5} )D (\d{3})    (?=\d\d:)", re.MULTILINE)


def _edl_text(timeline: otio.schema.Timeline) -> str:
    """The CMX 3600 writer's text, with the frame-count mode line every EDL reader expects
    after the title (the writer leaves a blank line there; our rates are non-drop) and its
    dissolves in CMX 3600's columns."""
    text: str = otio.adapters.write_to_string(timeline, adapter_name="cmx_3600")
    text = _DISSOLVE.sub(r"\1D    \2 ", text)
    title, blank, rest = text.partition("\n\n")
    if blank and title.startswith("TITLE:") and "\n" not in title:
        return f"{title}\nFCM: NON-DROP FRAME\n{rest}"
    return text


def write_checked(obj: otio.core.SerializableObject, path: Path, adapter: str) -> Any:
    """Write `obj` with `adapter`, flush it, and read it back with the same adapter."""
    if adapter == "cmx_3600" and isinstance(obj, otio.schema.Timeline):
        path.write_text(_edl_text(obj), encoding="utf-8", newline="\n")
    else:
        otio.adapters.write_to_file(obj, str(path), adapter_name=adapter)
    flush_to_disk(path)
    extra: dict[str, Any] = {}
    if adapter == "cmx_3600" and isinstance(obj, otio.schema.Timeline):
        extra["rate"] = _rate(obj)
    try:
        return otio.adapters.read_from_file(str(path), adapter_name=adapter, **extra)
    except OSError as exc:  # the disk: told as the disk
        raise explain_os_error(exc, path, f"{WHAT.get(adapter, adapter)} timeline") from exc
    except Exception as exc:  # every adapter raises its own and plain errors for a bad file
        reason = single_line(str(exc), 160) or type(exc).__name__
        raise StoryboardError(
            f"The {WHAT.get(adapter, adapter)} timeline written to {path.name} does not read "
            f"back ({reason}). Nothing was kept; export again without a crossfade, or report "
            "this with the project."
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
    records at 01:00:00:00. A dissolve into or out of a gap becomes a cut at the same frame
    (the writer would write it from a black event its reader cannot read back), so every
    record time stays the other timelines'. Each clip gets its reel; each scene's first clip
    a locator.
    """
    copy = sequence.deepcopy()
    track = copy.tracks[0]
    rate = _rate(sequence)
    for index in reversed(range(len(track))):
        if isinstance(track[index], otio.schema.Transition):
            neighbours = track[index - 1 : index + 2 : 2]
            if any(isinstance(item, otio.schema.Gap) for item in neighbours):
                del track[index]  # the items keep their lengths: the cut sits where it did
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


def _shots(obj: Any) -> int:
    """Clips that show a shot (an EDL reads a gap back as a clip of black)."""
    return sum(
        1
        for clip in obj.find_clips()
        if not isinstance(clip.media_reference, otio.schema.GeneratorReference)
    )


def check_folder_files(folder: Path, read_back: Sequence[Any], sequence: Any) -> None:
    """Each timeline (.otio, .edl, .xml) reads back with as many shown shots as the sequence,
    and every media reference of the .otio, .xml and alternates bin resolves to a file inside
    `folder` (an EDL names its files in comments only)."""
    clips = _shots(sequence)
    for index, timeline in enumerate(read_back):
        if index < 3 and _shots(timeline) != clips:  # the three timelines; then the bin
            raise EnvironmentProblemError(
                f"A timeline of the editorial folder reads back with {_shots(timeline)} of "
                f"{clips} shots. Nothing was kept."
            )
        if index == 1:
            continue
        for url in _urls(timeline):
            if not (folder / unquote(url)).is_file():
                raise EnvironmentProblemError(
                    f"The editorial timeline names {unquote(url)}, which was not copied. "
                    "Nothing was kept."
                )
