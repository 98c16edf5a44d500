"""Opening the database of a data folder: engine, migrations (after a backup), services."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.paths import DataPaths
from storyboard_app.store.database import (
    MigrationResult,
    make_engine,
    make_sessions,
    sqlite_url,
    upgrade,
)
from storyboard_app.store.services import (
    ImageService,
    ProjectService,
    SceneService,
    StoryboardService,
)
from storyboard_app.store.services.legacy import LegacyService

DATABASE_URL_ENV = "STORYBOARD_DATABASE_URL"


@dataclass
class Store:
    """The engine, the one sessionmaker and the services over it."""

    paths: DataPaths
    engine: Engine
    sessions: sessionmaker[Session]
    migration: MigrationResult
    projects: ProjectService
    scenes: SceneService
    images: ImageService
    storyboard: StoryboardService
    legacy: LegacyService

    def close(self) -> None:
        self.engine.dispose()


def open_store(paths: DataPaths, database_url: str | None = None) -> Store:
    """Create folders, bring the schema to head (backup first) and build the services.

    `database_url` (or `STORYBOARD_DATABASE_URL`) points at a shared PostgreSQL database
    instead of the embedded SQLite file.
    """
    paths.ensure()
    url = database_url or os.environ.get(DATABASE_URL_ENV) or sqlite_url(paths.database)
    engine = make_engine(url)
    try:
        is_sqlite_file = engine.dialect.name == "sqlite"
        migration = upgrade(
            engine,
            db_file=paths.database if is_sqlite_file else None,
            backups=paths.backups,
        )
    except BaseException:
        engine.dispose()
        raise
    sessions = make_sessions(engine)
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
    )
