"""File names every export shares: `S01_SH02_<slug>` pieces and the title's words as a slug.

A slug keeps the title's words in any script (é, 夜明け), lowercased and joined by hyphens,
cut at a word boundary, and is safe on Windows and macOS file systems: only letters, marks
and digits survive, so `<>:"/\\|?*`, control characters, dots and spaces never reach a name.
"""

from __future__ import annotations

from storyboard_app.domain.file_names import file_slug

SLUG_LIMIT = 40  # characters; 40 CJK characters are 120 bytes, well inside 255-byte limits


def slug(text: str, limit: int = SLUG_LIMIT, fallback: str = "shot") -> str:
    """The title's words joined by hyphens, at most `limit` characters, cut between words
    (`domain.file_names.file_slug`: any script, safe on every file system)."""
    return file_slug(text, limit, fallback)


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
