"""Readable names from a creator's text: file-name slugs and short single-line labels.

Both keep the words of any script (é, 夜明け) and cut at a word boundary, never mid-word.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}  # control, format, private use, surrogates
# Names Windows keeps for devices, whatever the extension (`con.otio` cannot be created).
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in "0123456789¹²³"}
)


def words_of(text: str) -> list[str]:
    """The runs of letters, marks and digits in `text` (NFC, case-folded): the words of any
    script, a Devanagari vowel sign or a combining accent kept inside its word."""
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", text).casefold():
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _cut_words(words: list[str], limit: int, joiner: str) -> tuple[str, bool]:
    """Join words while the result fits in `limit`; (text, whether words were left out)."""
    out = ""
    for index, word in enumerate(words):
        candidate = f"{out}{joiner}{word}" if out else word
        if len(candidate) > limit:
            if not out:  # a single word longer than the limit: cut it, nothing else fits
                return word[:limit], True
            return out, True
        out = candidate
        if index == len(words) - 1:
            return out, False
    return out, False


def file_slug(text: str, limit: int = 40, fallback: str = "shot") -> str:
    """The words of `text`, lowercase, joined by hyphens, at most `limit` characters.

    Unicode letters are kept (NFC); punctuation, spaces and path separators are not, so
    the result is safe in a file name on every platform. `fallback` when no word is left.
    A Windows device name (`con`, `nul`, `com1` …) gets a trailing `_`, and no slug ends in
    a dot or a space (Windows drops them).
    """
    slug, _cut = _cut_words(words_of(text), limit, "-")
    slug = (slug or fallback).rstrip(". ")
    return f"{slug}_" if slug.casefold() in _DEVICES else slug


def single_line(text: str, limit: int = 60) -> str:
    """`text` on one line: whitespace runs (newlines too) become one space, invisible
    characters are dropped, and a long text is cut at a word boundary with an ellipsis."""
    visible = "".join(
        " " if unicodedata.category(ch) in _INVISIBLE else ch
        for ch in unicodedata.normalize("NFC", text)
    )
    words = visible.split()  # every Unicode space and line break
    line, cut = _cut_words(words, max(1, limit - 1), " ")
    return f"{line}…" if cut else line
