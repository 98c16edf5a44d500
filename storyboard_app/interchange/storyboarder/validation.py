"""Checks a written .storyboarder file against what Storyboarder needs of it."""

from __future__ import annotations

import json
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.interchange.storyboarder.format import (
    BOARD_FIELDS,
    TOP_FIELDS,
    is_uid,
    posterframe_file,
    thumbnail_file,
)


def problems_of_scene(path: Path) -> list[str]:
    """What a .storyboarder file lacks: fields, board files (empty when it is complete)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    found = [f"no {key}" for key in TOP_FIELDS if key not in doc]
    images = path.parent / "images"
    clock = 0.0
    for number, board in enumerate(doc.get("boards", []), 1):
        found += [f"board {number} has no {key}" for key in BOARD_FIELDS if key not in board]
        if not is_uid(board.get("uid")):
            found.append(f"board {number} has no five-character uid")
        if board.get("number") != number or board.get("time") != clock:
            found.append(f"board {number} is out of order")
        clock += board.get("duration", doc.get("defaultBoardTiming", 0))
        url = str(board.get("url", ""))
        if (images / url).exists():
            found.append(f"board {number} has a pre-1.6 main image {url}")
        files = [thumbnail_file(url), posterframe_file(url)]
        files += [layer.get("url", "") for layer in board.get("layers", {}).values()]
        found += [f"{name} is missing" for name in files if not (images / name).is_file()]
    return found


def check_written_scene(path: Path) -> None:
    """Raise when a file just written is not what Storyboarder needs (our bug, or the disk)."""
    found = problems_of_scene(path)
    if found:
        raise EnvironmentProblemError(
            f"The Storyboarder file {path.name} did not read back complete ({found[0]}); "
            "nothing was kept. Check the disk and export again."
        )
