"""Where the app keeps its database, media, logs and settings."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "STORYBOARD_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """Every file location below one data folder."""

    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        """`--data-dir`, else `STORYBOARD_DATA_DIR`, else the platform's user data folder."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            return cls(Path(chosen).expanduser().resolve())
        import platformdirs

        return cls(Path(platformdirs.user_data_dir("StoryboardStudio", appauthor=False)))

    @property
    def database(self) -> Path:
        return self.root / "storyboard.sqlite3"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def trash(self) -> Path:
        """Files `media gc` collected, kept 30 days (see `media.trash`)."""
        return self.root / "trash"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def qt_settings_file(self) -> Path:
        return self.root / "window.ini"

    def ensure(self) -> None:
        """Create the folders; raise a clear error when the location is not writable."""
        from storyboard_app.domain.errors import EnvironmentProblemError

        try:
            for folder in (self.root, self.media, self.cache, self.logs, self.backups):
                folder.mkdir(parents=True, exist_ok=True)
            # A name of its own: commands started together must not remove each other's probe.
            probe = self.root / f".write-test-{os.getpid()}-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise EnvironmentProblemError(
                f"The data folder {self.root} cannot be written ({exc.strerror or exc}). "
                "Free some space, fix its permissions, or choose another with --data-dir."
            ) from exc
