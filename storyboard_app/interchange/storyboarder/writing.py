"""Writing a Storyboarder project folder that Storyboarder opens as its own.

One scene: `DIR/DIR.storyboarder` with `images/` (Storyboarder's "new storyboard"). Several:
a Fountain script `DIR/DIR.fountain` whose scene headings carry their ids (`#2-K3F9Q#`),
`storyboards/storyboard.settings`, and per scene `storyboards/Scene-2-HEADING-2-K3F9Q/` with
its `.storyboarder` and `images/` (Storyboarder's script-based project). Each board's picture
is its reference layer at full opacity, at the board's size, with the thumbnail and
posterframe Storyboarder shows. Everything is written into a hidden sibling folder that is
renamed to DIR at the end: on any failure nothing is left; DIR must be new or empty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.interchange.storyboarder.board_images import write_board_files
from storyboard_app.interchange.storyboarder.format import (
    FORMAT_VERSION,
    STUDIO_KEY,
    board_url,
    filenameify,
    is_uid,
    layer_file,
    new_uid,
    posterframe_file,
    shot_label,
    thumbnail_file,
)
from storyboard_app.interchange.storyboarder.report import StoryboarderExport
from storyboard_app.interchange.storyboarder.validation import check_written_scene
from storyboard_app.media.atomic import check_folder, explain_os_error, flush_to_disk

Progress = Callable[[int, int], None]
WHAT = "Storyboarder project"
_HEADING = re.compile(r"^(?:int|ext|est|i/e)[. ]", re.I)


@dataclass(frozen=True)
class BoardOut:
    """One shot as a board: its final image (None: a blank board), length and texts."""

    image: Path | None
    duration_ms: int | None  # None: the scene's default timing
    dialogue: str = ""
    action: str = ""
    notes: str = ""
    uid: str | None = None  # kept from an earlier import, when it is a Storyboarder id
    prompt: str = ""  # the shot's image prompt, kept in the board under STUDIO_KEY
    shot_id: int | None = None


@dataclass(frozen=True)
class SceneOut:
    title: str
    boards: tuple[BoardOut, ...]


@dataclass(frozen=True)
class ProjectOut:
    title: str
    aspect_ratio: float
    fps: int
    default_timing_ms: int
    scenes: tuple[SceneOut, ...]


def heading(title: str, number: int) -> str:
    """A scene title as a one-line Fountain scene heading, forced with "." unless it starts
    INT/EXT/EST/I/E (its case kept: Storyboarder shows headings as written)."""
    # Fountain reads #…# as the scene's id and *, _, [[ ]], <, >, = as markup: left out.
    text = " ".join(re.sub(r"[#*_\\\[\]<>=~]", " ", title).split()) or f"Scene {number}"
    return text if _HEADING.match(text) else f".{text}"


def check_target(target: Path) -> Path:
    """`target`, absolute: a new or empty folder inside a writable folder, else refused."""
    target = Path(target).expanduser().absolute()
    if target.exists():
        if not target.is_dir():
            raise InvalidInputError(f"{target} is a file; give a folder for the {WHAT}.")
        if any(target.iterdir()):
            raise InvalidInputError(
                f"The folder {target} already holds files; choose a new or empty folder for "
                f"the {WHAT} (nothing was written)."
            )
    check_folder(target.parent, WHAT)
    return target


def write_storyboarder(
    project: ProjectOut, target: Path, progress: Progress | None = None
) -> StoryboarderExport:
    """Write the project as a Storyboarder project folder at `target`; see the module doc."""
    if not project.scenes:
        raise InvalidInputError("The project has no scenes to export; add a scene first.")
    target = check_target(target)
    tmp = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    writer = _Writer(project, progress)
    try:
        tmp.mkdir()
        if len(project.scenes) == 1:
            main = writer.scene(tmp, target.name, project.scenes[0])
        else:
            main = writer.script_project(tmp, target.name)
        if target.exists():
            target.rmdir()  # empty (checked above): the finished folder takes its place
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise explain_os_error(exc, target, WHAT) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StoryboarderExport(
        folder=str(target),
        main_file=str(target / main.relative_to(tmp)),
        scenes=len(project.scenes),
        boards=writer.boards,
        images=writer.images,
        blank_boards=tuple(writer.blank),
    )


class _Writer:
    def __init__(self, project: ProjectOut, progress: Progress | None) -> None:
        self.project = project
        self.progress = progress
        self.total = sum(len(scene.boards) for scene in project.scenes)
        self.boards = 0
        self.images = 0
        self.blank: list[str] = []
        self.uids: set[str] = set()
        self.now = int(time.time() * 1000)

    def _json(self, path: Path, document: Any) -> None:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        flush_to_disk(path)

    def script_project(self, root: Path, name: str) -> Path:
        storyboards = root / "storyboards"
        storyboards.mkdir()
        lines = [f"Title: {' '.join(self.project.title.split())}", "Credit: Storyboard Studio", ""]
        for number, scene in enumerate(self.project.scenes, 1):
            uid = new_uid(self.uids)
            text = heading(scene.title, number)
            lines += [f"{text} #{number}-{uid}#", ""]
            slugline = text.removeprefix(".")
            folder = storyboards / f"Scene-{number}-{filenameify(slugline)}-{number}-{uid}"
            folder.mkdir()
            self.scene(folder, folder.name, scene, number)
        script = root / f"{name}.fountain"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        flush_to_disk(script)
        settings = {"lastScene": 0, "aspectRatio": self.project.aspect_ratio}
        self._json(storyboards / "storyboard.settings", settings)
        return script

    def scene(self, folder: Path, name: str, scene: SceneOut, number: int = 1) -> Path:
        images = folder / "images"
        images.mkdir()
        boards = []
        clock = 0
        for index, board in enumerate(scene.boards, 1):
            boards.append(self._board(images, board, index, clock, f"scene {number}"))
            clock += board.duration_ms or self.project.default_timing_ms
        document = {
            "version": FORMAT_VERSION,
            "aspectRatio": self.project.aspect_ratio,
            "fps": self.project.fps,
            "defaultBoardTiming": self.project.default_timing_ms,
            "boards": boards,
        }
        path = folder / f"{name}.storyboarder"
        self._json(path, document)
        check_written_scene(path)
        return path

    def _board(
        self, images: Path, board: BoardOut, index: int, clock: int, scene: str
    ) -> dict[str, Any]:
        if board.uid is not None and is_uid(board.uid) and board.uid not in self.uids:
            uid = board.uid
            self.uids.add(uid)
        else:
            uid = new_uid(self.uids)
        url = board_url(index, uid)
        layers: dict[str, Any] = {}
        layer = None
        if board.image is not None:
            layer = images / layer_file(url, "reference")
            layers["reference"] = {"url": layer.name, "opacity": 1}
            self.images += 1
        else:
            self.blank.append(f"{scene}, board {index}")
        thumbnail = images / thumbnail_file(url)
        poster = images / posterframe_file(url)
        write_board_files(board.image, self.project.aspect_ratio, layer, thumbnail, poster)
        for written in (layer, thumbnail, poster):
            if written is not None:
                flush_to_disk(written)
        doc: dict[str, Any] = {
            "uid": uid,
            "url": url,
            "newShot": False,
            "lastEdited": self.now,
            "layers": layers,
            "number": index,
            "shot": shot_label(index),
            "time": clock,
        }
        if board.duration_ms is not None:
            doc["duration"] = board.duration_ms
        for key in ("dialogue", "action", "notes"):
            if value := getattr(board, key):
                doc[key] = value
        if board.prompt:  # Storyboarder keeps a board's unknown keys: the prompt comes back
            doc[STUDIO_KEY] = {"prompt": board.prompt, "shotId": board.shot_id}
        self.boards += 1
        if self.progress is not None:
            self.progress(self.boards, max(self.total, 1))
        return doc
