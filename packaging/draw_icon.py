"""Draws the Storyboard Studio app icon with Pillow: PNGs 16–512, a Windows .ico, a macOS .icns.

Run `python packaging/draw_icon.py` after changing the drawing; the outputs are committed in
storyboard_app/resources/icons/ so builds need no extra step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ICON_DIR = Path(__file__).resolve().parent.parent / "storyboard_app" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MASTER = 1024  # drawn large, then reduced with a good filter

BACKGROUND_TOP = (42, 48, 92)
BACKGROUND_BOTTOM = (22, 24, 48)
FRAME = (226, 232, 245)
PICK = (255, 183, 64)
PLAY = (22, 24, 48)


def _gradient(size: int) -> Image.Image:
    """A vertical gradient from top to bottom colour."""
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(size - 1, 1)
        column.putpixel(
            (0, y),
            tuple(
                round(a + (b - a) * t)
                for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM, strict=True)
            ),
        )
    return column.resize((size, size))


def draw(size: int) -> Image.Image:
    """The icon at `size` pixels: a 2×3 storyboard grid with the final pick in amber.

    At 32 px and below the six frames become a blur, so the small icons show one large frame with
    a play triangle instead: still recognisably the same mark.
    """
    scale = MASTER if size > 32 else size * 16
    img = Image.new("RGBA", (scale, scale), (0, 0, 0, 0))
    mask = Image.new("L", (scale, scale), 0)
    radius = round(scale * 0.2)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, scale - 1, scale - 1), radius, fill=255)
    img.paste(_gradient(scale), (0, 0), mask)
    d = ImageDraw.Draw(img)
    if size > 32:
        cols, rows = 3, 2
        margin, gap = scale * 0.14, scale * 0.06
        cell_w = (scale - 2 * margin - (cols - 1) * gap) / cols
        cell_h = cell_w * 9 / 16
        top = (scale - rows * cell_h - (rows - 1) * gap) / 2
        for row in range(rows):
            for col in range(cols):
                x0 = margin + col * (cell_w + gap)
                y0 = top + row * (cell_h + gap)
                chosen = (row, col) == (0, 1)
                d.rounded_rectangle(
                    (x0, y0, x0 + cell_w, y0 + cell_h),
                    round(scale * 0.025),
                    fill=PICK if chosen else FRAME,
                )
                if chosen:
                    _play(d, x0, y0, cell_w, cell_h)
        # the timeline under the grid
        y = top + rows * cell_h + (rows - 1) * gap + scale * 0.07
        d.rounded_rectangle(
            (margin, y, scale - margin, y + scale * 0.035), round(scale * 0.017), fill=FRAME
        )
        d.ellipse(
            (
                margin + cell_w + gap + cell_w / 2 - scale * 0.04,
                y - scale * 0.0225,
                margin + cell_w + gap + cell_w / 2 + scale * 0.04,
                y + scale * 0.0575,
            ),
            fill=PICK,
        )
    else:
        margin = scale * 0.16
        cell_w = scale - 2 * margin
        cell_h = cell_w * 0.7
        y0 = (scale - cell_h) / 2
        d.rounded_rectangle(
            (margin, y0, margin + cell_w, y0 + cell_h), round(scale * 0.06), fill=PICK
        )
        _play(d, margin, y0, cell_w, cell_h)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def _play(d: ImageDraw.ImageDraw, x0: float, y0: float, w: float, h: float) -> None:
    cx, cy, r = x0 + w / 2, y0 + h / 2, h * 0.28
    d.polygon([(cx - r * 0.8, cy - r), (cx - r * 0.8, cy + r), (cx + r, cy)], fill=PLAY)


def main(out_dir: Path = ICON_DIR) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, image in images.items():
        image.save(out_dir / f"storyboard-studio-{size}.png", optimize=True)
    images[256].save(
        out_dir / "storyboard-studio.ico",
        sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)],
        append_images=[images[s] for s in (16, 24, 32, 48, 64, 128)],
    )
    draw(1024).save(out_dir / "storyboard-studio.icns")
    print(f"icons written to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ICON_DIR))
