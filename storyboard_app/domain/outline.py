"""Drafting scenes and shots from a free-text brain dump, with no network.

Headings (`# Title`, `Scene 2: Title`, `INT. KITCHEN - DAY`) or blank-line blocks become
scenes; bullet points, numbered items or sentences inside them become shots, each with
an initial prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyboard_app.domain.limits import MAX_PROMPT_CHARS, MAX_TITLE_CHARS

_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_SCENE_LABEL = re.compile(
    r"^\s*(?:scene|act|part|sequence)\s*\d*\s*[:.\-–—]\s*(?P<title>.*)$", re.I
)
_SLUGLINE = re.compile(r"^\s*(?P<title>(?:INT|EXT|INT\./EXT|I/E)\.?\s.+)$")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)]|shot\s*\d+\s*[:.\-–—])\s*(?P<text>.+)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")
MAX_SCENES = 200
MAX_SHOTS_PER_SCENE = 50


@dataclass
class DraftShot:
    """A proposed shot: its direction and the prompt its first round starts from."""

    description: str
    initial_prompt: str


@dataclass
class DraftScene:
    """A proposed scene with its shots."""

    title: str
    description: str = ""
    shots: list[DraftShot] = field(default_factory=list)


def _scene_title(line: str) -> str | None:
    for pattern in (_HEADING, _SCENE_LABEL, _SLUGLINE):
        match = pattern.match(line)
        if match:
            return match.group("title").strip() or None
    return None


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shot(text: str) -> DraftShot:
    text = " ".join(text.split())
    return DraftShot(
        description=_shorten(text, 2_000), initial_prompt=_shorten(text, MAX_PROMPT_CHARS)
    )


def _shots_from_body(lines: list[str]) -> tuple[str, list[DraftShot]]:
    """Bullets become shots; without bullets, each sentence does. Returns (description, shots)."""
    bullets = [m.group("text") for line in lines if (m := _BULLET.match(line))]
    prose = [line.strip() for line in lines if line.strip() and not _BULLET.match(line)]
    if bullets:
        return " ".join(prose), [_shot(b) for b in bullets if b.strip()]
    text = " ".join(prose)
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return "", [_shot(s) for s in sentences]


def draft_outline(text: str) -> list[DraftScene]:
    """Parse a brain dump into scenes and shots; empty text gives no scenes."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    has_headings = any(_scene_title(line) for line in lines)
    blocks: list[tuple[str | None, list[str]]] = []
    if has_headings:
        current: tuple[str | None, list[str]] | None = None
        for line in lines:
            title = _scene_title(line)
            if title is not None:
                current = (title, [])
                blocks.append(current)
            elif current is None:
                if line.strip():
                    current = (None, [line])
                    blocks.append(current)
            else:
                current[1].append(line)
    else:
        body: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                body.append(line)
            elif body:
                blocks.append((None, body))
                body = []
    scenes: list[DraftScene] = []
    for title, body in blocks[:MAX_SCENES]:
        body = [line for line in body if line.strip()]
        if title is None and body and len(body) > 1 and not _BULLET.match(body[0]):
            first = body[0].strip().rstrip(":")
            if len(first) <= 80 and not first.endswith("."):
                title, body = first, body[1:]
        description, shots = _shots_from_body(body)
        if not shots and not title:
            continue
        scene_title = _shorten(title or f"Scene {len(scenes) + 1}", MAX_TITLE_CHARS)
        if not shots:
            shots = [_shot(description or scene_title)]
        scenes.append(
            DraftScene(
                title=scene_title,
                description=_shorten(description, 2_000),
                shots=shots[:MAX_SHOTS_PER_SCENE],
            )
        )
    return scenes
