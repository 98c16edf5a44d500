"""The parts of a screenplay this app uses, whatever the file format: one flat list of lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LineKind = Literal["heading", "synopsis", "action", "speech", "note", "transition"]


@dataclass(frozen=True)
class ScriptLine:
    """One paragraph of a script.

    heading: `text` is the scene heading, `number` the script's own scene number ("" if none).
    speech: `character` speaks `text` (parentheticals kept inline); `dual` when spoken at
    the same time as the speech before it. note: a writer's note, never shown in the film.
    """

    kind: LineKind
    text: str
    number: str = ""
    character: str = ""
    dual: bool = False


@dataclass
class Script:
    """A parsed screenplay: its title page's title ("" if none) and its lines in order."""

    title: str
    lines: list[ScriptLine] = field(default_factory=list)
    format_name: str = "Fountain"

    def has_story(self) -> bool:
        """True when there is at least a scene heading, an action or a speech."""
        return any(line.kind in ("heading", "action", "speech") for line in self.lines)

    def count(self, kind: LineKind) -> int:
        return sum(1 for line in self.lines if line.kind == kind)
