"""Deciding whether bytes on disk are a whole, decodable image or video."""

from __future__ import annotations

import warnings
from pathlib import Path

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.media import ffmpeg

DEFAULT_MAX_PIXELS = 100_000_000
_VIDEO_MAGIC = (b"ftyp", b"\x1aE\xdf\xa3")  # mp4/mov box at offset 4, or WebM/Matroska


class MediaError(StoryboardError):
    """A file that cannot enter the media store (corrupt, too big, disk full, …)."""


class ImageTooLargeForMemoryError(MediaError):
    """A whole image that does not fit in the memory this machine has left to decode it."""


def check_image(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """Fully decode the image (not `verify()` alone); return its size or raise MediaError."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise MediaError(
                        f"The image is {width}×{height} pixels, more than the limit of "
                        f"{max_pixels:,}; it was not kept."
                    )
                image.load()
                return width, height
    except MediaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(
            f"The image is larger than the limit of {max_pixels:,} pixels; it was not kept."
        ) from exc
    except MemoryError as exc:  # not a broken file: too big for this machine right now
        raise ImageTooLargeForMemoryError(
            "The image is too large to open in the memory available; it was not kept."
        ) from exc
    except Exception as exc:  # Pillow raises many types for broken data
        raise MediaError(
            "The downloaded file is not a complete image (it may be truncated or not an "
            f"image at all: {type(exc).__name__}). Retry the variant."
        ) from exc


def check_video(path: Path) -> None:
    """Check the container signature, then decode every frame with ffmpeg."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError as exc:
        raise MediaError(f"The video file cannot be read ({exc.strerror or exc}).") from exc
    if not (head[4:8] == _VIDEO_MAGIC[0] or head[:4] == _VIDEO_MAGIC[1]):
        raise MediaError(
            "The downloaded file is not a video (no MP4 or WebM header). Retry the animation."
        )
    try:
        result = ffmpeg.run(
            ["-v", "error", "-xerror", "-i", str(path), "-map", "0:v:0", "-f", "null", "-"],
            timeout=120,
        )
    except ffmpeg.FfmpegStartError as exc:
        raise MediaError(f"The video could not be checked with ffmpeg ({exc}).") from exc
    if not result.ok:
        raise MediaError(
            f"The video is damaged or incomplete ({result.last_line()[:120]}). Retry the animation."
        )
