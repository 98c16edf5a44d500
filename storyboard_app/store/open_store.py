"""Opening the database of a data folder: engine, migrations (after a backup), services."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.errors import CorruptDatabaseError, EnvironmentProblemError
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.backups import daily_backup, make_backup, restore_advice
from storyboard_app.store.database import (
    MigrationResult,
    make_engine,
    make_sessions,
    sqlite_url,
    upgrade,
)
from storyboard_app.store.identity import ensure_identity
from storyboard_app.store.services import (
    CostService,
    ImageService,
    ProjectService,
    SceneService,
    SearchService,
    StoryboardService,
)
from storyboard_app.store.services.elements import ElementService
from storyboard_app.store.services.legacy import LegacyService
from storyboard_app.store.services.shot_fields import ShotFieldsService

DATABASE_URL_ENV = "STORYBOARD_DATABASE_URL"
log = logging.getLogger(__name__)


@dataclass
class Store:
    """The engine, the one sessionmaker and the services over it.

    `read_only` says why nothing can be changed (a read-only data folder), else None:
    browsing and exporting elsewhere work; a write fails with that reason.
    """

    paths: DataPaths
    engine: Engine
    sessions: sessionmaker[Session]
    migration: MigrationResult
    projects: ProjectService
    scenes: SceneService
    images: ImageService
    storyboard: StoryboardService
    legacy: LegacyService
    elements: ElementService
    shot_fields: ShotFieldsService
    search: SearchService
    costs: CostService
    read_only: str | None = None
    daily_backup: Path | None = None

    @property
    def is_sqlite_file(self) -> bool:
        return self.engine.dialect.name == "sqlite" and self.engine.url.database not in (
            None,
            "",
            ":memory:",
        )

    def backup(self, reason: str) -> Path | None:
        """A checked backup before an import or bulk operation (SQLite; None on PostgreSQL)."""
        if not self.is_sqlite_file or self.read_only:
            return None
        return make_backup(self.paths.database, self.paths.backups, reason)

    def require_writable(self) -> None:
        """Raise EnvironmentProblemError saying why when nothing can be changed."""
        if self.read_only:
            raise EnvironmentProblemError(self.read_only)

    def close(self) -> None:
        self.engine.dispose()


SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(paths: DataPaths) -> None:
    """Refuse an empty or non-database file at the database path, naming the backup to restore.

    SQLite would take a 0-byte file for a new database; a fresh database beside a full media
    folder is how media files get collected by mistake.
    """
    db_file = paths.database
    try:
        size = db_file.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        raise CorruptDatabaseError(
            f"The database file {db_file} is empty (0 bytes): its contents were lost, so it "
            f"was not opened as a new database. {restore_advice(paths.backups)}"
        )
    with db_file.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise CorruptDatabaseError(
            f"The file {db_file} is not a database (it does not start as an SQLite file); "
            f"it was left untouched. {restore_advice(paths.backups)}"
        )


def _read_only_reason(paths: DataPaths) -> str | None:
    """Why the data folder cannot be written, when it is an existing folder we can read."""
    try:
        paths.ensure()
        return None
    except EnvironmentProblemError:
        if not (paths.root.is_dir() and paths.database.is_file()):
            raise
        if os.access(paths.root, os.W_OK) and os.access(paths.database, os.W_OK):
            raise  # writable after all: the disk is full or failing, say that instead
    return (
        f"The data folder {paths.root} is read-only: projects can be browsed and exported "
        "elsewhere, but nothing can be changed. Make the folder writable to edit."
    )


def _daily_backup(paths: DataPaths) -> Path | None:
    """The day's backup; a full disk only warns here (imports and bulk commands refuse)."""
    try:
        return daily_backup(paths.database, paths.backups)
    except EnvironmentProblemError as exc:
        log.warning("no daily backup: %s", exc)
        return None


def open_store(paths: DataPaths, database_url: str | None = None) -> Store:
    """Create folders, bring the schema to head (backup first) and build the services.

    `database_url` (or `STORYBOARD_DATABASE_URL`) points at a shared PostgreSQL database
    instead of the embedded SQLite file. A read-only data folder opens read-only (see
    `Store.read_only`). On start, at most once a day, a checked backup is made.
    """
    url = database_url or os.environ.get(DATABASE_URL_ENV)
    read_only: str | None = None
    if url is None:
        read_only = _read_only_reason(paths)
    else:
        paths.ensure()
    if url is None:
        check_database_file(paths)
        url = sqlite_url(paths.database, read_only=read_only is not None)
    engine = make_engine(url, read_only=read_only is not None)
    daily: Path | None = None
    try:
        is_sqlite_file = engine.dialect.name == "sqlite"
        migration = upgrade(
            engine,
            db_file=paths.database if is_sqlite_file else None,
            backups=paths.backups,
            read_only=read_only is not None,
        )
        sessions = make_sessions(engine)
        if read_only is None:
            if is_sqlite_file and migration.backup is None:
                daily = _daily_backup(paths)
            ensure_identity(sessions, paths.media)
    except BaseException:
        engine.dispose()
        raise
    return Store(
        paths=paths,
        engine=engine,
        sessions=sessions,
        migration=migration,
        projects=ProjectService(sessions),
        scenes=SceneService(sessions),
        images=ImageService(sessions),
        storyboard=StoryboardService(sessions),
        legacy=LegacyService(sessions),
        elements=ElementService(sessions, MediaStore(paths.media)),
        shot_fields=ShotFieldsService(sessions),
        search=SearchService(sessions),
        costs=CostService(sessions),
        read_only=read_only,
        daily_backup=daily,
    )
