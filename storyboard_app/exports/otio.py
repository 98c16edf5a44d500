"""The storyboard as an OpenTimelineIO timeline (`.otio`) for DaVinci Resolve and others.

One clip per shot with a final image, referencing its current clip or else the still
image; a marker per scene; each clip's metadata carries prompt, seed, model, provider and
the lineage of the final image. The other variants of the final round sit on disabled
"Alternates" tracks at the same positions, ready to swap in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opentimelineio as otio

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.exports.timeline import ShotEntry, Timeline, clip_duration, shot_duration
from storyboard_app.media.atomic import atomic_path
from storyboard_app.media.store import verified_file
from storyboard_app.store.dto import ImageInfo
from storyboard_app.store.open_store import Store

METADATA_KEY = "storyboard_studio"
DEFAULT_RATE = 24.0


@dataclass(frozen=True)
class OtioExport:
    """What was written."""

    path: Path
    clips: int
    alternates: int
    skipped: tuple[str, ...]


def _time(seconds: float, rate: float) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(round(seconds * rate), rate)


def _range(start: float, seconds: float, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_time(start, rate), _time(seconds, rate))


def _image_metadata(image: ImageInfo) -> dict[str, Any]:
    params = image.generation_params
    return {
        "image_id": image.id,
        "iteration": image.iteration_number,
        "variant": image.variant_number,
        "prompt": image.iteration_prompt,
        "seed": image.seed,
        "model": params.get("model"),
        "provider": image.provider,
        "parent_image_id": image.parent_image_id,
        "is_favorite": image.is_favorite,
    }


def _reference(path: Path, seconds: float, rate: float) -> otio.schema.ExternalReference:
    return otio.schema.ExternalReference(
        target_url=path.absolute().as_uri(), available_range=_range(0, seconds, rate)
    )


def _clip_for(store: Store, entry: ShotEntry, seconds: float, rate: float) -> otio.schema.Clip:
    assert entry.image is not None
    image_path = entry.verified_image_path()
    use_clip = entry.has_current_clip
    hold = 0.0
    if use_clip:
        clip_path = entry.verified_clip_path()
        available = clip_duration(clip_path) or seconds
        # The media's true length; a shot longer than its clip holds the last frame in the
        # final video, which the metadata records for the editor.
        reference = _reference(clip_path, available, rate)
        hold = max(0.0, seconds - available)
    else:
        reference = _reference(image_path, seconds, rate)
    lineage = [_image_metadata(img) for img in store.images.lineage(entry.image.id)]
    sel = entry.selection
    metadata: dict[str, Any] = {
        **_image_metadata(entry.image),
        "scene_number": entry.scene.scene_number,
        "scene_title": entry.scene.title,
        "shot_number": entry.shot.shot_number,
        "shot_id": entry.shot.id,
        "description": entry.shot.description,
        "status": entry.status,
        "media": "clip" if use_clip else "still",
        "duration_seconds": seconds,
        "hold_last_frame_seconds": round(hold, 3),
        "motion_prompt": sel.motion_prompt if sel else "",
        "animation_model": (sel.animation_params.get("model") if sel else None),
        "stale_reason": sel.stale_reason if sel else None,
        "lineage": lineage,
    }
    return otio.schema.Clip(
        name=f"{entry.code} {entry.shot.description or entry.prompt}"[:120],
        media_reference=reference,
        source_range=_range(0, seconds, rate),
        metadata={METADATA_KEY: metadata},
    )


def build_timeline(
    store: Store, timeline: Timeline, default_seconds: float, rate: float = DEFAULT_RATE
) -> tuple[otio.schema.Timeline, int, int, list[str]]:
    """The OTIO timeline, the number of clips and alternates, and the shots left out."""
    project = timeline.project
    result = otio.schema.Timeline(
        name=project.title,
        metadata={
            METADATA_KEY: {
                "project_id": project.id,
                "title": project.title,
                "description": project.description,
            }
        },
    )
    main = otio.schema.Track(name="Storyboard", kind=otio.schema.TrackKind.Video)
    alternate_tracks: list[otio.schema.Track] = []
    alt_cursor: list[float] = []  # where each alternate track's content ends, in seconds
    skipped: list[str] = []
    clips = alternates = 0
    position = 0.0
    scene_start: dict[int, tuple[float, str]] = {}
    scene_end: dict[int, float] = {}
    for entry in timeline.entries:
        if entry.image is None or entry.image_path is None:
            skipped.append(f"{entry.label}: no final image yet")
            continue
        seconds = round(shot_duration(entry, default_seconds) * rate) / rate
        main.append(_clip_for(store, entry, seconds, rate))
        clips += 1
        scene_start.setdefault(
            entry.scene.id, (position, f"Scene {entry.scene.scene_number}: {entry.scene.title}")
        )
        others = [
            img
            for img in store.images.round(entry.shot.id, entry.image.iteration_number)
            if img.id != entry.image.id and img.image_storage_id
        ]
        for index, img in enumerate(others):
            if index == len(alternate_tracks):
                track = otio.schema.Track(
                    name=f"Alternates {index + 1}", kind=otio.schema.TrackKind.Video
                )
                track.enabled = False
                alternate_tracks.append(track)
                alt_cursor.append(0.0)
            track = alternate_tracks[index]
            if alt_cursor[index] < position:
                gap = _range(0, position - alt_cursor[index], rate)
                track.append(otio.schema.Gap(source_range=gap))
            assert img.image_storage_id is not None
            path = verified_file(
                timeline.media.path_for(img.image_storage_id),
                f"variant {img.variant_number} (round {img.iteration_number}) of {entry.label}",
            )
            track.append(
                otio.schema.Clip(
                    name=f"{entry.code} variant {img.variant_number}",
                    media_reference=_reference(path, seconds, rate),
                    source_range=_range(0, seconds, rate),
                    metadata={
                        METADATA_KEY: {
                            **_image_metadata(img),
                            "alternate_of_image_id": entry.image.id,
                            "shot_id": entry.shot.id,
                        }
                    },
                )
            )
            alt_cursor[index] = position + seconds
            alternates += 1
        position += seconds
        scene_end[entry.scene.id] = position
    for scene_id, (start, name) in scene_start.items():
        main.markers.append(
            otio.schema.Marker(
                name=name,
                marked_range=_range(start, scene_end[scene_id] - start, rate),
                color=otio.schema.MarkerColor.GREEN,
                metadata={METADATA_KEY: {"scene_id": scene_id}},
            )
        )
    result.tracks.append(main)
    for track in alternate_tracks:
        result.tracks.append(track)
    return result, clips, alternates, skipped


def _check_parses(path: Path, clips: int) -> None:
    """The written file parses with OpenTimelineIO and holds every clip."""
    try:
        read = otio.adapters.read_from_file(str(path), adapter_name="otio_json")
        found = len(read.tracks[0].find_clips()) if clips else 0
    except Exception as exc:  # OTIO raises its own and plain errors for a bad file
        raise EnvironmentProblemError(
            f"The timeline written to {path.name} does not parse (is the disk full or "
            "failing?). Nothing was kept."
        ) from exc
    if found != clips:
        raise EnvironmentProblemError(
            f"The timeline written to {path.name} holds {found} of {clips} clips. Nothing was kept."
        )


def export_otio(
    store: Store,
    timeline: Timeline,
    target: Path,
    default_seconds: float,
    rate: float = DEFAULT_RATE,
) -> OtioExport:
    """Write the `.otio` file atomically.

    Every file it references (final images, current clips, alternates) is checked first
    (present, SHA-256 intact); a missing or damaged one raises MediaError naming the shot
    and nothing is written.
    """
    timeline.check_media()
    result, clips, alternates, skipped = build_timeline(store, timeline, default_seconds, rate)
    target = Path(target)
    with atomic_path(target, "timeline", check=lambda tmp: _check_parses(tmp, clips)) as tmp:
        otio.adapters.write_to_file(result, str(tmp), adapter_name="otio_json")
    return OtioExport(target.expanduser().absolute(), clips, alternates, tuple(skipped))
