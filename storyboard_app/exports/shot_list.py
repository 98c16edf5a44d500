"""The shot list as CSV: project, scene and shot numbers, title, camera, script, duration,
timecode in and out, file name, seed and model (then scene title, prompt and status).

Every shot is a row, one without a final image too: it lasts the default length, as its
slate does in the video. Lengths are whole frames at the project's frame rate and the
timecodes run from 01:00:00:00 (out = the next shot's in), as the video and the editorial
timeline count them. The file name is the one the images export and the editorial folder
give the shot's picture or clip (`S01_SH02_<slug>.png` / `.mp4`).

A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab
or a carriage return) is written with a leading single quote, so opening the file runs
nothing a prompt happened to contain.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.domain.time_format import timecode
from storyboard_app.exports.images import entry_piece_name, image_extension
from storyboard_app.exports.names import shot_title
from storyboard_app.exports.timeline import ShotEntry, Timeline, shot_duration
from storyboard_app.media.atomic import atomic_path
from storyboard_app.media.probe import MediaFileError

ENCODING = "utf-8-sig"  # with a byte-order mark, which spreadsheets expect
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "project",
    "scene",
    "shot",
    "title",
    "shot_type",
    "angle",
    "move",
    "dialogue",
    "action",
    "notes",
    "duration",
    "timecode_in",
    "timecode_out",
    "file_name",
    "seed",
    "model",
    "scene_title",
    "description",
    "prompt",
    "status",
    "final_image_id",
    "motion_prompt",
)


@dataclass(frozen=True)
class ShotListExport:
    """What was written."""

    path: Path
    rows: int


def escape_cell(text: str) -> str:
    """`text`, with a leading `'` when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def file_name(entry: ShotEntry) -> str:
    """The shot's piece as exported: its clip (`.mp4`), else its final image, else nothing."""
    if entry.image is None or entry.image_path is None:
        return ""
    if entry.has_current_clip:
        return f"{entry_piece_name(entry)}.mp4"
    try:
        extension = image_extension(entry.image_path)
    except MediaFileError:  # a missing file does not stop the list; the images export says
        extension = ".png"
    return f"{entry_piece_name(entry)}{extension}"


def shot_rows(timeline: Timeline, default_seconds: float) -> list[dict[str, str]]:
    """One row per shot in order, shots without a final pick included."""
    rows = []
    fps = timeline.project.fps or 24
    at = 0  # frames since 01:00:00:00
    for entry in timeline.entries:
        frames = max(1, round(shot_duration(entry, default_seconds) * fps))
        fields = entry.shot.fields
        image = entry.image
        rows.append(
            {
                "project": timeline.project.title,
                "scene": str(entry.scene.scene_number),
                "shot": str(entry.shot.shot_number),
                "title": shot_title(entry.shot.description, entry.prompt),
                "shot_type": fields.shot_type or "",
                "angle": fields.angle or "",
                "move": fields.move or "",
                "dialogue": fields.dialogue,
                "action": fields.action,
                "notes": fields.notes,
                "duration": f"{frames / fps:.2f}",
                "timecode_in": timecode(at, fps),
                "timecode_out": timecode(at + frames, fps),
                "file_name": file_name(entry),
                "seed": str(image.seed) if image is not None and image.seed is not None else "",
                "model": (image.model or "") if image is not None else "",
                "scene_title": entry.scene.title,
                "description": entry.shot.description,
                "prompt": entry.prompt,
                "status": entry.status,
                "final_image_id": str(image.id) if image else "",
                "motion_prompt": entry.selection.motion_prompt if entry.selection else "",
            }
        )
        at += frames
    return rows


def _check_reads_back(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding=ENCODING, newline="") as fh:
        read = list(csv.DictReader(fh))
    if read != rows:
        raise EnvironmentProblemError(
            f"The shot list written to {path.name} does not read back as written (is the "
            "disk full or failing?). Nothing was kept."
        )


def export_csv(timeline: Timeline, target: Path, default_seconds: float) -> ShotListExport:
    """Write the shot list atomically; it is read back and compared before it is renamed."""
    rows = [
        {key: escape_cell(value) for key, value in row.items()}
        for row in shot_rows(timeline, default_seconds)
    ]
    with (
        atomic_path(
            Path(target), "shot list", check=lambda tmp: _check_reads_back(tmp, rows)
        ) as tmp,
        tmp.open("w", encoding=ENCODING, newline="") as fh,
    ):
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return ShotListExport(Path(target).expanduser().absolute(), len(rows))
