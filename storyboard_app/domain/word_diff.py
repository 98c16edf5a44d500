"""A word-level diff of two prompts: which words were kept, removed and added."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

DiffKind = Literal["same", "removed", "added"]

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class DiffPart:
    """A run of words that is the same in both prompts, only in the old or only in the new."""

    kind: DiffKind
    text: str


def words(text: str) -> list[str]:
    """The prompt split on whitespace (punctuation stays with its word)."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Runs of words turning `old` into `new`; removed runs come before their replacement."""
    a, b = words(old), words(new)
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", " ".join(b[j1:j2])))
    return parts


def is_unchanged(parts: list[DiffPart]) -> bool:
    """True when the diff has no added or removed words."""
    return all(part.kind == "same" for part in parts)


def rebuild(parts: list[DiffPart], side: Literal["old", "new"]) -> str:
    """The old or new prompt's words from a diff (whitespace normalised to single spaces)."""
    skip: DiffKind = "added" if side == "old" else "removed"
    return " ".join(part.text for part in parts if part.kind != skip and part.text)
