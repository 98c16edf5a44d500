"""The media trash: files `media gc` collected, kept 30 days, listed, restorable.

`trash/<UTC time of the collection>/<sha256>` (+ its thumbnail), beside the media folder,
so the store never sees a trashed file as stored. A file comes back only when its bytes
still hash to its name.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storyboard_app.media.store import sha256_of_file
from storyboard_app.media.store_paths import MediaLayout, is_storage_id

KEEP_DAYS = 30
_BATCH = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class TrashedFile:
    """One collected file: its storage id, when it was collected, its size."""

    storage_id: str
    trashed_at: datetime
    size: int
    path: Path

    def to_json(self) -> dict[str, object]:
        return {
            "storage_id": self.storage_id,
            "trashed_at": self.trashed_at.isoformat(),
            "expires_at": (self.trashed_at + timedelta(days=KEEP_DAYS)).isoformat(),
            "size": self.size,
        }


@dataclass(frozen=True)
class RestoreReport:
    """What `MediaTrash.restore` brought back, and what it could not."""

    restored: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    damaged: tuple[str, ...] = ()


class MediaTrash:
    """The trash folder of one media store."""

    def __init__(self, root: Path, media_root: Path) -> None:
        self.root = root
        self.layout = MediaLayout(media_root)

    def batch(self, now: datetime | None = None) -> Path:
        """A new folder for one collection run."""
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(_BATCH)
        folder = self.root / stamp
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def put(self, batch: Path, storage_id: str) -> None:
        """Move a stored file (and its thumbnail) into `batch`; a rename, never a copy."""
        source = self.layout.path_for(storage_id)
        os.replace(source, batch / storage_id)
        thumb = self.layout.thumbnail_path_for(storage_id)
        if thumb.exists():
            os.replace(thumb, batch / thumb.name)

    def entries(self) -> list[TrashedFile]:
        """Every trashed file, newest collection first."""
        found: list[TrashedFile] = []
        if not self.root.is_dir():
            return found
        for folder in self.root.iterdir():
            when = _batch_time(folder)
            if when is None:
                continue
            for path in folder.iterdir():
                if is_storage_id(path.name):
                    found.append(TrashedFile(path.name, when, path.stat().st_size, path))
        return sorted(found, key=lambda f: (f.trashed_at, f.storage_id), reverse=True)

    def restore(self, storage_ids: Iterable[str] | None = None) -> RestoreReport:
        """Move files back into the store (all when `storage_ids` is None)."""
        trashed: dict[str, TrashedFile] = {}
        for entry in self.entries():
            trashed.setdefault(entry.storage_id, entry)  # newest copy of an id first
        wanted = list(trashed) if storage_ids is None else list(dict.fromkeys(storage_ids))
        restored: list[str] = []
        not_found: list[str] = []
        damaged: list[str] = []
        for storage_id in wanted:
            item = trashed.get(storage_id)
            if item is None:
                not_found.append(storage_id)
                continue
            if sha256_of_file(item.path) != storage_id:
                damaged.append(storage_id)
                continue
            target = self.layout.path_for(storage_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(item.path, target)
            thumb = item.path.with_name(f"{storage_id}.thumb.jpg")
            if thumb.exists():
                os.replace(thumb, self.layout.thumbnail_path_for(storage_id))
            restored.append(storage_id)
        self._drop_empty()
        return RestoreReport(tuple(restored), tuple(not_found), tuple(damaged))

    def purge(self, *, everything: bool = False, now: datetime | None = None) -> list[TrashedFile]:
        """Delete collections older than 30 days (all with `everything`); return their files."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=KEEP_DAYS)
        gone = [f for f in self.entries() if everything or f.trashed_at < cutoff]
        if self.root.is_dir():
            for folder in self.root.iterdir():
                when = _batch_time(folder)
                if when is not None and (everything or when < cutoff):
                    shutil.rmtree(folder)
        return gone

    def _drop_empty(self) -> None:
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if _batch_time(folder) is not None and not any(folder.iterdir()):
                folder.rmdir()


def _batch_time(folder: Path) -> datetime | None:
    if not folder.is_dir():
        return None
    try:
        return datetime.strptime(folder.name, _BATCH).replace(tzinfo=UTC)
    except ValueError:
        return None
