"""Engine and session setup, and bringing the schema up to date at start-up."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    EnvironmentProblemError,
)
from storyboard_app.store.backups import make_backup, restore_advice

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


POSTGRESQL_EXTRA_HINT = (
    "PostgreSQL needs its driver: install it with `pip install storyboard-studio[postgresql]`, "
    "or unset STORYBOARD_DATABASE_URL to use the embedded SQLite database."
)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine with the SQLite settings (WAL, foreign keys, busy timeout) on every connection.

    A URL whose driver is not installed (PostgreSQL without psycopg2) is an
    EnvironmentProblemError saying which extra to install.
    """
    try:
        engine = create_engine(url)
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        if url.startswith("postgres"):
            raise EnvironmentProblemError(POSTGRESQL_EXTRA_HINT) from exc
        raise EnvironmentProblemError(
            f"The database URL needs a driver that is not installed ({exc})."
        ) from exc
    except ArgumentError as exc:
        raise EnvironmentProblemError(f"The database URL is not valid ({exc}).") from exc
    if engine.dialect.name == "sqlite":
        pragmas = _sqlite_read_only_pragmas if read_only else _sqlite_pragmas
        event.listen(engine, "connect", pragmas)
    return engine


def sqlite_url(path: Path, *, read_only: bool = False) -> str:
    if read_only:
        # `immutable`: a folder we cannot write holds no -shm file to coordinate readers.
        return f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true"
    return f"sqlite:///{path}"


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration this version of the app knows."""
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}


def _backup(db_file: Path, backups: Path, revision: str | None) -> Path | None:
    """The checked backup made before a migration (see `store.backups`)."""
    return make_backup(db_file, backups, "migration")


@dataclass
class MigrationResult:
    """What `upgrade` did."""

    before: str | None
    after: str
    backup: Path | None


def upgrade(
    engine: Engine,
    *,
    db_file: Path | None = None,
    backups: Path | None = None,
    read_only: bool = False,
) -> MigrationResult:
    """Apply pending migrations, after a backup copy; refuse a database newer than the app."""
    from alembic import command

    try:
        before = current_revision(engine)
    except DatabaseError as exc:
        if not _is_corruption(exc):
            # Locked, read-only, disk full, I/O error: the file is fine, the machine is not.
            raise _environment_error(exc) from exc
        advice = (
            restore_advice(backups)
            if backups is not None
            else "Restore it from your database backups."
        )
        raise CorruptDatabaseError(
            f"The database {db_file or engine.url} is damaged or is not a database "
            f"({exc.orig}). {advice}"
        ) from exc
    if before is not None and before not in _known_revisions():
        raise DatabaseTooNewError(
            f"The database was written by a newer version of Storyboard Studio (schema {before}). "
            "Install the newer version to open it; nothing was changed."
        )
    head = head_revision()
    if before == head:
        return MigrationResult(before, head, None)
    if read_only:
        raise EnvironmentProblemError(
            f"The database is at schema {before or 'none'} and needs upgrading to {head}, but "
            "the data folder is read-only. Make it writable, or open it with the version "
            "that wrote it."
        )
    backup = None
    if db_file is not None and backups is not None and before is not None:
        backup = _backup(db_file, backups, before)
    elif before is None and engine.dialect.name == "sqlite" and _has_tables(engine):
        raise CorruptDatabaseError(
            "The database file has tables but no schema version; it was not made by "
            "Storyboard Studio. Choose another data folder."
        )
    try:
        command.upgrade(_alembic_config(engine), "head")
    except OperationalError as exc:
        raise _environment_error(exc) from exc
    return MigrationResult(before, head, backup)


_CORRUPTION_MARKERS = ("file is not a database", "malformed", "file is encrypted")


def _is_corruption(exc: DatabaseError) -> bool:
    text = str(exc.orig).lower()
    return any(marker in text for marker in _CORRUPTION_MARKERS)


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _environment_error(exc: DatabaseError) -> EnvironmentProblemError:
    text = str(exc.orig).lower()
    if "locked" in text:
        return EnvironmentProblemError(
            "The database is locked by another program (another Storyboard Studio window?). "
            "Close it and try again."
        )
    if "readonly" in text or "read-only" in text:
        return EnvironmentProblemError(
            "The database file is read-only. Fix its permissions or choose another data folder."
        )
    if "full" in text:
        return EnvironmentProblemError("The disk is full. Free some space and try again.")
    if "disk i/o" in text or "unable to open" in text:
        return EnvironmentProblemError(
            f"The database file cannot be read or written ({exc.orig}). Check the disk and the "
            "data folder's permissions, then try again."
        )
    return EnvironmentProblemError(f"The database cannot be used: {text}.")


def environment_problem(exc: BaseException) -> EnvironmentProblemError | None:
    """The user-facing error for a failure caused by the machine (a full disk, a locked or
    read-only database or folder), else None."""
    if isinstance(exc, OperationalError) and not _is_corruption(exc):
        return _environment_error(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblemError("The disk is full. Free some space and try again.")
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        where = f" ({exc.filename})" if exc.filename else ""
        return EnvironmentProblemError(
            f"The data folder cannot be written{where}: {exc.strerror}. Check its permissions "
            "or choose another data folder."
        )
    return None


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The one sessionmaker; `expire_on_commit=False` so DTOs can be built after commit."""
    return sessionmaker(engine, expire_on_commit=False)
