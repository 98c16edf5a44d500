"""Reading a Convex export zip (vetted by `safe_zip`): which member holds what, and the files of
its `_storage/` folder copied into the media store, keyed by Convex storage id."""

from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from storyboard_app.interchange.reports import SkipList, SkippedItem
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits, damaged, iter_lines
from storyboard_app.media.store import MediaError, MediaKind, MediaStore

HINT = (
    "Make a new export with `npx convex export --path backup.zip` "
    "(add --include-file-storage to bring the images)."
)
WHAT = "Convex export"
STORAGE_DIR = "_storage"
_VIDEO_SUFFIXES = {".mp4", ".mov", ".webm", ".mkv", ".m4v"}


@dataclass
class Layout:
    """The members of an export that the import reads."""

    tables: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # Convex table → JSONL
    schemas: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    storage_index: zipfile.ZipInfo | None = None
    storage_files: list[zipfile.ZipInfo] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        infos = [*self.tables.values(), *self.storage_files]
        if self.storage_index is not None:
            infos.append(self.storage_index)
        return sum(i.file_size for i in infos)


def layout_of(archive: zipfile.ZipFile, label: str) -> Layout:
    """Sort the members; raise ArchiveError when the zip is not a Convex export."""
    layout = Layout()
    for info in archive.infolist():
        if info.is_dir():
            continue
        parts = PurePosixPath(info.filename).parts
        if parts[0] == "_components" or len(parts) != 2:
            continue  # tables of installed components, and anything else, are not ours
        folder, name = parts
        if folder == STORAGE_DIR:
            if name == "documents.jsonl":
                layout.storage_index = info
            else:
                layout.storage_files.append(info)
        elif folder == "_tables":
            continue
        elif name == "documents.jsonl":
            layout.tables[folder] = info
        elif name == "generated_schema.jsonl":
            layout.schemas[folder] = info
    if not layout.tables and layout.storage_index is None:
        raise ArchiveError(
            f"{label} is a zip file but not a Convex snapshot export (it has no "
            f"<table>/documents.jsonl). {HINT}"
        )
    return layout


def encoding_of(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None) -> str:
    """ "uniform" (new exports), "old" (a shape string), or "unknown" (no schema file)."""
    if info is None:
        return "unknown"
    try:
        with archive.open(info) as fh:
            first = fh.readline(4096).strip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return "unknown"
    return "uniform" if first == b'"uniform"' else "old"


@dataclass
class StorageResult:
    """Convex storage id (and internalId) → SHA-256 storage id of the stored file."""

    ids: dict[str, str] = field(default_factory=dict)
    stored: int = 0
    skipped: int = 0


def _kind(meta: dict[str, Any], name: str) -> MediaKind:
    content_type = str(meta.get("contentType") or "")
    if content_type.startswith("video/"):
        return "video"
    if content_type.startswith("image/"):
        return "image"
    return "video" if PurePosixPath(name).suffix.lower() in _VIDEO_SUFFIXES else "image"


def _declared_sha256(meta: dict[str, Any]) -> str | None:
    value = meta.get("sha256")
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True).hex()
    except ValueError:
        try:  # some tools write hex
            return bytes.fromhex(value).hex()
        except ValueError:
            return None


def read_storage_index(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo | None,
    limits: ZipLimits,
    *,
    label: str,
    hint: str,
    skips: SkipList,
    on_bytes: Callable[[int], None],
) -> dict[str, dict[str, Any]]:
    """`_storage/documents.jsonl`: storage id → its document (sha256, contentType, internalId)."""
    index: dict[str, dict[str, Any]] = {}
    if info is None:
        return index
    for line_no, line in iter_lines(
        archive, info, limits, label=label, hint=hint, on_bytes=on_bytes
    ):
        try:
            doc = json.loads(line) if line is not None else None
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("_id"), str):
            skips.add(SkippedItem(STORAGE_DIR, None, "not a storage document", line_no))
            continue
        index[doc["_id"]] = doc
    return index


def import_storage_files(
    archive: zipfile.ZipFile,
    files: list[zipfile.ZipInfo],
    index: dict[str, dict[str, Any]],
    media: MediaStore,
    *,
    label: str,
    hint: str,
    skips: SkipList,
    on_bytes: Callable[[int], None],
    check_cancel: Callable[[], None],
) -> StorageResult:
    """Copy each stored file into the media store (checked); map both id styles to its key."""
    result = StorageResult()
    by_internal = {str(doc["internalId"]): doc for doc in index.values() if doc.get("internalId")}
    for info in files:
        check_cancel()
        name = PurePosixPath(info.filename).name
        stem = name.split(".", 1)[0]
        meta = index.get(stem) or by_internal.get(stem) or {}
        try:
            storage_id = media.put_stream(_chunks(archive, info, on_bytes), kind=_kind(meta, name))
        except MediaError as exc:
            result.skipped += 1
            skips.add(SkippedItem(STORAGE_DIR, stem, f"the file {name} was not kept: {exc}"))
            continue
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise damaged(label, info.filename, exc, hint) from exc
        declared = _declared_sha256(meta)
        if declared is not None and declared != storage_id:
            result.skipped += 1
            skips.add(
                SkippedItem(
                    STORAGE_DIR,
                    stem,
                    f"the file {name} does not match the checksum in _storage/documents.jsonl "
                    "(damaged); rows that use it keep their URL only",
                )
            )
            continue
        result.stored += 1
        for key in (stem, meta.get("_id"), meta.get("internalId")):
            if isinstance(key, str) and key:
                result.ids[key] = storage_id
    return result


def _chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, on_bytes: Callable[[int], None]
) -> Iterator[bytes]:
    read = 0
    with archive.open(info) as fh:
        while chunk := fh.read(1024 * 256):
            read += len(chunk)
            if read > info.file_size:
                raise zipfile.BadZipFile("more data than the archive declared")
            on_bytes(len(chunk))
            yield chunk
