"""The shot list as CSV: scene, shot, description, prompt, duration, status, camera, script.

A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab
or a carriage return) is written with a leading single quote, so opening the file runs
nothing a prompt happened to contain.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.exports.timeline import Timeline, shot_duration
from storyboard_app.media.atomic import atomic_path

ENCODING = "utf-8-sig"  # with a byte-order mark, which spreadsheets expect
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "scene",
    "scene_title",
    "shot",
    "description",
    "prompt",
    "duration",
    "status",
    "final_image_id",
    "motion_prompt",
    "shot_type",
    "angle",
    "move",
    "dialogue",
    "action",
    "notes",
)


@dataclass(frozen=True)
class ShotListExport:
    """What was written."""

    path: Path
    rows: int


def escape_cell(text: str) -> str:
    """`text`, with a leading `'` when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def shot_rows(timeline: Timeline, default_seconds: float) -> list[dict[str, str]]:
    """One row per shot in order, shots without a final pick included."""
    rows = []
    for entry in timeline.entries:
        seconds = shot_duration(entry, default_seconds) if entry.image is not None else None
        fields = entry.shot.fields
        rows.append(
            {
                "scene": str(entry.scene.scene_number),
                "scene_title": entry.scene.title,
                "shot": str(entry.shot.shot_number),
                "description": entry.shot.description,
                "prompt": entry.prompt,
                "duration": f"{seconds:.2f}" if seconds is not None else "",
                "status": entry.status,
                "final_image_id": str(entry.image.id) if entry.image else "",
                "motion_prompt": entry.selection.motion_prompt if entry.selection else "",
                "shot_type": fields.shot_type or "",
                "angle": fields.angle or "",
                "move": fields.move or "",
                "dialogue": fields.dialogue,
                "action": fields.action,
                "notes": fields.notes,
            }
        )
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
