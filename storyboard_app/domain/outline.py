"""Drafting scenes and shots from a free-text brain dump, with no network.

Headings (`# Title`, `Scene 2: Title`, `INT. KITCHEN - DAY`) or blank-line blocks become
scenes; bullet points, numbered items or sentences inside them become shots, each with
an initial prompt. Lines outside any scene that describe the look of the whole film
("Cold blue light, film grain, 35mm") are not made into scenes: they are returned apart as
the film's look (`is_look_line` is the rule), and stay in the planner text.
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

# The look of a film: light, film stock, lens, colour, grade, style. A line made only of
# such words and short phrases, with no action in it, describes the whole film.
_LOOK_LABEL = re.compile(
    r"^\s*(?:look|style|visual style|mood|tone|palette|aesthetic|grade|colou?r grade)"
    r"\s*[:\-–—]\s*(?P<rest>.*)$",
    re.I,
)
_LOOK_WORDS = frozenset(
    """
    light lighting lit grain grainy film 8mm 16mm 35mm 65mm 70mm lens lenses anamorphic
    bokeh palette colour color colours colors tones tone toned contrast saturated
    desaturated muted pastel noir monochrome black-and-white sepia cinematic style
    aesthetic mood moody look grade graded grading hue hues vignette haze hazy glow soft
    hard high-key low-key backlit backlight chiaroscuro shadows vintage retro kodak fuji
    portra technicolor analog analogue vhs photoreal photorealistic watercolour
    watercolor painterly illustrated anime gritty dreamy warm cold cool teal orange
    golden hdr 4k widescreen
    """.split()  # noqa: SIM905 - a word list reads best as words
)
_ACTION_WORDS = frozenset(
    """
    is are was were be walks walk runs run goes go comes come enters enter leaves leave
    looks sees see opens open closes close falls fall stands stand sits sit turns turn
    takes take holds hold says say cries cry smiles smile jumps jump flies fly drives
    drive climbs climb arrives arrive waits wait moves move we they he she i you it
    """.split()  # noqa: SIM905 - a word list reads best as words
)
_MAX_LOOK_LINE = 160


@dataclass
class DraftShot:
    """A proposed shot: its direction and the prompt its first round starts from.

    A screenplay also gives the shot its action paragraph, the dialogue spoken over it
    (`NAME: line`, one speech a line) and the writer's notes.
    """

    description: str
    initial_prompt: str
    dialogue: str = ""
    action: str = ""
    notes: str = ""
    shot_type: str | None = None  # one of shot_language.SHOT_TYPES, read from its words


@dataclass(frozen=True)
class ProposedElement:
    """A character or place the draft keeps coming back to (the creator accepts it or not)."""

    kind: str  # "character" | "location"
    name: str
    description: str
    mentions: int


@dataclass
class DraftScene:
    """A proposed scene with its shots."""

    title: str
    description: str = ""
    shots: list[DraftShot] = field(default_factory=list)
    number: str = ""  # the screenplay's own scene number ("12", "2A"), kept in `extra`


@dataclass
class OutlineDraft:
    """A draft and what the limits cut from it (`notes`, one sentence each; [] when nothing).

    The preview, `plan draft --json` and its stderr show the notes: a limit is never silent.
    """

    scenes: list[DraftScene]
    notes: list[str] = field(default_factory=list)
    look: list[str] = field(default_factory=list)  # lines about the look of the whole film
    style: str = ""  # proposed project style (from `look`, or the language model)
    elements: list[ProposedElement] = field(default_factory=list)  # proposed cast and places


def as_outline(drafted: list[DraftScene] | OutlineDraft) -> OutlineDraft:
    """A draft as an `OutlineDraft` (a language model answers with scenes only)."""
    return drafted if isinstance(drafted, OutlineDraft) else OutlineDraft(list(drafted))


def is_look_line(line: str) -> bool:
    """True for a line that describes the look of the film, not something that happens.

    The rule: a "Look:" / "Style:" / "Mood:" … label, or a short line (at most 160
    characters, one sentence) of comma- or semicolon-separated phrases of at most five
    words each, where at least one word is a look word (light, grain, 35mm, palette,
    cinematic, …) and no word is an action or a subject (walks, enters, is, she, …).
    Headings and bullets are never look lines (they are scenes and shots).
    """
    text = line.strip()
    if not text or _scene_title(text) is not None or _BULLET.match(text):
        return False
    if _LOOK_LABEL.match(text):
        return True
    if len(text) > _MAX_LOOK_LINE or _SENTENCE_END.search(text):
        return False
    words = [w.strip(".,;:!?()\"'“”").lower() for w in text.split()]
    if any(word in _ACTION_WORDS for word in words):
        return False
    phrases = [p for p in re.split(r"[,;/]|\s[–—-]\s", text.rstrip(".")) if p.strip()]
    if any(len(p.split()) > 5 for p in phrases):
        return False
    return any(word in _LOOK_WORDS for word in words)


def _split_look(
    blocks: list[tuple[str | None, list[str]]],
) -> tuple[list[tuple[str | None, list[str]]], list[str]]:
    """Take the look lines out of the blocks outside any scene: an untitled block's leading
    look lines, or a whole block under a "Look" / "Style" heading."""
    kept: list[tuple[str | None, list[str]]] = []
    look: list[str] = []
    for title, body in blocks:
        lines = [line for line in body if line.strip()]
        if title is not None and _LOOK_LABEL.match(title + ":"):
            look.extend(" ".join(line.split()) for line in lines)
            continue
        if title is None:
            while lines and is_look_line(lines[0]):
                look.append(" ".join(lines.pop(0).split()))
            if not lines:
                continue
        kept.append((title, lines if title is None else body))
    return kept, look


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
    """`draft_outline`, a note for every scene, shot or paragraph a limit cut, and the lines
    about the look of the whole film (not made into scenes)."""
    blocks, look = _split_look(_blocks(text))
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
    return OutlineDraft(scenes, notes, look)


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
