"""What each export says when it is done: the message, the folder to open and the notes
(shots without a final image, blank boards) — in creator words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyboard_app.exports.run import ExportResult


@dataclass(frozen=True)
class ExportDone:
    """What an export wrote, in words for the user."""

    path: Path
    message: str
    notes: tuple[str, ...] = ()


def pdf_done(result: ExportResult) -> ExportDone:
    pdf = result.pdf
    assert pdf is not None
    layout = pdf.options.describe()
    message = f"PDF storyboard saved: {pdf.pages} pages, {pdf.panels} shots ({layout})."
    return ExportDone(pdf.path, message, result.pdf_notes)


def otio_done(result: ExportResult) -> ExportDone:
    otio = result.otio
    assert otio is not None
    message = f"Editorial timeline saved: {otio.clips} clips, {otio.alternates} alternates."
    return ExportDone(otio.path, message, otio.skipped)


def editorial_done(result: ExportResult) -> ExportDone:
    folder = result.editorial
    assert folder is not None
    message = f"Editorial folder saved: {folder.summary()}."
    return ExportDone(folder.folder, message, (*result.notes, *folder.skipped))


def csv_done(result: ExportResult) -> ExportDone:
    shots = result.csv
    assert shots is not None
    return ExportDone(shots.path, f"Shot list saved: {shots.rows} shots.")


def images_done(result: ExportResult) -> ExportDone:
    images = result.images
    assert images is not None
    return ExportDone(
        images.folder, f"Final images saved: {len(images.files)} files.", images.skipped
    )


def bundle_done(result: ExportResult) -> ExportDone:
    report = result.bundle
    assert report is not None
    return ExportDone(
        Path(report.path),
        f"Project bundle saved: {report.media_files} media files, "
        f"{report.media_bytes / 1_048_576:.1f} MB.",
        tuple(item.reason for item in report.skipped),
    )


def storyboarder_done(result: ExportResult) -> ExportDone:
    written = result.storyboarder
    assert written is not None
    message = f"Storyboarder project saved: {written.boards} boards, {written.scenes} scene(s)."
    opening = f"Open {Path(written.main_file).name} in Storyboarder."
    return ExportDone(Path(written.folder), message, (opening, *result.board_notes))
