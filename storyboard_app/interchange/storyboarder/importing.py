"""A Storyboarder project into a new project: one scene per .storyboarder, one shot per board.

The whole project is read and checked first (`reading`), so bad input changes nothing. Then
every board's picture goes into the media store (a single opaque layer at full opacity byte
for byte; anything else flattened over white as Storyboarder flattens it) and the rows are
written in one transaction, after a backup: each board a shot whose final pick is its
picture (round 0, provider "imported"), its duration, dialogue, action and notes carried and
every other board field kept in the shot's `extra`. A board whose picture is missing or
unreadable becomes a shot with no final pick, marked "image missing" and named in the
report. Blocking: call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from storyboard_app.domain.enums import ImageStatus, WorkflowVersion
from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS, MAX_PROMPT_CHARS, MAX_TITLE_CHARS
from storyboard_app.domain.shot_language import ASPECT_RATIOS, FRAME_RATES, ratio_value
from storyboard_app.interchange.storyboarder.board_images import flatten, is_opaque
from storyboard_app.interchange.storyboarder.format import STUDIO_KEY
from storyboard_app.interchange.storyboarder.reading import ProjectSource, read_storyboarder
from storyboard_app.interchange.storyboarder.report import StoryboarderImportReport
from storyboard_app.interchange.storyboarder.scene_file import BoardSource, SceneSource
from storyboard_app.media.checks import ImageTooLargeForMemoryError
from storyboard_app.media.store import MediaError, MediaStore
from storyboard_app.store.models import (
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.stage import project_changed
from storyboard_app.store.services.storyboard import MAX_DURATION_SECONDS

Progress = Callable[[int, int], None]
IMAGE_MISSING = "image missing"
KEY = "storyboarder"  # the key of the kept Storyboarder fields in every `extra`


def _nearest_ratio(value: float) -> str:
    return min(ASPECT_RATIOS, key=lambda r: abs(ratio_value(r) - value))


def _description(board: BoardSource) -> str:
    for text in (board.action, board.dialogue, board.notes):
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first:
            return first[:120]
    return f"Board {board.extra.get('shot') or board.number}"


def _prompt(board: BoardSource) -> str:
    """The shot's image prompt an export of this app kept in the board, else its action."""
    ours = board.extra.get(STUDIO_KEY)
    prompt = ours.get("prompt") if isinstance(ours, dict) else None
    text = prompt if isinstance(prompt, str) and prompt.strip() else board.action
    return text.replace("\x00", "")[:MAX_PROMPT_CHARS]


def _store_picture(media: MediaStore, scene: SceneSource, board: BoardSource) -> str:
    """One opaque layer at full opacity (a posterframe, a pre-1.6 board) byte for byte;
    anything with transparency or a lowered opacity seen over white, as Storyboarder
    shows it."""
    if len(board.layers) == 1:
        layer = board.layers[0]
        if layer.opacity >= 1.0 and is_opaque(layer.path):
            return media.put_file(layer.path)
    return media.put_bytes(flatten(board.layers, scene.aspect_ratio))


def _pictures(
    project: ProjectSource, media: MediaStore, progress: Progress | None
) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Store every board's picture: (scene, board) → storage id, and → why there is none."""
    stored: dict[tuple[int, int], str] = {}
    problems: dict[tuple[int, int], str] = {}
    total = project.board_count
    done = 0
    for s, scene in enumerate(project.scenes):
        for board in scene.boards:
            key = (s, board.number)
            if board.layers:
                try:
                    stored[key] = _store_picture(media, scene, board)
                except (MemoryError, ImageTooLargeForMemoryError):  # this board only
                    problems[key] = "its picture is too large to open in the memory available"
                except (MediaError, OSError, ValueError, Image.DecompressionBombError) as exc:
                    problems[key] = f"its picture cannot be read ({exc})"
            if board.missing_files and key not in stored:
                problems[key] = f"{', '.join(board.missing_files)} is missing"
            done += 1
            if progress is not None:
                progress(done, total + 1)
    return stored, problems


