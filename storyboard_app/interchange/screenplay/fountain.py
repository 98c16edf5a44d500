"""Fountain screenplays, parsed by screenplain (its Fountain parser; its PDF export unused).

screenplain handles the title page, scene headings with `#12#` numbers, forced headings
(`.FLASHBACK`), dual dialogue (`^`), boneyard (`/* */`), centered text, page breaks,
transitions, sections, synopses and emphasis, with LF, CRLF or CR line endings. It drops
`[[notes]]`; we keep them: each note is swapped for a private-use marker before parsing and
read back, in place, from the paragraph it ended up in.

Chosen over Jouvence 0.4.2 (no dual dialogue or scene numbers, finds no scene at all in a
CRLF file, never returns on an unclosed `/*`) and fountain 0.1.3 (does not import on
Python 3.11: a LOCALE regex flag on text).
"""

from __future__ import annotations

import io
import re
from typing import Any

from storyboard_app.interchange.screenplay.script import Script, ScriptLine

_NOTE = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_MARKER = re.compile("\ue000(\\d+)\ue001")
_NOT_A_SHOT = re.compile(r"^\s*(?:FADE (?:IN|OUT|TO BLACK)|BLACK|THE END|END)\s*[:.]?\s*$", re.I)


def _protect_notes(text: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    text = text.replace("\ue000", "").replace("\ue001", "")  # ours alone mark the notes

    def swap(match: re.Match[str]) -> str:
        notes.append(" ".join(match.group(1).split()))
        return f"\ue000{len(notes) - 1}\ue001"

    return _NOTE.sub(swap, text), notes


def _clean(text: str, notes: list[str], found: list[str]) -> str:
    """`text` without its note markers (their notes appended to `found`), spaces tidied."""

    def take(match: re.Match[str]) -> str:
        found.append(notes[int(match.group(1))])
        return ""

    text = _MARKER.sub(take, text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _speech(dialog: Any, notes: list[str], found: list[str], *, dual: bool) -> ScriptLine:
    character = _clean(str(dialog.character), notes, found)
    parts = [_clean(str(text), notes, found) for _parenthetical, text in dialog.blocks]
    return ScriptLine(
        "speech", " ".join(p for p in parts if p), character=character.lstrip("@"), dual=dual
    )


def _title(title_page: dict[str, list[str]], notes: list[str]) -> str:
    lines = title_page.get("Title") or []
    found: list[str] = []
    text = " ".join(_clean(line, notes, found) for line in lines)
    return re.sub(r"[*_]+", "", " ".join(text.split())).strip()


def parse_fountain(text: str) -> Script:
    """Parse Fountain text into a `Script` (never raises on odd input: odd lines are action)."""
    from screenplain.parsers import fountain as screenplain_fountain
    from screenplain.types import Action, Dialog, DualDialog, Slug, Transition

    protected, notes = _protect_notes(text)
    parsed = screenplain_fountain.parse(io.StringIO(protected))
    script = Script(title=_title(parsed.title_page, notes), format_name="Fountain")
    lines = script.lines

    def add_notes(found: list[str]) -> None:
        lines.extend(ScriptLine("note", note) for note in found if note)

    for paragraph in parsed.paragraphs:
        found: list[str] = []
        if isinstance(paragraph, Slug):
            heading = _clean(str(paragraph.line), notes, found)
            number = str(paragraph.scene_number or "").strip()
            lines.append(ScriptLine("heading", heading, number=number))
            if paragraph.synopsis:
                lines.append(ScriptLine("synopsis", _clean(paragraph.synopsis, notes, found)))
        elif isinstance(paragraph, Action):
            action = _clean("\n".join(str(line) for line in paragraph.lines), notes, found)
            if action and not _NOT_A_SHOT.match(action):
                lines.append(ScriptLine("action", action))
        elif isinstance(paragraph, DualDialog):
            lines.append(_speech(paragraph.left, notes, found, dual=False))
            lines.append(_speech(paragraph.right, notes, found, dual=True))
        elif isinstance(paragraph, Dialog):
            lines.append(_speech(paragraph, notes, found, dual=False))
        elif isinstance(paragraph, Transition):
            lines.append(ScriptLine("transition", _clean(str(paragraph.line), notes, found)))
        add_notes(found)
    return script
