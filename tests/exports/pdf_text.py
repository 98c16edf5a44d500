"""Just enough PDF reading to check what QPdfWriter wrote: page count and text per page.

Qt writes each glyph as `<gid> Tj` with Identity-H fonts and a ToUnicode map; this maps
glyph ids back to characters. Spaces are positioning, not glyphs, so callers compare text
with whitespace removed (`squash`).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_REF = r"/{key}\s+(\d+) 0 R"


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    objects = {}
    for num, body in _OBJ.findall(data):
        head, stream = body, b""
        if b"stream" in body:
            head, _, rest = body.partition(b"stream")
            stream = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
        objects[int(num)] = (head, stream)
    return objects


def _ref(head: bytes, key: str) -> int | None:
    found = re.search(_REF.format(key=key).encode(), head)
    return int(found.group(1)) if found else None


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}

    def chars(hexes: bytes) -> str:
        raw = bytes.fromhex(hexes.decode())
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dest in re.findall(rb"<(\w+)>\s*<(\w+)>\s*(\[.*?\]|<\w+>)", block, re.S):
            start, end = int(lo, 16), int(hi, 16)
            if dest.startswith(b"["):
                for i, item in enumerate(re.findall(rb"<(\w+)>", dest)):
                    mapping[start + i] = chars(item)
            else:
                base = int(dest.strip(b"<>"), 16)
                for code in range(start, end + 1):
                    mapping[code] = chr(base + code - start)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dest in re.findall(rb"<(\w+)>\s*<(\w+)>", block):
            mapping[int(src, 16)] = chars(dest)
    return mapping


def pdf_pages_text(path: Path) -> list[str]:
    """The text of every page, in page order (glyphs of one BT…ET block form a line)."""
    data = Path(path).read_bytes()
    objects = _objects(data)
    catalog_pages = [n for n, (h, _) in objects.items() if re.search(rb"/Type /Pages\b", h)]
    order: list[int] = []
    if catalog_pages:
        kids = re.search(rb"/Kids\s*\[(.*?)\]", objects[catalog_pages[0]][0], re.S)
        if kids:
            order = [int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1))]
    pages = []
    for page_num in order:
        head = objects[page_num][0]
        contents = _ref(head, "Contents")
        resources = _ref(head, "Resources")
        fonts: dict[str, dict[int, str]] = {}
        if resources is not None:
            font_dict = re.search(rb"/Font\s*<<(.*?)>>", objects[resources][0], re.S)
            for name, num in re.findall(
                rb"/(\w+) (\d+) 0 R", font_dict.group(1) if font_dict else b""
            ):
                to_unicode = _ref(objects[int(num)][0], "ToUnicode")
                if to_unicode is not None:
                    fonts[name.decode()] = _cmap(objects[to_unicode][1])
        stream = objects[contents][1] if contents is not None else b""
        lines = []
        for block in re.findall(rb"BT(.*?)ET", stream, re.S):
            font: dict[int, str] = {}
            text = []
            for token in re.finditer(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj", block):
                if token.group(1):
                    font = fonts.get(token.group(1).decode(), {})
                else:
                    hexes = token.group(2)
                    for i in range(0, len(hexes), 4):
                        text.append(font.get(int(hexes[i : i + 4], 16), "?"))
            lines.append("".join(text))
        pages.append("\n".join(lines))
    return pages
