"""Fonts that have the glyphs: text in any script drawn without missing-glyph boxes.

Pillow's built-in font covers Latin only, so é is fine but 夜明け becomes boxes. Each
character is drawn with the first font that has it: the system's sans (fontconfig's
`fc-match`, else the usual Windows and macOS font files), then a font fontconfig finds for
that very character, then Pillow's own. A font "has" a character when its bitmap differs
from the font's missing-glyph box. Fonts and answers are remembered per process.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
FontFile = tuple[str, int]  # path, face index inside a collection
_SURELY_MISSING = "\U0010fffd"  # a private-use code point no text font draws

_WINDOWS = (
    "segoeui.ttf",
    "arial.ttf",
    "YuGothR.ttc",
    "meiryo.ttc",
    "msyh.ttc",
    "malgun.ttf",
    "Nirmala.ttf",
    "seguisym.ttf",
)
_MACOS = (
    "/System/Library/Fonts/Helvetica.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)
_LINUX = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


def _fc_match(pattern: str) -> FontFile | None:
    """The file fontconfig picks for `pattern`, or None without fontconfig."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}|%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.strip().partition("|")
    if not path or not Path(path).is_file():
        return None
    return path, int(index) if index.isdigit() else 0


@functools.cache
def system_fonts() -> tuple[FontFile, ...]:
    """The fonts tried first, in order: the system's sans, then known files that exist."""
    found: list[FontFile] = []
    default = _fc_match("sans")
    if default is not None:
        found.append(default)
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        names = [str(folder / name) for name in _WINDOWS]
    elif sys.platform == "darwin":
        names = list(_MACOS)
    else:
        names = list(_LINUX)
    found += [(name, 0) for name in names if Path(name).is_file()]
    return tuple(dict.fromkeys(found))


@functools.cache
def _load(file: FontFile, size: int) -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype(file[0], size, index=file[1])
    except OSError:
        log.warning("cannot read the font %s", file[0])
        return None


@functools.cache
def _fallback(size: int) -> Font:
    return ImageFont.load_default(size)


def glyph_bitmap(font: Font, char: str) -> bytes:
    """The picture `font` draws for `char`, cropped to its ink (empty when it draws nothing)."""
    left, top, right, bottom = (int(v) for v in font.getbbox(char))
    if right <= left or bottom <= top:
        return b""
    image = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(image).text((-left, -top), char, font=font, fill=255)
    box = image.getbbox()
    return f"{image.size}".encode() + image.tobytes() if box else b""


@functools.cache
def _missing_box(font: Font) -> bytes:
    return glyph_bitmap(font, _SURELY_MISSING)


def _needs_no_glyph(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


@functools.lru_cache(maxsize=1 << 16)
def has_glyph(font: Font, char: str) -> bool:
    """True when `font` draws `char` as itself, not as its missing-glyph box (or nothing)."""
    if _needs_no_glyph(char):
        return True
    bitmap = glyph_bitmap(font, char)
    return bitmap != b"" and bitmap != _missing_box(font)


@functools.cache
def _font_for_char(char: str, size: int) -> Font:
    for file in system_fonts():
        font = _load(file, size)
        if font is not None and has_glyph(font, char):
            return font
    special = _fc_match(f"sans:charset={ord(char):x}")
    if special is not None:
        font = _load(special, size)
        if font is not None and has_glyph(font, char):
            return font
    return _fallback(size)


def font(size: int) -> Font:
    """The main font at `size` (the system's sans, else Pillow's own)."""
    for file in system_fonts():
        loaded = _load(file, size)
        if loaded is not None:
            return loaded
    return _fallback(size)


def runs(text: str, size: int) -> list[tuple[str, Font]]:
    """`text` split into runs that one font draws whole, in order."""
    out: list[tuple[str, Font]] = []
    main = font(size)
    for char in text:
        chosen = main if has_glyph(main, char) else _font_for_char(char, size)
        if out and out[-1][1] is chosen:
            out[-1] = (out[-1][0] + char, chosen)
        else:
            out.append((char, chosen))
    return out


def text_width(text: str, size: int) -> float:
    """How wide `text` is drawn at `size`, in pixels."""
    return sum(f.getlength(part) for part, f in runs(text, size))


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    *,
    size: int,
    fill: int | Sequence[int] | str,
) -> float:
    """Draw `text` at `xy` (top left), each character with a font that has it; the width."""
    x, y = xy
    colour = fill if isinstance(fill, int | str) else tuple(fill)
    main = font(size)
    # every run sits on the main font's baseline, so mixed scripts line up
    baseline = y + (main.getmetrics()[0] if isinstance(main, ImageFont.FreeTypeFont) else size)
    for part, f in runs(text, size):
        if isinstance(f, ImageFont.FreeTypeFont):
            draw.text((x, baseline), part, fill=colour, font=f, anchor="ls")
        else:
            draw.text((x, y), part, fill=colour, font=f)
        x += f.getlength(part)
    return x - xy[0]


def font_file() -> str | None:
    """The main font's file (for ffmpeg's drawtext), or None when there is none on disk."""
    files = system_fonts()
    return files[0][0] if files else None


def wrap(text: str, size: int, width: float, max_lines: int = 3) -> list[str]:
    """`text` in at most `max_lines` lines no wider than `width` pixels at `size`, cut
    between words (inside a word wider than a line, and in scripts without spaces)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width and len(current) > 1:  # a word wider than all
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    return lines
