"""Offline draft pictures and clips: deterministic from prompt + seed, clearly labelled."""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.media import ffmpeg
from storyboard_app.media.fonts import draw_text, wrap

DRAFT_SIZE = (512, 288)  # 16:9, small: drafts are placeholders
CLIP_SECONDS = 2.0
CLIP_FPS = 12


def _rng(prompt: str, seed: int | None) -> random.Random:
    digest = hashlib.sha256(f"{seed}\x00{prompt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _label(image: Image.Image, prompt: str, seed: int | None, caption: str) -> None:
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, 34), fill=(20, 20, 20))
    draw_text(draw, (10, 6), f"DRAFT · {caption}", fill=(255, 210, 64), size=20)
    text = " ".join(prompt.split())
    if len(text) > 160:  # cut by characters: a script without spaces is one long "word"
        text = text[:159] + "…"
    lines = wrap(text, 15, w - 20, max_lines=3)  # by drawn width: CJK glyphs are wider
    box_h = 14 + 18 * len(lines)
    draw.rectangle((0, h - box_h - 22, w, h), fill=(0, 0, 0))
    for i, line in enumerate(lines):
        draw_text(draw, (10, h - box_h - 16 + 18 * i), line, fill=(240, 240, 240), size=15)
    draw_text(draw, (10, h - 20), f"seed {seed}", fill=(160, 160, 160), size=13)


def draft_size(ratio: str, *, long_side: int = DRAFT_SIZE[0]) -> tuple[int, int]:
    """The draft's pixel size at an aspect ratio ("16:9", "2.39:1"); 16:9 when unreadable."""
    try:
        w, _, h = ratio.partition(":")
        value = float(w) / float(h)
    except (ValueError, ZeroDivisionError):
        return DRAFT_SIZE
    if value >= 1:
        return long_side, max(64, round(long_side / value))
    return max(64, round(long_side * value)), long_side


