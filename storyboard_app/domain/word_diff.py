"""A word-level diff of two prompts: which words were kept, removed and added.

Punctuation is its own token, so "seagulls" → "seagulls, lit windows" shows only
", lit windows" as added. Each token remembers whether a space preceded it, so the prompts
are rebuilt as written (runs of whitespace become one space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

DiffKind = Literal["same", "removed", "added"]

_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]+")

Token = tuple[str, bool]  # (text, preceded by whitespace)


@dataclass(frozen=True)
class DiffPart:
    """A run of words that is the same in both prompts, only in the old or only in the new.

    `spaced` says whether a space separates it from the part before it (in the new prompt
    for a "same" part, whose `old_spaced` says the same for the old prompt).
    """

    kind: DiffKind
    text: str
    spaced: bool = field(default=True, compare=False)
    old_spaced: bool | None = field(default=None, compare=False)


def tokens(text: str) -> list[Token]:
    """The prompt's words and punctuation marks, each with "a space came before it"."""
    text = text or ""
    return [
        (m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN.finditer(text)
    ]


def words(text: str) -> list[str]:
    return [token for token, _ in tokens(text)]


def join_tokens(items: list[Token]) -> str:
    out = ""
    for text, spaced in items:
        out += (" " if out and spaced else "") + text
    return out


def normalise(text: str) -> str:
    """The prompt as the diff rebuilds it (whitespace runs collapsed, ends trimmed)."""
    return join_tokens(tokens(text))


def _part(kind: DiffKind, items: list[Token]) -> DiffPart:
    return DiffPart(kind, join_tokens(items), items[0][1])


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Runs of words turning `old` into `new`; removed runs come before their replacement."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(a=[t for t, _ in a], b=[t for t, _ in b], autojunk=False)
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = _part("same", b[j1:j2])  # inner spacing as in the new prompt
            parts.append(DiffPart("same", same.text, same.spaced, a[i1][1]))
            continue
        if i2 > i1:
            parts.append(_part("removed", a[i1:i2]))
        if j2 > j1:
            parts.append(_part("added", b[j1:j2]))
    return parts


def is_unchanged(parts: list[DiffPart]) -> bool:
    """True when the diff has no added or removed words."""
    return all(part.kind == "same" for part in parts)


def rebuild(parts: list[DiffPart], side: Literal["old", "new"]) -> str:
    """The new prompt (normalised) from a diff; the old one's words (spacing inside unchanged
    runs follows the new prompt)."""
    skip: DiffKind = "added" if side == "old" else "removed"
    items: list[Token] = []
    for part in parts:
        if part.kind == skip or not part.text:
            continue
        spaced = part.spaced
        if side == "old" and part.old_spaced is not None:
            spaced = part.old_spaced
        items.append((part.text, spaced))
    return join_tokens(items)
