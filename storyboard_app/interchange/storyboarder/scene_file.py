"""Reading and checking one .storyboarder file: its settings and boards, its image files.

Nothing here writes; every refusal is one of the errors in `errors.py`, raised before any
file is stored or any row is written.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyboard_app.interchange.storyboarder.errors import (
    NOTHING,
    NotStoryboarderProjectError,
    StoryboarderBinaryError,
    StoryboarderNotJsonError,
    StoryboarderTooLargeError,
)
from storyboard_app.interchange.storyboarder.format import (
    BOARD_TEXT_FIELDS,
    DEFAULT_BOARD_TIMING_MS,
    DEFAULT_REFERENCE_OPACITY,
    LAYER_ORDER,
    MAX_ASPECT_RATIO,
    MAX_BOARDS,
    MAX_IMAGE_BYTES,
    MAX_JSON_BYTES,
    MIN_ASPECT_RATIO,
    posterframe_file,
)

MAPPED_BOARD_FIELDS = ("duration", *BOARD_TEXT_FIELDS)
"""Board fields that become shot fields; every other field is kept in the shot's `extra`."""


@dataclass(frozen=True)
class LayerImage:
    """One drawn layer of a board: its file and the opacity it is flattened with."""

    name: str
    path: Path
    opacity: float


@dataclass(frozen=True)
class BoardSource:
    """One board, read and checked: its texts, its length and where its picture is."""

    number: int  # position in its scene, 1-based
    dialogue: str
    action: str
    notes: str
    duration_ms: float  # its own, else the scene's default timing
    explicit_duration: bool
    layers: tuple[LayerImage, ...]  # present files, bottom to top
    missing_files: tuple[str, ...]  # files the board names that are not there
    blank: bool  # a board with nothing drawn (no layers at all)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        shot = self.extra.get("shot")
        return f"board {shot}" if isinstance(shot, str) and shot else f"board {self.number}"