def _draw_references(image: Image.Image, references: Sequence[tuple[str, Path | None]]) -> None:
    """Each reference's thumbnail and @name in a column on the right."""
    w, h = image.size
    side = max(40, min(96, (h - 70) // max(1, len(references)) - 18))
    draw = ImageDraw.Draw(image)
    y = 40
    for name, path in references:
        x = w - side - 10
        thumb: Image.Image | None = None
        if path is not None:
            try:
                with Image.open(path) as source:
                    thumb = ImageOps.fit(source.convert("RGB"), (side, side))
            except Exception:  # a damaged reference still gets its name drawn
                thumb = None
        if thumb is not None:
            image.paste(thumb, (x, y))
        else:
            draw.rectangle((x, y, x + side, y + side), fill=(60, 60, 60))
        draw.rectangle((x, y, x + side, y + side), outline=(255, 210, 64), width=2)
        draw_text(draw, (x, y + side + 1), f"@{name}"[:14], fill=(255, 210, 64), size=13)
        y += side + 18


def draw_draft(
    prompt: str,
    seed: int | None,
    *,
    size: tuple[int, int] = DRAFT_SIZE,
    references: Sequence[tuple[str, Path | None]] = (),
    shot_type: str = "",
    ratio: str = "",
) -> bytes:
    """A labelled placeholder PNG: the same prompt and seed always give the same bytes.

    Mentioned elements' reference thumbnails and names, the shot type and the aspect ratio
    are drawn in, so a round with references shows them with no token."""
    rng = _rng(prompt, seed)
    w, h = size
    top = tuple(rng.randrange(40, 220) for _ in range(3))
    bottom = tuple(rng.randrange(20, 200) for _ in range(3))
    image = Image.linear_gradient("L").resize(size)
    image = ImageOps.colorize(image, black=top, white=bottom)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randrange(4, 9)):
        x, y = rng.randrange(w), rng.randrange(40, h - 40)
        r = rng.randrange(14, h // 3)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    if references:
        _draw_references(image, references)
    caption = " · ".join(p for p in ("offline", shot_type, ratio) if p)
    _label(image, prompt, seed, caption)
    return _png(image)


def draw_derived(
    parent: Path,
    prompt: str,
    seed: int | None,
    strength: float,
    *,
    size: tuple[int, int] = DRAFT_SIZE,
) -> bytes:
    """A variant of the parent: its picture, shifted and tinted by seed and strength."""
    rng = _rng(prompt, seed)
    try:
        with Image.open(parent) as source:
            base = source.convert("RGB").resize(size)
    except Exception as exc:
        raise GenerationError(
            "The parent image cannot be read from the media store. Run `storyboard-app media "
            "verify`, then pick another parent.",
            kind=ErrorKind.LOCAL,
        ) from exc
    strength = min(1.0, max(0.0, strength))
    dx, dy = rng.randrange(-12, 13), rng.randrange(-8, 9)
    shifted = base.transform(size, Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy))
    shifted = shifted.filter(ImageFilter.GaussianBlur(radius=0.5 + 2 * strength))
    tint = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    image = Image.blend(shifted, tint, 0.12 + 0.35 * strength)
    _label(image, prompt, seed, f"offline · refined ({strength:.2f})")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def make_clip(
    still: Path,
    target: Path,
    *,
    seconds: float = CLIP_SECONDS,
    label: str = "",
    fps: int = CLIP_FPS,
) -> None:
    """A short H.264 clip (slow zoom) from a still, written to `target` by the bundled ffmpeg."""
    frames = max(2, round(seconds * fps))
    scale = "scale=480:270:force_original_aspect_ratio=decrease,pad=480:270:(ow-iw)/2:(oh-ih)/2"
    zoom = f"zoompan=z='min(zoom+0.004,1.2)':d={frames}:s=480x270:fps={fps}"
    command = [
        "-v",
        "error",
        "-y",
        "-i",
        str(still),
        "-vf",
        f"{scale},{zoom},format=yuv420p",
        "-frames:v",
        str(frames),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        "-metadata",
        f"comment=DRAFT {label}".strip(),
        "-f",
        "mp4",
        str(target),
    ]
    _run_ffmpeg(command)


def make_crossfade(
    first: Path,
    last: Path,
    target: Path,
    *,
    seconds: float = CLIP_SECONDS,
    label: str = "",
    fps: int = CLIP_FPS,
) -> None:
    """A short H.264 clip that dissolves from the `first` still into the `last` one (the
    offline stand-in for a first-and-last-frame model)."""
    frames = max(2, round(seconds * fps))
    fit = (
        "scale=480:270:force_original_aspect_ratio=decrease,pad=480:270:(ow-iw)/2:(oh-ih)/2,"
        f"setsar=1,fps={fps},format=yuv420p"
    )
    hold = round(seconds * 0.1, 3)
    fade = round(seconds - 2 * hold, 3)
    graph = (
        f"[0:v]{fit}[a];[1:v]{fit}[b];"
        f"[a][b]xfade=transition=fade:duration={fade}:offset={hold},format=yuv420p"
    )
    command = [
        *("-v", "error", "-y"),
        *("-loop", "1", "-t", f"{seconds:.3f}", "-i", str(first)),
        *("-loop", "1", "-t", f"{seconds - hold:.3f}", "-i", str(last)),
        *("-filter_complex", graph, "-frames:v", str(frames)),
        *("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"),
        *("-movflags", "+faststart", "-metadata", f"comment=DRAFT {label}".strip()),
        *("-f", "mp4", str(target)),
    ]
    _run_ffmpeg(command)


def _run_ffmpeg(command: list[str]) -> None:
    try:
        result = ffmpeg.run(command, timeout=120)
    except ffmpeg.FfmpegStartError as exc:
        raise GenerationError(
            f"ffmpeg could not make the draft clip ({exc}).", kind=ErrorKind.LOCAL
        ) from exc
    if not result.ok:
        raise GenerationError(
            f"ffmpeg could not make the draft clip: {result.last_line()[:160]}",
            kind=ErrorKind.LOCAL,
        )
