"""The one entry both faces call to export a project: `run_export(request, ...)`.

An `ExportRequest` names what to write (any of video, PDF, OTIO, CSV, images, bundle) and
where; `run_export` checks every destination before the long work starts, checks every
stored file an export reads, writes each export atomically in a fixed order, and returns
an `ExportResult`. Progress is reported as (fraction 0..1, what is happening); `cancel()`
is asked between steps (and during the video and the bundle) and stops the run with
`ExportCancelledError`, leaving nothing half-written. Blocking: call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyboard_app.domain.errors import InvalidInputError, StoryboardError
from storyboard_app.exports.editorial import EditorialExport
from storyboard_app.exports.images import ImagesExport
from storyboard_app.exports.otio import OtioExport
from storyboard_app.exports.pdf_layout import PdfOptions
from storyboard_app.exports.shot_list import ShotListExport
from storyboard_app.exports.timeline import Timeline, load_timeline
from storyboard_app.exports.video import VideoExport
from storyboard_app.interchange.reports import BundleReport
from storyboard_app.interchange.storyboarder.report import StoryboarderExport
from storyboard_app.media.atomic import check_folder, check_writable_target
from storyboard_app.media.video import VideoFormat
from storyboard_app.store.open_store import Store

if TYPE_CHECKING:
    from storyboard_app.exports.pdf import PdfExport

Progress = Callable[[float, str], None]
"""Called with the fraction done (0..1) and what is happening."""
CancelCheck = Callable[[], bool]
"""Returns True when the user asked to stop."""

KINDS = ("csv", "images", "otio", "editorial", "pdf", "video", "bundle", "storyboarder")
"""Every export, in the order `run_export` writes them."""
WHAT = {
    "csv": "shot list",
    "images": "final images",
    "otio": "timeline",
    "editorial": "editorial folder",
    "pdf": "PDF storyboard",
    "video": "video",
    "bundle": "bundle",
    "storyboarder": "Storyboarder project",
}
MAX_CROSSFADE = 10.0


class ExportCancelledError(StoryboardError):
    """The user stopped the export; nothing half-written was kept."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export from one project, and where (None: not this one)."""

    project_id: int
    video: Path | None = None
    pdf: Path | None = None
    otio: Path | None = None
    editorial: Path | None = None  # a folder
    csv: Path | None = None
    images: Path | None = None  # a folder
    bundle: Path | None = None
    storyboarder: Path | None = None  # a new or empty folder
    default_seconds: float = 4.0  # a shot's length when neither the user nor a clip sets it
    crossfade: float = 0.0
    video_format: VideoFormat | None = None  # None: the project's aspect ratio and frame rate
    video_long_side: int = 1280  # pixels on the long side of the project's frame
    burn_in: bool = False  # scene/shot number and timecode drawn over the video
    pdf_options: PdfOptions | None = None  # None: six panels on landscape A4

    def writing(self, kind: str, target: Path) -> ExportRequest:
        """This request with one more export: `kind` (one of `KINDS`) written to `target`."""
        if kind not in KINDS:
            raise ValueError(f"not an export: {kind!r}")
        change: dict[str, Any] = {kind: Path(target)}  # a path field, checked above
        return replace(self, **change)

    def targets(self) -> dict[str, Path]:
        """The asked-for exports → their destination, in writing order."""
        chosen = {kind: getattr(self, kind) for kind in KINDS}
        return {kind: Path(path) for kind, path in chosen.items() if path is not None}


@dataclass
class ExportResult:
    """What `run_export` wrote (None for what was not asked), and the notes for the user."""

    project_id: int
    csv: ShotListExport | None = None
    images: ImagesExport | None = None
    otio: OtioExport | None = None
    editorial: EditorialExport | None = None
    pdf: PdfExport | None = None
    video: VideoExport | None = None
    bundle: BundleReport | None = None
    storyboarder: StoryboarderExport | None = None
    gaps: tuple[str, ...] = ()  # labels of the shots that have no final image yet
    notes: list[str] = field(default_factory=list)  # the video's, and where a folder went
    pdf_notes: tuple[str, ...] = ()  # the shots the PDF shows as a blank panel
    board_notes: tuple[str, ...] = ()  # the shots the Storyboarder project has as blank boards


def check_request(request: ExportRequest) -> dict[str, Path]:
    """The request's destinations, each checked (its folder exists and is writable)."""
    targets = request.targets()
    if not targets:
        raise InvalidInputError(
            "Say what to export: video, PDF, OTIO, editorial folder, CSV, images, bundle "
            "and/or Storyboarder."
        )
    if not 0 <= request.crossfade <= MAX_CROSSFADE:
        raise InvalidInputError(f"A crossfade lasts between 0 and {MAX_CROSSFADE:g} seconds.")
    checked: dict[str, Path] = {}
    for kind, path in targets.items():
        if kind in ("images", "storyboarder"):
            path = Path(path).expanduser().absolute()
            if path.exists() and not path.is_dir():
                raise InvalidInputError(f"{path} is a file; give a folder for the {WHAT[kind]}.")
            check_folder(path.parent, WHAT[kind])
            if kind == "storyboarder":  # refused before any other export is written
                from storyboard_app.interchange.storyboarder.writing import check_target

                check_target(path)
            checked[kind] = path
        elif kind == "editorial":
            from storyboard_app.exports.editorial import check_destination

            checked[kind] = check_destination(path)
        else:
            checked[kind] = check_writable_target(path, WHAT[kind])
    return checked