@dataclass(frozen=True)
class SceneSource:
    """One .storyboarder file: the scene's settings, boards and unknown top-level fields."""

    title: str
    path: Path
    aspect_ratio: float
    fps: float
    default_timing_ms: float
    boards: tuple[BoardSource, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def _not_project(path: Path, why: str) -> NotStoryboarderProjectError:
    return NotStoryboarderProjectError(
        f"{path.name} is not a Storyboarder project: {why}. Choose the .storyboarder file "
        f"Storyboarder saved. {NOTHING}"
    )


def _load_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _not_project(path, f"it cannot be read ({exc.strerror or exc})") from None
    if size > MAX_JSON_BYTES:
        raise StoryboarderTooLargeError(
            f"{path.name} is {size / 1_048_576:,.0f} MB, over the "
            f"{MAX_JSON_BYTES // 1_048_576} MB a .storyboarder file may have. {NOTHING}"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise StoryboarderBinaryError(
            f"{path.name} is a binary file, not a Storyboarder project (a .storyboarder file "
            f"is text). {NOTHING}"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryboarderBinaryError(
            f"{path.name} is not a text file, so not a Storyboarder project. {NOTHING}"
        ) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise StoryboarderNotJsonError(
            f"{path.name} is not a Storyboarder project: it is not JSON (line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg}). {NOTHING}"
        ) from None
    except ValueError as exc:
        raise StoryboarderNotJsonError(f"{path.name} is not JSON ({exc}). {NOTHING}") from None
    except RecursionError:
        raise _not_project(path, "its JSON is nested too deeply") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _number(value: Any) -> float | None:
    """A finite number, from a number or a numeric string (both seen in real files)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _setting(path: Path, doc: dict[str, Any], key: str, default: float, what: str) -> float:
    if doc.get(key) is None:
        return default
    value = _number(doc[key])
    if value is None or value <= 0:
        raise _not_project(path, f"its {what} {doc[key]!r} is not a positive number")
    return value


def _text(path: Path, board: dict[str, Any], key: str, number: int) -> str:
    value = board.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _not_project(path, f"the {key} of board {number} is not text")


def _file_name(value: Any) -> str | None:
    """A plain file name inside `images/`; a name reaching elsewhere is ignored."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip()
    if "/" in name or "\\" in name or name in (".", "..") or ":" in name:
        return None
    return name


def _existing(images: Path, name: str | None) -> Path | None:
    if name is None:
        return None
    candidate = images / name
    try:
        if not candidate.is_file():
            return None
        size = candidate.stat().st_size
    except OSError:
        return None
    if size > MAX_IMAGE_BYTES:
        raise StoryboarderTooLargeError(
            f"The board image {name} is {size / 1_048_576:,.0f} MB, over the "
            f"{MAX_IMAGE_BYTES // 1_048_576} MB limit. {NOTHING}"
        )
    return candidate


def _layers(path: Path, board: dict[str, Any], number: int) -> dict[str, dict[str, Any]] | None:
    layers = board.get("layers")
    if layers is None:
        return None
    if not isinstance(layers, dict) or not all(isinstance(v, dict) for v in layers.values()):
        raise _not_project(path, f"the layers of board {number} are not a list of layers")
    return layers


def _pictures(
    path: Path, images: Path, board: dict[str, Any], number: int
) -> tuple[tuple[LayerImage, ...], tuple[str, ...], bool]:
    """The board's present layer files (bottom to top), the files it names that are missing,
    and whether it is blank (nothing drawn)."""
    layers = _layers(path, board, number)
    url = _file_name(board.get("url"))
    found: list[LayerImage] = []
    missing: list[str] = []
    named = dict(layers or {})
    old_main = _existing(images, url)
    if old_main is not None and "fill" not in named:
        # A board saved before Storyboarder 1.6: its main drawing is the `url` file itself.
        found.append(LayerImage("fill", old_main, 1.0))
    for name in LAYER_ORDER:
        layer = named.get(name)
        if layer is None:
            continue
        file_name = _file_name(layer.get("url"))
        present = _existing(images, file_name)
        if present is None:
            missing.append(file_name or f"{name} layer")
            continue
        opacity = _number(layer.get("opacity"))
        if opacity is None:
            opacity = DEFAULT_REFERENCE_OPACITY if name == "reference" else 1.0
        found.append(LayerImage(name, present, max(0.0, min(1.0, opacity))))
    found.sort(key=lambda layer: LAYER_ORDER.index(layer.name))
    if not found and (layers is None or missing) and url is not None:
        # Nothing drawn can be read: the flattened posterframe is the board as last seen.
        poster = _existing(images, _file_name(posterframe_file(url)))
        if poster is not None:
            return (LayerImage("posterframe", poster, 1.0),), tuple(missing), False
        if layers is None:
            missing.append(url)
    blank = not found and not missing
    return tuple(found), tuple(missing), blank


def _board(path: Path, images: Path, raw: Any, number: int, default_ms: float) -> BoardSource:
    if not isinstance(raw, dict):
        raise _not_project(path, f"board {number} is not a board")
    texts = {key: _text(path, raw, key, number) for key in BOARD_TEXT_FIELDS}
    explicit = raw.get("duration") is not None
    duration = _number(raw["duration"]) if explicit else default_ms
    if duration is None or duration < 0:
        raise _not_project(
            path,
            f"the duration of board {number} ({raw['duration']!r}) is not a number of milliseconds",
        )
    layers, missing, blank = _pictures(path, images, raw, number)
    extra = {k: v for k, v in raw.items() if k not in MAPPED_BOARD_FIELDS}
    if explicit and not isinstance(raw["duration"], int | float):
        extra["duration"] = raw["duration"]  # as written (a string): kept as found
    return BoardSource(
        number=number,
        dialogue=texts["dialogue"],
        action=texts["action"],
        notes=texts["notes"],
        duration_ms=duration,
        explicit_duration=explicit,
        layers=layers,
        missing_files=missing,
        blank=blank,
        extra=extra,
    )


def read_scene_file(path: Path, title: str | None = None) -> SceneSource:
    """Read and check one .storyboarder file (its images are only located, not opened)."""
    doc = _load_json(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("boards"), list):
        raise _not_project(path, "it has no list of boards")
    boards = doc["boards"]
    if len(boards) > MAX_BOARDS:
        raise StoryboarderTooLargeError(
            f"{path.name} has {len(boards):,} boards, over the {MAX_BOARDS:,} one import "
            f"takes. {NOTHING}"
        )
    aspect = _setting(path, doc, "aspectRatio", 16 / 9, "aspect ratio")
    if not MIN_ASPECT_RATIO <= aspect <= MAX_ASPECT_RATIO:
        raise _not_project(
            path,
            f"its aspect ratio {doc['aspectRatio']!r} is outside the {MIN_ASPECT_RATIO:g} to "
            f"{MAX_ASPECT_RATIO:g} a storyboard can have",
        )
    fps = _setting(path, doc, "fps", 24, "frame rate")
    timing = doc.get("defaultBoardTiming")
    default_ms = _number(timing) if timing is not None else float(DEFAULT_BOARD_TIMING_MS)
    if default_ms is None or default_ms < 0:
        raise _not_project(path, f"its default board timing {timing!r} is not a number")
    images = path.parent / "images"
    read = tuple(_board(path, images, raw, n, default_ms) for n, raw in enumerate(boards, 1))
    extra = {k: v for k, v in doc.items() if k != "boards"}
    return SceneSource(
        title=title or path.stem,
        path=path,
        aspect_ratio=aspect,
        fps=fps,
        default_timing_ms=default_ms,
        boards=read,
        extra=extra,
    )
