"""Final Draft (.fdx) screenplays, read with defusedxml: no DTD, no entities, no external files.

`<Content>` holds `<Paragraph Type="…">` in order; the text is the join of its `<Text>`
runs. Scene Heading (its `Number` attribute, its summary under `<SceneProperties>`; an
omitted scene's marker is skipped), Action,
Shot and General (action), Character + Parenthetical + Dialogue (a speech), Transition;
`<DualDialogue>` inside a paragraph holds two speeches spoken at once. Notes are either
inside a paragraph (`<ScriptNote>`) or in `<ScriptNotes>` with a `Range="start,end"` of
character offsets into the script (each paragraph break counts one, an embedded block two);
both become notes of the paragraph they sit on.
"""

from __future__ import annotations

import bisect
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.interchange.screenplay.script import Script, ScriptLine

_ACTION_TYPES = {"action", "shot", "general"}
_SPEECH_TYPES = {"parenthetical", "dialogue"}


def _text(paragraph: Element) -> str:
    runs = "".join(run.text or "" for run in paragraph.findall("Text"))
    return "\n".join(" ".join(line.split()) for line in runs.splitlines()).strip()


def _note_text(note: Element) -> str:
    parts = [_text(p) for p in note.iter("Paragraph")]
    return " ".join(p for p in parts if p)


def _load(data: bytes, name: str) -> Element:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InvalidInputError(
            f"{name} declares XML entities or a document type, which a Final Draft file "
            "never does; it was not read (it could expand without end or read other files)."
        ) from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise InvalidInputError(
            f"{name} is not a readable Final Draft file: its XML is broken near line {line}. "
            "Save it again from Final Draft, or export it as Fountain."
        ) from None
    if not isinstance(root, Element) or root.tag != "FinalDraft":
        raise InvalidInputError(
            f"{name} is XML but not a Final Draft script (it starts with <{root.tag}>)."
        )
    return root


class _Reader:
    """Walks `<Content>` once, building the lines and the offsets notes point at."""

    def __init__(self) -> None:
        self.lines: list[ScriptLine] = []
        self.starts: list[int] = []  # character offset where each top-level paragraph starts
        self.line_of: list[int] = []  # index in `lines` after which that paragraph's notes go
        self.offset = 0
        self.character = ""
        self.speech: list[str] = []
        self.dual = False
        self.inline_notes: list[tuple[int, str]] = []  # (after how many lines, note)
        self.pending_notes: list[str] = []

    def end_speech(self) -> None:
        if self.character or self.speech:
            text = " ".join(self.speech)
            self.lines.append(ScriptLine("speech", text, character=self.character, dual=self.dual))
        self.character, self.speech, self.dual = "", [], False

    def paragraph(self, paragraph: Element, *, dual: bool = False) -> None:
        kind = (paragraph.get("Type") or "").strip().lower()
        text = _text(paragraph)
        if kind == "character":
            self.end_speech()
            self.character, self.dual = text, dual
        elif kind in _SPEECH_TYPES:
            if text:
                self.speech.append(text)
        else:
            self.end_speech()
            if kind == "scene heading":
                self.heading(paragraph, text)
            elif kind == "transition" and text:
                self.lines.append(ScriptLine("transition", text))
            elif kind in _ACTION_TYPES and text:
                self.lines.append(ScriptLine("action", text))
        for block in paragraph.findall("DualDialogue"):
            self.end_speech()
            first = True
            for inner in block.findall("Paragraph"):
                is_cue = (inner.get("Type") or "").strip().lower() == "character"
                self.paragraph(inner, dual=dual or (is_cue and not first))
                first = first and not is_cue
            self.end_speech()
        for note in paragraph.findall("ScriptNote"):
            if text := _note_text(note):
                self.pending_notes.append(text)

    def heading(self, paragraph: Element, text: str) -> None:
        if not text or paragraph.find("OmittedScene") is not None:  # a cut scene's marker
            return
        self.lines.append(ScriptLine("heading", text, number=(paragraph.get("Number") or "")))
        properties = paragraph.find("SceneProperties")
        if properties is not None:
            summary = properties.find("Summary")
            synopsis = _note_text(summary) if summary is not None else ""
            if synopsis:
                self.lines.append(ScriptLine("synopsis", synopsis))

    def top_level(self, paragraph: Element) -> None:
        self.starts.append(self.offset)
        self.paragraph(paragraph)
        # notes go after this paragraph's lines, and after the speech it may still be part of
        after = len(self.lines) + (1 if self.character or self.speech else 0)
        self.line_of.append(after)
        self.inline_notes.extend((after, note) for note in self.pending_notes)
        self.pending_notes = []
        blocks = len(paragraph.findall("DualDialogue")) + len(paragraph.findall("OmittedScene"))
        self.offset += len("".join(run.text or "" for run in paragraph.findall("Text")))
        self.offset += 2 * blocks + 1


def _ranged_notes(root: Element, reader: _Reader) -> list[tuple[int, str]]:
    placed: list[tuple[int, str]] = []
    for note in root.findall("ScriptNotes/ScriptNote"):
        text = _note_text(note)
        if not text:
            continue
        try:
            start = int((note.get("Range") or "").split(",")[0])
        except ValueError:
            start = reader.offset  # no readable place: the end of the script
        index = max(bisect.bisect_right(reader.starts, start) - 1, 0)
        placed.append((reader.line_of[index] if reader.line_of else 0, text))
    return placed


def _title(root: Element) -> str:
    for paragraph in root.findall("TitlePage/Content/Paragraph"):
        if text := " ".join(_text(paragraph).split()):
            return text
    return ""


def parse_fdx(data: bytes, name: str) -> Script:
    """Parse a Final Draft file's bytes into a `Script`; refuses anything unsafe or not FDX."""
    root = _load(data, name)
    content = root.find("Content")
    reader = _Reader()
    for paragraph in content.findall("Paragraph") if content is not None else []:
        reader.top_level(paragraph)
    reader.end_speech()
    notes = sorted(reader.inline_notes + _ranged_notes(root, reader), key=lambda n: n[0])
    lines: list[ScriptLine] = []
    at = 0
    for index, line in enumerate(reader.lines):
        while at < len(notes) and notes[at][0] <= index:
            lines.append(ScriptLine("note", notes[at][1]))
            at += 1
        lines.append(line)
    lines.extend(ScriptLine("note", text) for _index, text in notes[at:])
    return Script(title=_title(root), lines=lines, format_name="Final Draft")
