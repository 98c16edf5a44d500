"""What every command handler gets: the data folder, the store (opened on first use), output."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from storyboard_app.domain.time_format import utc_now_iso
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store


class CommandContext:
    """Lazily opened resources shared by the handlers of one invocation."""

    def __init__(self, data_dir: str | None, print_json: Callable[[Any], None]) -> None:
        self._data_dir = data_dir
        self.print_json = print_json
        self._store: Store | None = None

    @cached_property
    def paths(self) -> DataPaths:
        return DataPaths.resolve(self._data_dir)

    @property
    def store(self) -> Store:
        if self._store is None:
            from storyboard_app.logs import setup_logging

            setup_logging(self.paths, console=False)
            self._store = open_store(self.paths)
        return self._store

    @property
    def read_only_reason(self) -> str | None:
        """Why nothing can be changed, once the store is open on a read-only data folder."""
        return self._store.read_only if self._store is not None else None

    def path_of(self, storage_id: str | None) -> str | None:
        """Absolute path of a stored file, or None while there is no local copy."""
        from storyboard_app.media.store_paths import MediaLayout

        path = MediaLayout(self.paths.media).existing_path(storage_id)
        return str(path) if path else None

    def log_unexpected(self, exc: BaseException) -> Path:
        """Write the traceback to the log folder (never the token) and return the file."""
        logs = self.paths.logs
        target = logs / "crash.log"
        try:
            logs.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {utc_now_iso()}\n")
                fh.write("".join(traceback.format_exception(exc)))
        except OSError:
            logging.getLogger(__name__).exception("could not write the crash log")
        return target

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
