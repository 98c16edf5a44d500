"""The cut as one OpenTimelineIO main sequence, shared by the `.otio` export and the editorial
folder so both hand an editor the same timeline.

One item per shot in scene/shot order: its current clip, else its final image held for the
shot's length, else a Gap (no final image yet) of the shot's length. The sequence runs at
the project's frame rate and starts at 01:00:00:00; scene markers sit on the timeline, and
a crossfade puts the same dissolves between shots as the final video has. Alternates (the
other variants of the final round) never sit on a track: they are listed in each clip's
metadata. Names are short and single-line (`S01 SH02 — title`); the prompt, seed, model
and lineage are in the metadata.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import opentimelineio as otio

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.file_names import single_line
from storyboard_app.exports.timeline import ShotEntry, Timeline, clip_duration, shot_duration
from storyboard_app.media.store import verified_file
from storyboard_app.store.dto import ImageInfo, ProjectInfo
from storyboard_app.store.open_store import Store

METADATA_KEY = "storyboard_studio"
START_SECONDS = 3600  # 01:00:00:00, where editors expect a programme to start
TITLE_LENGTH = 48


@dataclass(frozen=True)
class CutItem:
    """One shot of the cut: what it shows, for how long, and its alternates."""

    entry: ShotEntry
    frames: int  # its length at the sequence's rate
    kind: str  # "clip", "still" or "gap"
    source: Path | None  # the checked file it shows; None for a gap
    available_frames: int | None  # a clip's own length
    alternates: tuple[tuple[ImageInfo, Path], ...]  # other variants of the final round

    @property
    def name(self) -> str:
        """`S01 SH02 — title`, one line."""
        return clip_name(self.entry)


Locate = Callable[[CutItem, ImageInfo | None], str]
"""The target URL of a cut item's media (None) or of one of its alternates (the image)."""


def clip_name(entry: ShotEntry) -> str:
    """`S01 SH02 — title`: the shot's description, else its prompt, cut to one short line."""
    code = f"S{entry.scene.scene_number:02d} SH{entry.shot.shot_number:02d}"
    title = single_line(entry.shot.description or entry.prompt, TITLE_LENGTH)
    return f"{code} — {title}" if title else code


def gap_note(item: CutItem) -> str:
    """`Scene 2, shot 2 has no final image yet: a gap in the timeline.`"""
    return item.entry.no_final_note("a gap in the timeline")


def _alternates(
    store: Store, timeline: Timeline, entry: ShotEntry
) -> tuple[tuple[ImageInfo, Path], ...]:
    assert entry.image is not None
    found = []
    for img in store.images.round(entry.shot.id, entry.image.iteration_number):
        usable = img.status == ImageStatus.COMPLETE and img.image_storage_id and not img.is_rejected
        if img.id == entry.image.id or not usable:
            continue
        what = f"variant {img.variant_number} (round {img.iteration_number}) of {entry.label}"
        assert img.image_storage_id is not None
        found.append((img, verified_file(timeline.media.path_for(img.image_storage_id), what)))
    return tuple(found)


def plan_cut(store: Store, timeline: Timeline, default_seconds: float, rate: int) -> list[CutItem]:
    """Every shot of the timeline as a cut item (files checked: MediaError names a shot)."""
    items = []
    for entry in timeline.entries:
        frames = max(1, round(shot_duration(entry, default_seconds) * rate))
        if entry.image is None or entry.image_path is None:
            items.append(CutItem(entry, frames, "gap", None, None, ()))
            continue
        alternates = _alternates(store, timeline, entry)
        if entry.has_current_clip:
            path = entry.verified_clip_path()
            own = clip_duration(path)
            available = round(own * rate) if own else None
            items.append(CutItem(entry, frames, "clip", path, available, alternates))
        else:
            path = entry.verified_image_path()
            items.append(CutItem(entry, frames, "still", path, None, alternates))
    return items


def check_crossfade(items: Sequence[CutItem], fade_frames: int, rate: int) -> None:
    """A dissolve needs half its length of picture on each side of every cut."""
    if fade_frames <= 0 or len(items) < 2:
        return
    shortest = min(items, key=lambda item: item.frames)
    if fade_frames >= shortest.frames:
        raise InvalidInputError(
            f"A {fade_frames / rate:g}-second crossfade is longer than the shortest shot "
            f"({shortest.entry.label}, {shortest.frames / rate:g} s). Choose a shorter crossfade."
        )


def _image_metadata(image: ImageInfo) -> dict[str, Any]:
    return {
        "image_id": image.id,
        "iteration": image.iteration_number,
        "variant": image.variant_number,
        "prompt": image.iteration_prompt,
        "seed": image.seed,
        "model": image.generation_params.get("model"),
        "provider": image.provider,
        "parent_image_id": image.parent_image_id,
        "is_favorite": image.is_favorite,
    }


