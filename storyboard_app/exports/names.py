"""File names every export shares: `S01_SH02_<slug>` pieces and the title's words as a slug.

A slug keeps the title's words in any script (é, 夜明け), lowercased and joined by hyphens,
cut at a word boundary, and is safe on Windows and macOS file systems: only letters, marks
and digits survive, so `<>:"/\\|?*`, control characters, dots and spaces never reach a name.
"""

from __future__ import annotations

import unicodedata

SLUG_LIMIT = 40  # characters; 40 CJK characters are 120 bytes, well inside 255-byte limits
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)


def _words(text: str) -> list[str]:
    """The runs of letters, marks and digits in `text` (NFC, lowercased)."""
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", text).lower():
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def slug(text: str, limit: int = SLUG_LIMIT, fallback: str = "shot") -> str:
    """The title's words joined by hyphens, at most `limit` characters, cut between words.

    A first word longer than `limit` is cut inside itself (there is no boundary to cut at).
    `fallback` when no word is left; a name Windows reserves (`con`, `lpt1`) gets a `-`.
    """
    kept = ""
    for word in _words(text):
        candidate = f"{kept}-{word}" if kept else word
        if len(candidate) > limit:
            if not kept:
                kept = word[:limit]
            break
        kept = candidate
    if not kept:
        return fallback
    return f"{kept}-" if kept in _RESERVED else kept


def shot_title(description: str, prompt: str) -> str:
    """A shot's title: the first line of its description, else of its prompt."""
    for text in (description, prompt):
        for line in text.splitlines():
            if line.strip():
                return line.strip()
    return ""


def piece_code(scene_number: int, shot_number: int) -> str:
    """`S01_SH02`."""
    return f"S{scene_number:02d}_SH{shot_number:02d}"


def shot_code(scene_number: int, shot_number: int) -> str:
    """`S01 SH03`: how a slate and the burn-in name a shot."""
    return f"S{scene_number:02d} SH{shot_number:02d}"


def slate_caption(scene_number: int, shot_number: int, title: str) -> str:
    """`S01 SH03 — title — no final image`: the card standing in for a shot with no final."""
    parts = [shot_code(scene_number, shot_number), title, "no final image"]
    return " — ".join(p for p in parts if p)


def piece_name(scene_number: int, shot_number: int, title: str) -> str:
    """`S01_SH02_<slug>`: the stem of a shot's exported image or clip, without extension."""
    return f"{piece_code(scene_number, shot_number)}_{slug(title)}"
