"""The card that stands in the video for a shot with no final image, so the timing holds.

`draw_slate("S01 SH03 — title — no final image", (1280, 720))` draws each part of the
caption on its own centred line (the title wrapped to the frame), in any script.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from storyboard_app.media.fonts import draw_text, text_width, wrap

SEPARATOR = " — "
BACKGROUND = (28, 28, 32)
COLOURS = ((255, 210, 64), (240, 240, 240), (150, 150, 160))  # code, title, "no final image"


def draw_slate(caption: str, size: tuple[int, int]) -> bytes:
    """A PNG card of `size` showing the caption's parts on centred lines."""
    width, height = size
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    inset = max(2, min(width, height) // 40)
    draw.rectangle(
        (inset, inset, width - inset - 1, height - inset - 1), outline=(90, 90, 100), width=2
    )
    parts = [p for p in caption.split(SEPARATOR) if p.strip()] or [caption]
    base = max(8, min(width // 22, height // 12))
    lines: list[tuple[str, int, tuple[int, int, int]]] = []
    for index, part in enumerate(parts):
        colour = COLOURS[min(index, len(COLOURS) - 1)]
        text_size = base if index != len(parts) - 1 or len(parts) == 1 else max(8, base * 3 // 4)
        for line in wrap(part, text_size, width - 4 * inset):
            lines.append((line, text_size, colour))
    spacing = [round(text_size * 1.5) for _line, text_size, _c in lines]
    y = (height - sum(spacing)) / 2
    for (line, text_size, colour), step in zip(lines, spacing, strict=True):
        x = (width - text_width(line, text_size)) / 2
        draw_text(draw, (x, y), line, size=text_size, fill=colour)
        y += step
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
