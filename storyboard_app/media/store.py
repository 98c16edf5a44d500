"""The content-addressed media store: files keyed by SHA-256, checked before they are kept."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from storyboard_app.media.checks import DEFAULT_MAX_PIXELS, MediaError, check_image, check_video
from storyboard_app.media.store_paths import MediaLayout, is_storage_id

log = logging.getLogger(__name__)

MediaKind = Literal["image", "video"]
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: a long 1080p clip fits, a runaway download not
THUMBNAIL_PX = 256
TMP_SUFFIX = ".tmp"
STALE_TMP_SECONDS = 3600
_CHUNK = 1024 * 256

__all__ = [
    "GcReport",
    "MediaContentError",
    "MediaError",
    "MediaKind",
    "MediaStore",
    "VerifyReport",
    "damaged_file_error",
    "sha256_of_file",
    "verified_file",
]
_VERIFIED_MAX = 100_000  # remembered good files, forgotten all at once past this


class MediaContentError(MediaError):
    """The bytes themselves are wrong: not the expected SHA-256, or not a usable image/video.

    `reason` says what is wrong without advice, for callers that give their own.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


_ADVICE = "Run `storyboard-app media verify`, then regenerate or restore it."
_verified: set[tuple[str, int, int]] = set()
_verified_lock = threading.Lock()


