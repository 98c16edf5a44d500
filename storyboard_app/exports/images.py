"""The final images copied to a folder, named by scene and shot (`S01_SH02_<slug>.png`)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.names import piece_name, shot_title
from storyboard_app.exports.timeline import ShotEntry, Timeline
from storyboard_app.media.atomic import (
    check_folder,
    explain_os_error,
    flush_to_disk,
    temporary_sibling,
)
from storyboard_app.media.image_metadata import ImageMetadata, write_with_metadata
from storyboard_app.media.probe import MediaFileError
from storyboard_app.store.services.images import ImageService

_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif", "TIFF": ".tif"}


def entry_piece_name(entry: ShotEntry) -> str:
    """`S01_SH02_<slug>`: the name (without extension) of a shot's exported image or clip."""
    title = shot_title(entry.shot.description, entry.prompt)
    return piece_name(entry.scene.scene_number, entry.shot.shot_number, title)


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


Lineage = Callable[[int], Sequence[Mapping[str, Any]]]


def lineage_from(images: ImageService) -> Lineage:
    """The ancestry of an image (itself first) as the exported metadata records it."""

    def chain(image_id: int) -> list[dict[str, Any]]:
        return [
            {
                "image_id": i.id,
                "parent_image_id": i.parent_image_id,
                "round": i.iteration_number,
                "variant": i.variant_number,
                "seed": i.seed,
                "prompt": i.iteration_prompt,
            }
            for i in images.lineage(image_id)
        ]

    return chain


def export_images(timeline: Timeline, folder: Path, lineage: Lineage | None = None) -> ImagesExport:
    """Copy every final image into `folder` (each under a temporary name, then renamed).

    PNGs carry prompt, seed, model and lineage in text chunks, JPEGs in XMP; `lineage(id)`
    gives the image's ancestry (default: the image and its parent).

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
        return _copy_images(timeline, folder, lineage)
    except BaseException:
        if made_folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _copy_images(timeline: Timeline, folder: Path, lineage: Lineage | None) -> ImagesExport:
    files: list[Path] = []
    skipped: list[str] = []
    try:
        for entry in timeline.entries:
            if entry.image is None or entry.image_path is None:
                skipped.append(entry.no_final_note("no file in the images folder"))
                continue
            source = entry.verified_image_path()  # never copy a damaged file as a final image
            try:
                extension = image_extension(source)
            except MediaFileError as exc:
                raise MediaFileError(
                    f"The final image of {entry.label} cannot be exported: {exc}. Run "
                    "`storyboard-app media verify` or pick the final image again."
                ) from exc
            name = f"{entry_piece_name(entry)}{extension}"
            target = folder / name
            tmp = temporary_sibling(target)
            image = entry.image
            chain = (
                lineage(image.id)
                if lineage is not None
                else [{"image_id": image.id, "parent_image_id": image.parent_image_id}]
            )
            metadata = ImageMetadata(image.iteration_prompt, image.seed, image.model, chain)
            try:
                rewritten = write_with_metadata(source, tmp, metadata)
                if not rewritten:
                    shutil.copyfile(source, tmp)
                flush_to_disk(tmp)
                _check_copy(source, tmp, rewritten)
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


def _check_copy(source: Path, copy: Path, rewritten: bool) -> None:
    """A plain copy has its source's size; one rewritten with metadata decodes whole."""
    if not rewritten:
        if copy.stat().st_size != source.stat().st_size:
            raise OSError(errno.EIO, "the copy is shorter than its source")
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(copy) as img:
            img.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise OSError(errno.EIO, f"the copy does not decode ({exc})") from exc
