"""The project as a Storyboarder project folder: the timeline's shots as boards.

The format and the writing are `interchange.storyboarder`'s; this module only says what each
board holds: the shot's final image (checked), its length as the other exports count it, its
dialogue, action and notes, and the board id an earlier Storyboarder import kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyboard_app.domain.shot_language import ratio_value
from storyboard_app.exports.timeline import ShotEntry, Timeline, shot_duration
from storyboard_app.interchange.storyboarder import (
    BoardOut,
    ProjectOut,
    SceneOut,
    StoryboarderExport,
    write_storyboarder,
)
from storyboard_app.interchange.storyboarder.importing import kept_board_fields
from storyboard_app.store.open_store import Store

Progress = Callable[[float, str], None]


def _board(entry: ShotEntry, kept: dict[str, object], default_seconds: float) -> BoardOut:
    if entry.image is not None:
        image: Path | None = entry.verified_image_path()
        seconds = shot_duration(entry, default_seconds)
    else:
        image = None
        stored = kept.get("duration_ms")
        seconds = (
            float(stored) / 1000
            if isinstance(stored, int | float) and stored > 0
            else default_seconds
        )
    uid = kept.get("uid")
    fields = entry.shot.fields
    return BoardOut(
        image=image,
        duration_ms=round(seconds * 1000),
        dialogue=fields.dialogue,
        action=fields.action,
        notes=fields.notes,
        uid=uid if isinstance(uid, str) else None,
        prompt=entry.shot.initial_prompt,
        shot_id=entry.shot.id,
    )


def export_storyboarder(
    store: Store,
    timeline: Timeline,
    target: Path,
    default_seconds: float,
    progress: Progress | None = None,
) -> StoryboarderExport:
    """Write `target` (a new or empty folder) as a Storyboarder project of the timeline."""
    kept = kept_board_fields(store, timeline.project.id)
    scenes = []
    for scene in timeline.scenes:
        entries = [e for e in timeline.entries if e.scene.id == scene.id]
        boards = tuple(_board(e, kept.get(e.shot.id, {}), default_seconds) for e in entries)
        scenes.append(SceneOut(scene.title, boards))
    project = ProjectOut(
        title=timeline.project.title,
        aspect_ratio=ratio_value(timeline.project.aspect_ratio),
        fps=timeline.project.fps,
        default_timing_ms=round(default_seconds * 1000),
        scenes=tuple(scenes),
    )

    def counted(done: int, total: int) -> None:
        if progress is not None:
            progress(done / total, f"Writing board {done} of {total}")

    return write_storyboarder(project, target, counted)
