"""The final images copied to a folder, named by scene and shot (`S01_SH02_<slug>.png`)."""

from __future__ import annotations

import errno
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.timeline import Timeline
from storyboard_app.media.atomic import (
    check_folder,
    explain_os_error,
    flush_to_disk,
    temporary_sibling,
)
from storyboard_app.media.probe import MediaFileError

_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif", "TIFF": ".tif"}


def slug(text: str, limit: int = 40) -> str:
    """Lowercase ASCII words joined by hyphens, for a file name; `shot` when nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:limit].rstrip("-") or "shot"


def image_extension(path: Path) -> str:
    """The extension matching the file's real format (the store keeps files without one)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            fmt = img.format or ""
    except FileNotFoundError as exc:
        raise MediaFileError(f"{path} is missing") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise MediaFileError(f"{path.name} is not a readable image") from exc
    return _EXTENSIONS.get(fmt, f".{fmt.lower()}" if fmt else ".img")


@dataclass(frozen=True)
class ImagesExport:
    """What was copied, and which shots were left out."""

    folder: Path
    files: tuple[Path, ...]
    skipped: tuple[str, ...]


def export_images(timeline: Timeline, folder: Path) -> ImagesExport:
    """Copy every final image into `folder` (each under a temporary name, then renamed).

    The folder is made when missing, but only inside a folder that exists: a missing parent
    is refused, never created. Every final image is checked (present, SHA-256 intact)
    before anything is copied; a missing or damaged one raises MediaError naming the shot
    and the folder is not touched. Each copy is flushed to disk and compared with its
    source's size before it takes its name; on any error the copies made so far are removed.
    """
    folder = Path(folder).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(f"{folder} is a file; give a folder for the images.")
    check_folder(folder.parent, "images folder")
    timeline.check_media(clips=False)
    made_folder = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise explain_os_error(exc, folder, "images folder") from exc
    try:
        return _copy_images(timeline, folder)
    except BaseException:
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _copy_images(timeline: Timeline, folder: Path) -> ImagesExport:
    files: list[Path] = []
    skipped: list[str] = []
    try:
        for entry in timeline.entries:
            if entry.image is None or entry.image_path is None:
                skipped.append(f"{entry.label}: no final image yet")
                continue
            source = entry.verified_image_path()  # never copy a damaged file as a final image
            try:
                extension = image_extension(source)
            except MediaFileError as exc:
                raise MediaFileError(
                    f"The final image of {entry.label} cannot be exported: {exc}. Run "
                    "`storyboard-app media verify` or pick the final image again."
                ) from exc
            name = f"{entry.code}_{slug(entry.shot.description or entry.prompt)}{extension}"
            target = folder / name
            tmp = temporary_sibling(target)
            try:
                shutil.copyfile(source, tmp)
                flush_to_disk(tmp)
                if tmp.stat().st_size != source.stat().st_size:
                    raise OSError(errno.EIO, "the copy is shorter than its source")
                os.replace(tmp, target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise explain_os_error(exc, target, "image") from exc
            files.append(target)
    except BaseException:
        for written in files:  # the shots copied before the failure
            written.unlink(missing_ok=True)
        raise
    return ImagesExport(folder, tuple(files), tuple(skipped))