def import_storyboarder(
    store: Store, media_root: Path, source: Path, progress: Progress | None = None
) -> StoryboarderImportReport:
    """Import the Storyboarder project at `source` as a new project; see the module docstring."""
    project = read_storyboarder(source)  # refuses bad input before anything is written
    store.require_writable()
    stored, problems = _pictures(project, MediaStore(media_root), progress)
    store.backup("import")
    boarded = [s for s in project.scenes if s.path.suffix == ".storyboarder"] or project.scenes
    look = boarded[0]
    missing: list[str] = []
    blank: list[str] = []
    with store.sessions.begin() as s:
        row = VideoProject(
            title=project.title.strip()[:MAX_TITLE_CHARS] or "Storyboarder project",
            description=f"Imported from Storyboarder ({Path(source).name}).",
            workflow_version=WorkflowVersion.V2_REDESIGN,
            aspect_ratio=_nearest_ratio(look.aspect_ratio),
            fps=min(FRAME_RATES, key=lambda f: abs(f - look.fps)),
            extra={KEY: {"source": str(source), "scene": look.extra, "notes": list(project.notes)}},
        )
        s.add(row)
        s.flush()
        for number, scene in enumerate(project.scenes, 1):
            scene_row = ProjectScene(
                project_id=row.id,
                scene_number=number,
                title=scene.title.strip()[:MAX_TITLE_CHARS] or f"Scene {number}",
                extra={KEY: {"file": scene.path.name, **scene.extra}},
            )
            s.add(scene_row)
            s.flush()
            for board in scene.boards:
                key = (number - 1, board.number)
                where = f"scene {number}, {board.label}"
                if key in problems:
                    missing.append(f"{where}: {problems[key]}")
                elif board.blank:
                    blank.append(where)
                _add_shot(s, row.id, scene_row.id, board, stored.get(key), key in problems)
        s.flush()
        project_changed(s, row.id)
        project_id = row.id
        title = row.title
    if progress is not None:
        total = project.board_count + 1
        progress(total, total)
    return StoryboarderImportReport(
        project_id=project_id,
        title=title,
        source=str(source),
        scenes=len(project.scenes),
        boards=project.board_count,
        images=len(stored),
        missing_images=tuple(missing),
        blank_boards=tuple(blank),
        notes=project.notes,
    )


def _add_shot(
    s: Session,
    project_id: int,
    scene_id: int,
    board: BoardSource,
    storage_id: str | None,
    lost: bool,
) -> None:
    seconds = board.duration_ms / 1000
    kept: dict[str, Any] = dict(board.extra)
    # The board's length, also for a shot with no picture (its storyboard row needs one).
    kept["duration_ms"] = board.duration_ms
    kept["explicit_duration"] = board.explicit_duration
    if lost:
        kept["import_status"] = IMAGE_MISSING
    shot = SceneShot(
        project_id=project_id,
        scene_id=scene_id,
        shot_number=board.number,
        description=_description(board),
        initial_prompt=_prompt(board),
        dialogue=board.dialogue[:MAX_DESCRIPTION_CHARS],
        action=board.action[:MAX_DESCRIPTION_CHARS],
        notes=board.notes[:MAX_DESCRIPTION_CHARS],
        extra={KEY: kept},
    )
    s.add(shot)
    s.flush()
    if storage_id is None:
        return
    image = ShotImage(
        project_id=project_id,
        scene_id=scene_id,
        shot_id=shot.id,
        iteration_number=0,
        variant_number=0,
        image_storage_id=storage_id,
        iteration_prompt=_prompt(board),
        status=ImageStatus.COMPLETE,
        generation_params={
            "provider": "imported",
            "source": "storyboarder",
            "layers": [layer.path.name for layer in board.layers],
        },
    )
    s.add(image)
    s.flush()
    shot.selected_image_id = image.id
    s.add(
        StoryboardSelection(
            project_id=project_id,
            scene_id=scene_id,
            shot_id=shot.id,
            selected_image_id=image.id,
            duration_seconds=seconds if 0 < seconds <= MAX_DURATION_SECONDS else None,
        )
    )


def kept_board_fields(store: Store, project_id: int) -> dict[int, dict[str, Any]]:
    """Shot id → the Storyboarder board fields an import kept (uid, length, …), for export."""
    from sqlalchemy import select

    with store.sessions.begin() as s:
        rows = s.execute(
            select(SceneShot.id, SceneShot.extra).where(SceneShot.project_id == project_id)
        ).all()
    return {
        shot_id: extra[KEY]
        for shot_id, extra in rows
        if isinstance(extra, dict) and isinstance(extra.get(KEY), dict)
    }
