"""The editorial folder: the cut as `.otio`, `.edl` (CMX 3600) and `.xml` (Final Cut Pro 7),
written by OpenTimelineIO and its adapters, with `media/` beside them.

Every media file is copied under a readable name with its real extension
(`media/S01_SH02_<slug>.mp4`, `.png` for stills; alternates under `media/alternates/`) and
referenced by a path relative to the folder, so the folder can be moved or zipped. The
folder is built under a hidden temporary name beside its destination, each file flushed
and the timelines read back, then renamed into place: a failure leaves nothing behind and
creates no folder. Blocking: call from a worker thread.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import opentimelineio as otio

from storyboard_app.domain.errors import InvalidInputError, StoryboardError
from storyboard_app.domain.file_names import file_slug
from storyboard_app.exports.editorial_destination import (
    FILES_KEY,
    check_destination,
    folder_for,
    foreign_files,
    foreign_message,
)
from storyboard_app.exports.editorial_formats import (
    alternates_bin,
    check_folder_files,
    edl_timeline,
    write_checked,
)
from storyboard_app.exports.images import image_extension
from storyboard_app.exports.sequence import (
    METADATA_KEY,
    CutItem,
    build_sequence,
    gap_note,
    plan_cut,
    sequence_rate,
)
from storyboard_app.exports.timeline import Timeline
from storyboard_app.media.atomic import explain_os_error, flush_to_disk
from storyboard_app.store.dto import ImageInfo
from storyboard_app.store.open_store import Store

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]
MEDIA = "media"
ALTERNATES = "alternates"
TIMELINE_SUFFIXES = (".otio", ".edl", ".xml")
__all__ = ["check_destination", "export_editorial", "folder_for"]  # where both faces look


class EditorialCancelledError(StoryboardError):
    """The user stopped the export; the folder was not made."""


@dataclass(frozen=True)
class EditorialExport:
    """What the editorial folder holds."""

    folder: Path
    timelines: tuple[Path, ...]  # the .otio, .edl and .xml, then the alternates bin
    clips: int
    stills: int
    gaps: int
    alternates: int
    media_files: int
    skipped: tuple[str, ...]  # the shots that are a gap: no final image yet

    def summary(self) -> str:
        """`3 shots, 1 gap, 18 media files`."""

        def counted(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return ", ".join(
            (
                counted(self.clips + self.stills, "shot"),
                counted(self.gaps, "gap"),
                counted(self.media_files, "media file"),
            )
        )


def _extension(item: CutItem) -> str:
    assert item.source is not None
    if item.kind == "still":
        return image_extension(item.source)
    return clip_extension(item.source)


def clip_extension(path: Path) -> str:
    """The extension of a clip's container, from its first bytes (the store keeps files
    without one): `.mp4`, `.mov`, `.webm`, `.mkv` or `.gif`; `.mp4` when unsure."""
    with path.open("rb") as fh:
        head = fh.read(64)
    if head[4:8] == b"ftyp":
        return ".mov" if head[8:12] == b"qt  " else ".mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska, or its WebM profile
        return ".webm" if b"webm" in head else ".mkv"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    return ".mp4"


def _title(item: CutItem) -> str:
    return file_slug(item.entry.shot.description or item.entry.prompt)


@dataclass(frozen=True)
class _Copy:
    source: Path
    relative: str  # POSIX path inside the folder


def _media_plan(items: list[CutItem]) -> tuple[dict[tuple[int, int | None], _Copy], int]:
    """(shot id, alternate image id or None) → the copy to make; and how many alternates."""
    plan: dict[tuple[int, int | None], _Copy] = {}
    alternates = 0
    for item in items:
        if item.source is None:
            continue
        code, title = item.entry.code, _title(item)
        plan[(item.entry.shot.id, None)] = _Copy(
            item.source, f"{MEDIA}/{code}_{title}{_extension(item)}"
        )
        for image, path in item.alternates:
            name = f"{code}_alt{image.variant_number}_{title}{image_extension(path)}"
            plan[(item.entry.shot.id, image.id)] = _Copy(path, f"{MEDIA}/{ALTERNATES}/{name}")
            alternates += 1
    return plan, alternates


def export_editorial(
    store: Store,
    timeline: Timeline,
    folder: Path,
    default_seconds: float,
    crossfade: float = 0.0,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> EditorialExport:
    """Write the editorial folder (see the module docstring)."""
    folder = check_destination(folder)
    report: Progress = progress or (lambda _f, _m: None)
    timeline.check_media()
    rate = sequence_rate(timeline)
    items = plan_cut(store, timeline, default_seconds, rate)
    plan, alternates = _media_plan(items)

    def locate(item: CutItem, image: ImageInfo | None) -> str:
        return quote(plan[(item.entry.shot.id, None if image is None else image.id)].relative)

    sequence = build_sequence(store, timeline.project, items, rate, locate, crossfade)
    staging = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        staging.mkdir()
        media = _copy_media(staging, plan, report, cancel)
        report(0.9, "Writing the timelines")
        name = file_slug(timeline.project.title, 60, "storyboard")
        written = _write_timelines(staging, name, sequence, items, media)
        _swap_into_place(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise explain_os_error(exc, folder, "editorial folder") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report(1.0, "Wrote the editorial folder")
    kinds = [item.kind for item in items]
    return EditorialExport(
        folder,
        tuple(folder / path.name for path in written),
        clips=kinds.count("clip"),
        stills=kinds.count("still"),
        gaps=kinds.count("gap"),
        alternates=alternates,
        media_files=len(plan),
        skipped=tuple(gap_note(item) for item in items if item.kind == "gap"),
    )


def _copy_media(
    staging: Path,
    plan: dict[tuple[int, int | None], _Copy],
    report: Progress,
    cancel: CancelCheck | None,
) -> dict[str, int]:
    """Copy every media file; their relative paths → sizes."""
    (staging / MEDIA).mkdir()
    copied: dict[str, int] = {}
    if any(copy.relative.startswith(f"{MEDIA}/{ALTERNATES}/") for copy in plan.values()):
        (staging / MEDIA / ALTERNATES).mkdir()
    for done, copy in enumerate(plan.values()):
        if cancel is not None and cancel():
            raise EditorialCancelledError(
                "The export was cancelled; the editorial folder was not made."
            )
        report(0.9 * done / max(1, len(plan)), f"Copying media ({done + 1} of {len(plan)})")
        target = staging / copy.relative
        shutil.copyfile(copy.source, target)
        flush_to_disk(target)
        size = target.stat().st_size
        if size != copy.source.stat().st_size:
            raise OSError(5, "a copy is shorter than its source")
        copied[copy.relative] = size
    return copied


def _write_timelines(
    staging: Path,
    name: str,
    sequence: otio.schema.Timeline,
    items: list[CutItem],
    media: dict[str, int],
) -> list[Path]:
    """Write the .edl, .xml, the alternates bin and last the .otio, which records every file
    of the folder (so a later export knows what it may replace); each read back and checked."""
    paths = [staging / f"{name}{suffix}" for suffix in TIMELINE_SUFFIXES]
    otio_path, edl_path, xml_path = paths
    edl = write_checked(edl_timeline(sequence), edl_path, "cmx_3600")
    xml = write_checked(sequence, xml_path, "fcp_xml")
    bins = []
    bin_ = alternates_bin(sequence, items)
    if bin_ is not None:
        bin_path = staging / f"{name}_alternates.otio"
        bins.append(write_checked(bin_, bin_path, "otio_json"))
        paths.append(bin_path)
    files: dict[str, int | None] = {**media, otio_path.name: None}  # it cannot hold its size
    files.update((path.name, path.stat().st_size) for path in paths[1:])
    sequence.metadata[METADATA_KEY][FILES_KEY] = dict(sorted(files.items()))
    main = write_checked(sequence, otio_path, "otio_json")
    check_folder_files(staging, [main, edl, xml, *bins], sequence)
    return paths


def _swap_into_place(staging: Path, folder: Path) -> None:
    """Rename the finished folder to its name; an earlier one is moved aside, then removed.

    The earlier folder is checked again first: files put in it while the export ran are
    the creator's, and it is then left alone.
    """
    old: Path | None = None
    if folder.exists():
        found = foreign_files(folder)
        if found:
            raise InvalidInputError(foreign_message(folder, found))
        old = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(folder, old)
    try:
        os.replace(staging, folder)
    except OSError:
        if old is not None:
            os.replace(old, folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
