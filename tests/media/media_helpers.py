"""Tiny real media files for the output tests: PNG stills and short clips made by ffmpeg."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

from storyboard_app.media.ffmpeg import ffmpeg_exe


def png_bytes(
    color: tuple[int, int, int], size: tuple[int, int] = (192, 108), text: str = ""
) -> bytes:
    image = Image.new("RGB", size, color)
    if text:
        ImageDraw.Draw(image).text((6, 6), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_clip(
    path: Path,
    *,
    size: tuple[int, int] = (160, 90),
    fps: int = 24,
    seconds: float = 1.0,
    codec: str = "libx264",
    audio: bool = True,
    container: str = "mp4",
) -> Path:
    """A test-pattern clip (with a sine tone unless `audio` is False)."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error"]
    args += ["-f", "lavfi", "-i", f"testsrc=size={size[0]}x{size[1]}:rate={fps}"]
    if audio:
        args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
    args += ["-t", f"{seconds}", "-c:v", codec, "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac" if container == "mp4" else "libopus", "-ac", "1"]
    args += ["-f", container, str(path)]
    subprocess.run(args, check=True, timeout=60)
    return path
