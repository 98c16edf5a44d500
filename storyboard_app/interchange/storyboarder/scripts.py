"""The scene headings of a Storyboarder project's script (.fountain or .fdx), in order.

Storyboarder names each scene's folder after its heading and id (`#1-ZX3ZM#` in Fountain,
the paragraph's `Number` in Final Draft); only the headings are read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.interchange.storyboarder.errors import (
    NOTHING,
    StoryboarderBinaryError,
    StoryboarderTooLargeError,
)
from storyboard_app.interchange.storyboarder.format import MAX_SCRIPT_BYTES

# Storyboarder's own (fountain-js 0.1.10) patterns.
_HEADING = re.compile(r"^((?:\*{0,3}_?)?(?:(?:int|ext|est|i/e)[. ]).+)|^(?:\.(?!\.+))(.+)", re.I)
_NUMBER = re.compile(r"( *#(.+)# *)")
_TITLE = re.compile(r"^title:\s*(.*)$", re.I)


@dataclass(frozen=True)
class ScriptScene:
    """One scene heading: its position (1-based), text and the id its folder ends with."""

    number: int
    heading: str
    folder_id: str


@dataclass(frozen=True)
class Script:
    """The script's title (None when it has none) and scene headings."""

    title: str | None
    scenes: tuple[ScriptScene, ...]


def _text(path: Path) -> str:
    if path.stat().st_size > MAX_SCRIPT_BYTES:
        raise StoryboarderTooLargeError(
            f"The script {path.name} is over {MAX_SCRIPT_BYTES // 1_048_576} MB, too large to "
            f"be a screenplay. {NOTHING}"
        )
    raw = path.read_bytes()
    try:
        if b"\x00" in raw:
            raise UnicodeDecodeError("utf-8", raw, 0, 1, "NUL byte")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryboarderBinaryError(
            f"The script {path.name} is not a text file. {NOTHING}"
        ) from None


def _folder_id(scene_id: str | None, number: int) -> str:
    """The part of the scene's id its folder name ends with ("1-ZX3ZM" → "ZX3ZM")."""
    if not scene_id:
        return f"G{number}"
    parts = scene_id.split("-")
    return parts[1] if len(parts) > 1 else parts[0]


def read_fountain(path: Path) -> Script:
    title: str | None = None
    scenes: list[ScriptScene] = []
    lines = _text(path).splitlines()
    if lines and (match := _TITLE.match(lines[0].strip())):
        title = match.group(1).strip() or None
    for line in lines:
        match = _HEADING.match(line.rstrip("\r"))
        if match is None:
            continue
        text = match.group(1) or match.group(2) or ""
        if text.endswith("  "):  # fountain-js: a line break, not a heading
            continue
        scene_id = None
        if number := _NUMBER.search(text):
            scene_id = number.group(2)
            text = _NUMBER.sub("", text)
        n = len(scenes) + 1
        scenes.append(ScriptScene(n, text.strip(), _folder_id(scene_id, n)))
    return Script(title, tuple(scenes))


def read_fdx(path: Path) -> Script:
    """Scene headings of a Final Draft file, parsed with entity expansion refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    from storyboard_app.interchange.storyboarder.errors import NotStoryboarderProjectError

    try:
        root = fromstring(_text(path))
    except (DefusedXmlException, SyntaxError, ValueError) as exc:
        raise NotStoryboarderProjectError(
            f"The script {path.name} is not a readable Final Draft file ({exc}). {NOTHING}"
        ) from None
    scenes: list[ScriptScene] = []
    for paragraph in root.iter("Paragraph"):
        if paragraph.get("Type") != "Scene Heading":
            continue
        text = "".join("".join(t.itertext()) for t in paragraph.iter("Text")).strip()
        n = len(scenes) + 1
        # Storyboarder gives Final Draft scenes the generated id "G<n>" for their folders.
        scenes.append(ScriptScene(n, text.upper(), f"G{n}"))
    return Script(None, tuple(scenes))


def read_script(path: Path) -> Script:
    return read_fdx(path) if path.suffix.lower() == ".fdx" else read_fountain(path)
