"""Where a stored file and its thumbnail live, given its SHA-256 key."""

from __future__ import annotations

import re
from pathlib import Path

_KEY = re.compile(r"^[0-9a-f]{64}$")


def is_storage_id(key: str | None) -> bool:
    """True for a lowercase hex SHA-256 key."""
    return bool(key) and bool(_KEY.match(key or ""))


class MediaLayout:
    """`media/ab/abcdef…` for the file, `…​.thumb.jpg` beside it for the thumbnail."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, storage_id: str) -> Path:
        if not is_storage_id(storage_id):
            raise ValueError(f"not a storage id: {storage_id!r}")
        return self.root / storage_id[:2] / storage_id

    def thumbnail_path_for(self, storage_id: str) -> Path:
        return self.path_for(storage_id).with_name(f"{storage_id}.thumb.jpg")

    def existing_path(self, storage_id: str | None) -> Path | None:
        """The file's path when it is present, else None."""
        if not storage_id or not is_storage_id(storage_id):
            return None
        path = self.path_for(storage_id)
        return path if path.is_file() else None
