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
MAX_DRAFT_DESCRIPTION = 2_000


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


@dataclass
class OutlineDraft:
    """A draft and what the limits cut from it (`notes`, one sentence each; [] when nothing).

    The preview, `plan draft --json` and its stderr show the notes: a limit is never silent.
    """

    scenes: list[DraftScene]
    notes: list[str] = field(default_factory=list)


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
        description=_shorten(text, MAX_DRAFT_DESCRIPTION),
        initial_prompt=_shorten(text, MAX_PROMPT_CHARS),
    )


def _shots_from_body(lines: list[str]) -> tuple[str, list[DraftShot], list[int]]:
    """Bullets become shots; without bullets, each sentence does.

    Returns (description, shots, the lengths of the texts cut to the prompt limit).
    """
    bullets = [m.group("text") for line in lines if (m := _BULLET.match(line))]
    prose = [line.strip() for line in lines if line.strip() and not _BULLET.match(line)]
    if bullets:
        description, units = " ".join(prose), [b for b in bullets if b.strip()]
    else:
        description = ""
        units = [s.strip() for s in _SENTENCE_END.split(" ".join(prose)) if s.strip()]
    cut = [n for u in units if (n := len(" ".join(u.split()))) > MAX_PROMPT_CHARS]
    return description, [_shot(u) for u in units], cut


def draft_outline(text: str) -> list[DraftScene]:
    """Parse a brain dump into scenes and shots; empty text gives no scenes.

    What the limits cut is in `draft_outline_with_notes`; prefer it where a user looks.
    """
    return draft_outline_with_notes(text).scenes


def _blocks(text: str) -> list[tuple[str | None, list[str]]]:
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
    return blocks


def draft_outline_with_notes(text: str) -> OutlineDraft:
    """`draft_outline`, and a note for every scene, shot or paragraph a limit cut."""
    blocks = _blocks(text)
    notes: list[str] = []
    scenes: list[DraftScene] = []
    for index, (title, body) in enumerate(blocks):
        if len(scenes) == MAX_SCENES:
            left = [b for b in blocks[index:] if b[0] or any(line.strip() for line in b[1])]
            notes.append(
                f"{len(left)} more scene(s) beyond the limit of {MAX_SCENES} were not drafted "
                f"(from “{_shorten(title or ' '.join(body), 60)}” on); split the notes or "
                "draft the rest after trimming."
            )
            break
        body = [line for line in body if line.strip()]
        if title is None and body and len(body) > 1 and not _BULLET.match(body[0]):
            first = body[0].strip().rstrip(":")
            if len(first) <= 80 and not first.endswith("."):
                title, body = first, body[1:]
        description, shots, cut = _shots_from_body(body)
        if not shots and not title:
            continue
        scene_title = _shorten(title or f"Scene {len(scenes) + 1}", MAX_TITLE_CHARS)
        if not shots:
            shots = [_shot(description or scene_title)]
        where = f"scene {len(scenes) + 1} (“{_shorten(scene_title, 40)}”)"
        notes.extend(_cut_notes(where, title, description, cut, shots))
        scenes.append(
            DraftScene(
                title=scene_title,
                description=_shorten(description, MAX_DRAFT_DESCRIPTION),
                shots=shots[:MAX_SHOTS_PER_SCENE],
            )
        )
    return OutlineDraft(scenes, notes)


def _cut_notes(
    where: str,
    title: str | None,
    description: str,
    cut: list[int],
    shots: list[DraftShot],
) -> list[str]:
    notes: list[str] = []
    if title is not None and len(" ".join(title.split())) > MAX_TITLE_CHARS:
        notes.append(f"The title of {where} was cut to {MAX_TITLE_CHARS} characters.")
    if len(" ".join(description.split())) > MAX_DRAFT_DESCRIPTION:
        notes.append(f"The description of {where} was cut to {MAX_DRAFT_DESCRIPTION:,} characters.")
    if cut:
        notes.append(
            f"{len(cut)} paragraph(s) of {where} longer than {MAX_PROMPT_CHARS:,} characters "
            f"were cut to that length for the shot prompt (the longest had {max(cut):,}); "
            "split them into shorter shots."
        )
    if len(shots) > MAX_SHOTS_PER_SCENE:
        notes.append(
            f"{len(shots) - MAX_SHOTS_PER_SCENE} shot(s) of {where} beyond the limit of "
            f"{MAX_SHOTS_PER_SCENE} per scene were not drafted."
        )
    return notes