def run_export(
    store: Store,
    media_root: Path,
    cache_dir: Path,
    request: ExportRequest,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ExportResult:
    """Write every export the request names; see the module docstring."""
    targets = check_request(request)
    report: Progress = progress or (lambda _fraction, _message: None)
    steps = list(targets)
    result = ExportResult(request.project_id)

    def stop_if_asked() -> None:
        if cancel is not None and cancel():
            raise ExportCancelledError("The export was cancelled; nothing half-written was kept.")

    def share(index: int) -> Progress:
        def step(fraction: float, message: str) -> None:
            report((index + max(0.0, min(1.0, fraction))) / len(steps), message)

        return step

    timeline: Timeline | None = None
    if set(targets) - {"bundle"}:
        report(0.0, "Reading the storyboard")
        timeline = load_timeline(store, media_root, request.project_id)
        result.gaps = tuple(entry.label for entry in timeline.gaps)
        if set(targets) & {"images", "otio", "editorial", "pdf", "video", "storyboarder"}:
            # One missing or damaged file stops these exports before any is written (a
            # bundle checks every file it packs itself, and notes files that are gone).
            timeline.check_media(clips=bool(set(targets) & {"otio", "editorial", "video"}))
    for index, kind in enumerate(steps):
        stop_if_asked()
        step = share(index)
        step(0.0, f"Writing the {WHAT[kind]}")
        target = targets[kind]
        if kind == "bundle":
            result.bundle = _bundle(store, media_root, request, target, step, stop_if_asked)
        else:
            assert timeline is not None
            _write(kind, store, timeline, target, request, result, cache_dir, step, cancel)
        step(1.0, f"Wrote the {WHAT[kind]}")
    return result


def _write(
    kind: str,
    store: Store,
    timeline: Timeline,
    target: Path,
    request: ExportRequest,
    result: ExportResult,
    cache_dir: Path,
    step: Progress,
    cancel: CancelCheck | None,
) -> None:
    seconds = request.default_seconds
    if kind == "csv":
        from storyboard_app.exports.shot_list import export_csv

        result.csv = export_csv(timeline, target, seconds)
    elif kind == "images":
        from storyboard_app.exports.images import export_images, lineage_from

        result.images = export_images(timeline, target, lineage_from(store.images))
    elif kind == "otio":
        from storyboard_app.exports.otio import export_otio

        result.otio = export_otio(store, timeline, target, seconds, request.crossfade)
    elif kind == "editorial":
        from storyboard_app.exports.editorial import EditorialCancelledError, export_editorial

        try:
            result.editorial = export_editorial(
                store, timeline, target, seconds, request.crossfade, progress=step, cancel=cancel
            )
        except EditorialCancelledError as exc:
            raise ExportCancelledError(str(exc)) from exc
    elif kind == "pdf":
        from storyboard_app.exports.pdf import PdfCancelledError, export_pdf  # Qt: only here

        try:
            result.pdf = export_pdf(
                timeline, target, seconds, request.pdf_options, progress=step, cancel=cancel
            )
        except PdfCancelledError as exc:
            raise ExportCancelledError(str(exc)) from exc
        result.pdf_notes = tuple(entry.no_final_note("a blank panel") for entry in timeline.gaps)
    elif kind == "storyboarder":
        from storyboard_app.exports.storyboarder import export_storyboarder

        result.storyboarder = export_storyboarder(store, timeline, target, seconds, step)
        result.board_notes = tuple(entry.no_final_note("a blank board") for entry in timeline.gaps)
    elif kind == "video":
        from storyboard_app.exports.video import export_video
        from storyboard_app.media.video import AssemblyCancelledError

        try:
            result.video = export_video(
                timeline,
                target,
                cache_dir=cache_dir,
                default_seconds=seconds,
                fmt=request.video_format,
                long_side=request.video_long_side,
                crossfade=request.crossfade,
                burn_in=request.burn_in,
                progress=step,
                cancel=cancel,
            )
        except AssemblyCancelledError as exc:
            raise ExportCancelledError(str(exc)) from exc
        result.notes.extend(result.video.plan.notes)


def _bundle(
    store: Store,
    media_root: Path,
    request: ExportRequest,
    target: Path,
    step: Progress,
    stop_if_asked: Callable[[], None],
) -> BundleReport:
    from storyboard_app.interchange.bundle import export_bundle

    def counted(done: int, total: int) -> None:
        stop_if_asked()  # raising here removes the half-written zip
        step(done / total if total else 1.0, f"Packing the bundle ({done} of {total})")

    return export_bundle(store, media_root, request.project_id, target, counted)
