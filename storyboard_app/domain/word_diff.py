"""A word-level diff of two prompts: which words were kept, removed and added.

Punctuation is its own token, so "seagulls" → "seagulls, lit windows" shows only
", lit windows" as added; text is rebuilt with no space before punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

DiffKind = Literal["same", "removed", "added"]

_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]+")
_PUNCTUATION = re.compile(r"^[^\w\s]")


@dataclass(frozen=True)
class DiffPart:
    """A run of words that is the same in both prompts, only in the old or only in the new."""

    kind: DiffKind
    text: str


def words(text: str) -> list[str]:
    """The prompt's words and punctuation marks, in order."""
    return _TOKEN.findall(text or "")


def starts_with_punctuation(text: str) -> bool:
    return bool(_PUNCTUATION.match(text))


def join_words(tokens: list[str]) -> str:
    """Tokens back to text: single spaces, none before punctuation."""
    out = ""
    for token in tokens:
        if out and not starts_with_punctuation(token):
            out += " "
        out += token
    return out


def normalise(text: str) -> str:
    """The prompt as the diff rebuilds it (whitespace collapsed, punctuation attached)."""
    return join_words(words(text))


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Runs of words turning `old` into `new`; removed runs come before their replacement."""
    a, b = words(old), words(new)
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", join_words(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", join_words(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", join_words(b[j1:j2])))
    return parts


def is_unchanged(parts: list[DiffPart]) -> bool:
    """True when the diff has no added or removed words."""
    return all(part.kind == "same" for part in parts)


def rebuild(parts: list[DiffPart], side: Literal["old", "new"]) -> str:
    """The old or new prompt (normalised) from a diff."""
    skip: DiffKind = "added" if side == "old" else "removed"
    return join_words([part.text for part in parts if part.kind != skip and part.text])
