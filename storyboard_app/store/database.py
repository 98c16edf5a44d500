"""Engine and session setup, and bringing the schema up to date at start-up."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    EnvironmentProblemError,
)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
KEEP_BACKUPS = 5


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with the SQLite settings (WAL, foreign keys, busy timeout) on every connection."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_url(path: Path) -> str:
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
    if not db_file.exists() or db_file.stat().st_size == 0:
        return None
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{db_file.stem}-{revision or 'empty'}-{stamp}{db_file.suffix}"
    # The sqlite3 backup API copies a consistent snapshot, WAL contents included.
    source = sqlite3.connect(db_file)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    old = sorted(backups.glob(f"{db_file.stem}-*{db_file.suffix}"))
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


@dataclass
class MigrationResult:
    """What `upgrade` did."""

    before: str | None
    after: str
    backup: Path | None


def upgrade(
    engine: Engine, *, db_file: Path | None = None, backups: Path | None = None
) -> MigrationResult:
    """Apply pending migrations, after a backup copy; refuse a database newer than the app."""
    from alembic import command

    try:
        before = current_revision(engine)
    except DatabaseError as exc:
        if not _is_corruption(exc):
            # Locked, read-only, disk full, I/O error: the file is fine, the machine is not.
            raise _environment_error(exc) from exc
        raise CorruptDatabaseError(
            f"The database {db_file or engine.url} is damaged or is not a database "
            f"({exc.orig}). Restore a copy from the backups folder, or move the file away "
            "to start afresh."
        ) from exc
    if before is not None and before not in _known_revisions():
        raise DatabaseTooNewError(
            f"The database was written by a newer version of Storyboard Studio (schema {before}). "
            "Install the newer version to open it; nothing was changed."
        )
    head = head_revision()
    if before == head:
        return MigrationResult(before, head, None)
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
    """The user-facing error for a database failure caused by the machine, else None."""
    if isinstance(exc, OperationalError) and not _is_corruption(exc):
        return _environment_error(exc)
    return None


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The one sessionmaker; `expire_on_commit=False` so DTOs can be built after commit."""
    return sessionmaker(engine, expire_on_commit=False)