def _shot_metadata(store: Store, item: CutItem, locate: Locate) -> dict[str, Any]:
    entry = item.entry
    shot = entry.shot
    data: dict[str, Any] = {
        "scene_number": entry.scene.scene_number,
        "scene_title": entry.scene.title,
        "shot_number": shot.shot_number,
        "shot_id": shot.id,
        "description": shot.description,
        "initial_prompt": shot.initial_prompt,
        "shot_type": shot.fields.shot_type,
        "angle": shot.fields.angle,
        "move": shot.fields.move,
        "dialogue": shot.fields.dialogue,
        "action": shot.fields.action,
        "notes": shot.fields.notes,
        "status": entry.status,
        "media": item.kind,
    }
    if entry.image is None:
        return data
    sel = entry.selection
    hold = 0 if item.available_frames is None else max(0, item.frames - item.available_frames)
    data.update(_image_metadata(entry.image))
    data.update(
        {
            "hold_last_frame_frames": hold,
            "motion_prompt": sel.motion_prompt if sel else "",
            "animation_model": sel.animation_params.get("model") if sel else None,
            "stale_reason": sel.stale_reason if sel else None,
            "lineage": [_image_metadata(img) for img in store.images.lineage(entry.image.id)],
            "alternates": [
                {**_image_metadata(img), "target_url": locate(item, img)}
                for img, _path in item.alternates
            ],
        }
    )
    return data


def _frames(count: int, rate: int) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(count, rate)


def _range(start: int, duration: int, rate: int) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_frames(start, rate), _frames(duration, rate))


def _item(
    store: Store, item: CutItem, lead: int, tail: int, rate: int, locate: Locate
) -> otio.core.Item:
    metadata = {METADATA_KEY: _shot_metadata(store, item, locate)}
    shown = _range(lead, item.frames - lead - tail, rate)
    if item.kind == "gap":
        gap = otio.schema.Gap(source_range=shown, name=f"{item.name} (no final image)")
        gap.metadata.update(metadata)
        return gap
    available = item.available_frames if item.kind == "clip" else None
    url = locate(item, None)
    reference = otio.schema.ExternalReference(
        target_url=url,
        available_range=_range(0, available or item.frames, rate),
    )
    reference.name = unquote(url.rsplit("/", 1)[-1])  # the file's name, as an editor reads it
    return otio.schema.Clip(
        name=item.name, media_reference=reference, source_range=shown, metadata=metadata
    )


def build_sequence(
    store: Store,
    project: ProjectInfo,
    items: Sequence[CutItem],
    rate: int,
    locate: Locate,
    crossfade: float = 0.0,
) -> otio.schema.Timeline:
    """The main sequence of `items` at `rate`, dissolving `crossfade` seconds at each cut."""
    fade = round(crossfade * rate) if len(items) > 1 else 0
    check_crossfade(items, fade, rate)
    before, after = fade // 2, fade - fade // 2  # of the cut: taken from the A and B sides
    timeline = otio.schema.Timeline(
        name=single_line(project.title, 80) or "Storyboard",
        metadata={
            METADATA_KEY: {
                "project_id": project.id,
                "title": project.title,
                "description": project.description,
                "fps": rate,
                "crossfade_frames": fade,
            }
        },
    )
    timeline.global_start_time = _frames(START_SECONDS * rate, rate)
    track = otio.schema.Track(name="Storyboard", kind=otio.schema.TrackKind.Video)
    scenes: dict[int, list[int]] = {}  # scene id -> [first frame, end frame]
    names: dict[int, str] = {}
    position = 0
    for index, item in enumerate(items):
        if index and fade:
            track.append(
                otio.schema.Transition(
                    name="Cross Dissolve",
                    transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=_frames(before, rate),
                    out_offset=_frames(after, rate),
                )
            )
        lead = before if index and fade else 0
        tail = after if index < len(items) - 1 and fade else 0
        track.append(_item(store, item, lead, tail, rate, locate))
        scene = item.entry.scene
        span = scenes.setdefault(scene.id, [position, position])
        position += item.frames - lead - tail
        span[1] = position
        names[scene.id] = single_line(f"Scene {scene.scene_number}: {scene.title}", 80)
    for scene_id, (start, end) in scenes.items():
        timeline.tracks.markers.append(
            otio.schema.Marker(
                name=names[scene_id],
                marked_range=_range(start, end - start, rate),
                color=otio.schema.MarkerColor.GREEN,
                metadata={METADATA_KEY: {"scene_id": scene_id}},
            )
        )
    timeline.tracks.append(track)
    return timeline


def absolute_url(item: CutItem, image: ImageInfo | None) -> str:
    """The stored file itself (the `.otio` export, which copies no media)."""
    if image is None:
        assert item.source is not None
        return item.source.absolute().as_uri()
    path = next(p for img, p in item.alternates if img.id == image.id)
    return path.absolute().as_uri()


def sequence_rate(timeline: Timeline) -> int:
    """The project's frame rate (24, 25 or 30)."""
    return int(timeline.project.fps or 24)
