"""The shot list as CSV: scene, shot, description, prompt, duration, status, camera, script."""

from __future__ import annotations

import csv
from pathlib import Path

from storyboard_app.media.atomic import atomic_path
from storyboard_app.media.timeline import Timeline, shot_duration

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


def export_csv(timeline: Timeline, target: Path, default_seconds: float) -> Path:
    """Write the shot list (UTF-8 with a byte-order mark, which spreadsheets expect)."""
    rows = shot_rows(timeline, default_seconds)
    with (
        atomic_path(Path(target), "shot list") as tmp,
        tmp.open("w", encoding="utf-8-sig", newline="") as fh,
    ):
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return Path(target).expanduser().absolute()