def sha256_of_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (never whole into memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def damaged_file_error(path: Path, what: str) -> MediaContentError:
    """The one message for a stored file whose bytes no longer hash to its name."""
    return MediaContentError(
        f"The {what} is damaged: its stored file {path.name[:12]}… no longer matches its "
        f"SHA-256 (it may be truncated). {_ADVICE}",
        "its content no longer matches its SHA-256",
    )


def verified_file(path: Path, what: str) -> Path:
    """`path` when it is there and, for a media-store file, its bytes still hash to its name.

    Raises MediaError naming `what` (e.g. "final image of scene 1, shot 2 (id 7)") and what
    to do. A good result is remembered per (path, size, mtime), so repeated exports hash
    each file once per process. Files not named by a SHA-256 are only checked to exist.
    Call it before handing a stored file to Qt, Pillow, ffmpeg or an archive.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise MediaError(
            f"The {what} cannot be read ({exc.strerror or exc}; {path}). Check the disk and retry."
        ) from exc
    if info is None or not stat.S_ISREG(info.st_mode):
        raise MediaError(f"The {what} is missing (no file {path}). {_ADVICE}")
    if not is_storage_id(path.name):
        return path
    key = (str(path), info.st_size, info.st_mtime_ns)
    with _verified_lock:
        if key in _verified:
            return path
    try:
        digest = sha256_of_file(path)
    except OSError as exc:
        raise MediaError(
            f"The {what} cannot be read ({exc.strerror or exc}; {path}). Check the disk and retry."
        ) from exc
    if digest != path.name:
        raise damaged_file_error(path, what)
    with _verified_lock:
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified.add(key)
    return path


@dataclass(frozen=True)
class VerifyReport:
    """Result of `MediaStore.verify`: every checked id that is missing or damaged."""

    checked: int
    missing: tuple[str, ...] = ()
    corrupt: tuple[tuple[str, str], ...] = ()  # (storage id, reason)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt


@dataclass(frozen=True)
class GcReport:
    """Result of `MediaStore.gc`: what was (or, in a dry run, would be) removed."""

    dry_run: bool
    removed: tuple[str, ...] = ()
    removed_bytes: int = 0
    kept: int = 0
    temporary_files: tuple[str, ...] = field(default_factory=tuple)


def _disk_message(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "The disk is full; nothing was saved. Free some space and retry."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            "The media folder cannot be written (permission denied or read-only). "
            "Fix its permissions or choose another data folder with --data-dir."
        )
    return f"The file could not be saved ({exc.strerror or exc}). Check the disk and retry."


class MediaStore:
    """Files under `root/ab/abcdef…`, written to a temporary name and renamed when verified.

    Thread-safe: concurrent writers of the same content race only on an atomic rename of
    identical bytes.
    """

    def __init__(
        self,
        root: Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_pixels: int = DEFAULT_MAX_PIXELS,
    ) -> None:
        self.root = root
        self.layout = MediaLayout(root)
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    # -- adding files ------------------------------------------------------------------------

    def put_bytes(self, data: bytes, *, kind: MediaKind = "image") -> str:
        """Store `data` (checked, atomically); return its storage id."""
        if len(data) > self.max_bytes:
            raise self._too_big(len(data))
        return self.put_stream([data], kind=kind)

    def put_file(self, path: Path, *, kind: MediaKind = "image") -> str:
        """Copy a file into the store, streaming; return its storage id."""
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise MediaError(f"There is no file {path}.") from exc
        except OSError as exc:
            raise MediaError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
        if size > self.max_bytes:
            raise self._too_big(size)

        def chunks() -> Iterator[bytes]:
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    yield chunk

        try:
            return self.put_stream(chunks(), kind=kind)
        except OSError as exc:  # reading the source failed
            raise MediaError(f"{path} cannot be read ({exc.strerror or exc}).") from exc

    def put_stream(
        self,
        chunks: Iterable[bytes],
        *,
        kind: MediaKind = "image",
        expected_id: str | None = None,
    ) -> str:
        """Write chunks to a temporary file while hashing, check it, then rename into place.

        Errors raised by the iterable itself (a dropped download) propagate unchanged after
        the temporary file is removed. Bytes that do not decode, or do not hash to
        `expected_id` when given, raise MediaContentError; disk problems plain MediaError.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MediaError(_disk_message(exc)) from exc
        tmp = self.root / f".incoming-{uuid.uuid4().hex}{TMP_SUFFIX}"
        digest = hashlib.sha256()
        size = 0
        try:
            try:
                fh = tmp.open("wb")
            except OSError as exc:
                raise MediaError(_disk_message(exc)) from exc
            try:
                for chunk in chunks:  # errors of the source (a dropped download) propagate
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise self._too_big(size)
                    digest.update(chunk)
                    try:
                        fh.write(chunk)
                    except OSError as exc:
                        raise MediaError(_disk_message(exc)) from exc
                try:
                    fh.flush()
                    os.fsync(fh.fileno())
                    fh.close()
                except OSError as exc:
                    raise MediaError(_disk_message(exc)) from exc
            finally:
                if not fh.closed:
                    with contextlib.suppress(OSError):  # the first error is the one to report
                        fh.close()
            if size == 0:
                raise MediaError("The file is empty; nothing was saved. Retry.")
            storage_id = digest.hexdigest()
            if expected_id is not None and storage_id != expected_id:
                raise MediaContentError(
                    f"The file is not the one expected (its SHA-256 is {storage_id[:12]}…, "
                    f"not {expected_id[:12]}…); it was not kept.",
                    "its content does not match its SHA-256",
                )
            try:
                self._check(tmp, kind)
            except MediaError as exc:
                raise MediaContentError(str(exc), f"it is not a complete, usable {kind}") from exc
            target = self.layout.path_for(storage_id)
            if target.is_file() and target.stat().st_size == size:
                return self._finish(storage_id, kind)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
            except OSError as exc:
                raise MediaError(_disk_message(exc)) from exc
            return self._finish(storage_id, kind)
        finally:
            tmp.unlink(missing_ok=True)

    def _finish(self, storage_id: str, kind: MediaKind) -> str:
        if kind == "image":
            try:
                self.thumbnail_for(storage_id)
            except Exception:  # a thumbnail is a convenience; the original is safe
                log.warning("thumbnail of %s could not be made", storage_id, exc_info=True)
        return storage_id

    def _check(self, path: Path, kind: MediaKind) -> None:
        if kind == "image":
            check_image(path, max_pixels=self.max_pixels)
        else:
            check_video(path)

    def _too_big(self, size: int) -> MediaError:
        return MediaError(
            f"The file is {size / 1e6:,.1f} MB, over the {self.max_bytes / 1e6:,.0f} MB limit; "
            "it was not kept."
        )

    # -- finding files ----------------------------------------------------------------------

    def path_for(self, storage_id: str) -> Path:
        return self.layout.path_for(storage_id)

    def existing_path(self, storage_id: str | None) -> Path | None:
        return self.layout.existing_path(storage_id)

    def verified_path(self, storage_id: str, what: str) -> Path:
        """The stored file, checked by `verified_file` (present, SHA-256 intact) or MediaError."""
        return verified_file(self.layout.path_for(storage_id), what)

    def thumbnail_for(self, storage_id: str) -> Path | None:
        """A JPEG of at most 256 px beside the image, made once; None for non-images."""
        thumb = self.layout.thumbnail_path_for(storage_id)
        if thumb.is_file():
            return thumb
        source = self.existing_path(storage_id)
        if source is None:
            return None
        from PIL import Image, UnidentifiedImageError

        tmp = thumb.with_name(f".{thumb.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
        try:
            with Image.open(source) as image:
                image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
                rgb = image.convert("RGB")
                rgb.save(tmp, format="JPEG", quality=85)
            os.replace(tmp, thumb)
        except (UnidentifiedImageError, OSError):
            tmp.unlink(missing_ok=True)
            return None
        return thumb

    # -- maintenance ------------------------------------------------------------------------

    def stored_ids(self) -> list[str]:
        """Every storage id with a file in the store."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for folder in self.root.iterdir()
            if folder.is_dir()
            for p in folder.iterdir()
            if is_storage_id(p.name)
        )

    def verify(self, storage_ids: Iterable[str]) -> VerifyReport:
        """Check that every id has a file whose SHA-256 matches and that decodes."""
        missing: list[str] = []
        corrupt: list[tuple[str, str]] = []
        checked = 0
        for storage_id in sorted(set(storage_ids)):
            checked += 1
            path = self.existing_path(storage_id)
            if path is None:
                missing.append(storage_id)
                continue
            try:
                digest = hashlib.sha256()
                with path.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
            except OSError as exc:
                corrupt.append((storage_id, f"unreadable: {exc.strerror or exc}"))
                continue
            if digest.hexdigest() != storage_id:
                corrupt.append((storage_id, "content changed (SHA-256 does not match)"))
                continue
            kind: MediaKind = "video" if _looks_like_video(path) else "image"
            try:
                self._check(path, kind)
            except MediaError as exc:
                corrupt.append((storage_id, str(exc)))
        return VerifyReport(checked=checked, missing=tuple(missing), corrupt=tuple(corrupt))

    def gc(
        self,
        referenced: Iterable[str],
        protected: Iterable[str] = (),
        *,
        dry_run: bool = True,
        discard: Callable[[str], None] | None = None,
    ) -> GcReport:
        """Remove stored files no row refers to (and their thumbnails); dry run by default.

        `discard(storage_id)` takes each file away (the command line moves it to the trash,
        `media.trash`); without it the file is deleted. `protected` ids (favourites, finals,
        their ancestors) are never removed, even when a caller forgot to list them as
        referenced. Leftover temporary files older than an hour go too.
        """
        keep = set(referenced) | set(protected)
        removed: list[str] = []
        removed_bytes = 0
        kept = 0
        for storage_id in self.stored_ids():
            if storage_id in keep:
                kept += 1
                continue
            path = self.layout.path_for(storage_id)
            thumb = self.layout.thumbnail_path_for(storage_id)
            removed.append(storage_id)
            removed_bytes += path.stat().st_size
            if dry_run:
                continue
            if discard is not None:
                discard(storage_id)
            else:
                path.unlink(missing_ok=True)
                thumb.unlink(missing_ok=True)
        temporary: list[str] = []
        if self.root.is_dir():
            cutoff = time.time() - STALE_TMP_SECONDS
            for tmp in self.root.rglob(f"*{TMP_SUFFIX}"):
                try:
                    if tmp.stat().st_mtime < cutoff:
                        temporary.append(tmp.name)
                        if not dry_run:
                            tmp.unlink(missing_ok=True)
                except OSError:
                    continue
        return GcReport(
            dry_run=dry_run,
            removed=tuple(removed),
            removed_bytes=removed_bytes,
            kept=kept,
            temporary_files=tuple(temporary),
        )


def _looks_like_video(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(12)
    return head[4:8] == b"ftyp" or head[:4] == b"\x1aE\xdf\xa3"
