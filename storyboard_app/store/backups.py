"""Rolling `sqlite3` backups of a healthy database: made, checked, pruned, listed, restored.

A backup is an online copy (the sqlite3 backup API: a consistent snapshot, WAL included)
written under a temporary name in `backups/`, checked with `PRAGMA quick_check` and only
then renamed to `storyboard-<UTC time>-<reason>.sqlite3`. A copy that fails the check is
not kept: it would push a good one out of the rotation. Kept: the newest backup of each of
the last 7 days that have one, the newest of each of the last 4 weeks before them, and the
last few whatever their day (so a day of imports keeps the state before each of them).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storyboard_app.domain.errors import (
    CorruptDatabaseError,
    EnvironmentProblemError,
    InvalidInputError,
)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_RECENT = 3
_NAME = re.compile(r"^storyboard-(\d{8}T\d{6}\d{6}Z)-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
REASONS = ("daily", "migration", "import", "bulk", "restore")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when (UTC) and why it was made."""

    path: Path
    created_at: datetime
    reason: str
    size: int

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "name": self.path.name,
            "created_at": self.created_at.isoformat(),
            "reason": self.reason,
            "size": self.size,
        }


def check_file(path: Path, *, full: bool = False) -> list[str]:
    """The problems `quick_check` (or `integrity_check` with `full`) finds; [] when healthy.

    Opens the file read-only, so a check never changes or creates it. A file that is not a
    database at all gives one problem saying so.
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [f"cannot be opened ({exc})"]
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime(_STAMP)


def make_backup(
    db_file: Path, backups: Path, reason: str, *, now: datetime | None = None
) -> Path | None:
    """Copy the database into `backups/` and check the copy; None when there is no database.

    Raises CorruptDatabaseError (keeping no copy) when the copy fails `quick_check`: the
    database itself is damaged, and a damaged copy must not replace a good one.
    """
    if not db_file.exists() or db_file.stat().st_size == 0:
        return None
    now = now or datetime.now(UTC)
    tmp = backups / f".incoming-{uuid.uuid4().hex}.tmp"
    try:
        backups.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=10)
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        problems = check_file(tmp)
        if problems:
            raise CorruptDatabaseError(
                f"The database {db_file} is damaged ({problems[0]}); no backup was made over "
                f"the good ones. {restore_advice(backups)}"
            )
        target = backups / f"storyboard-{_stamp(now)}-{reason}.sqlite3"
        os.replace(tmp, target)
    except (sqlite3.OperationalError, OSError) as exc:  # locked, disk full, unwritable folder
        raise EnvironmentProblemError(
            f"No backup of the database could be made in {backups} ({exc}); nothing was "
            "changed. Free some space or fix the folder's permissions, then try again."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            f"The database {db_file} cannot be copied ({exc}). {restore_advice(backups)}"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    prune(backups, now=now)
    return target


def list_backups(backups: Path) -> list[BackupInfo]:
    """The backups in the folder, newest first (files of other names are left alone)."""
    found: list[BackupInfo] = []
    if not backups.is_dir():
        return found
    for path in backups.iterdir():
        match = _NAME.match(path.name)
        if match is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(path, created, match.group(2), size))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def prune(backups: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete backups outside the rotation (see the module docstring); return those deleted."""
    everything = list_backups(backups)
    keep: set[Path] = {b.path for b in everything[:KEEP_RECENT]}
    days: dict[object, Path] = {}
    weeks: dict[object, Path] = {}
    for backup in everything:  # newest first: the first of each day or week is its newest
        day = backup.created_at.date()
        if day not in days and len(days) < KEEP_DAILY:
            days[day] = backup.path
            continue
        week = day.isocalendar()[:2]
        if day not in days and week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = backup.path
    keep |= set(days.values()) | set(weeks.values())
    removed = [b.path for b in everything if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_backup(db_file: Path, backups: Path, *, now: datetime | None = None) -> Path | None:
    """A backup when none was made today (UTC); None when one was, or there is no database."""
    now = now or datetime.now(UTC)
    newest = list_backups(backups)
    if newest and newest[0].created_at.date() == now.astimezone(UTC).date():
        return None
    return make_backup(db_file, backups, "daily", now=now)


def restore_advice(backups: Path) -> str:
    """The restore step, naming the newest backup when there is one."""
    found = list_backups(backups)
    if not found:
        return (
            f"There is no backup in {backups}; move the file away and restore it from your "
            "own copies."
        )
    return f"Restore the newest backup with `storyboard-app restore {found[0].path.name}`."


def find_backup(backups: Path, name: str) -> Path:
    """A backup named by its file name (in `backups/`) or by a path; InvalidInputError if none."""
    candidate = Path(name).expanduser()
    for path in (candidate, backups / name):
        if path.is_file():
            return path
    raise InvalidInputError(
        f"There is no backup {name}. `storyboard-app doctor` lists the backups in {backups}."
    )


def restore(db_file: Path, backup: Path, *, now: datetime | None = None) -> Path | None:
    """Replace the database by `backup` after `integrity_check`; return where the old file went.

    The current database (with its -wal and -shm files) is renamed aside, beside it, never
    deleted. No other Storyboard Studio may have the database open meanwhile.
    """
    problems = check_file(backup, full=True)
    if problems:
        raise CorruptDatabaseError(
            f"{backup.name} cannot be restored: it is damaged or not a database ({problems[0]}). "
            "Choose another backup; `storyboard-app doctor` lists them."
        )
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as c:
        try:
            c.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(
                f"{backup.name} is not a Storyboard Studio database ({exc})."
            ) from exc
    now = now or datetime.now(UTC)
    tmp = db_file.with_name(f".{db_file.name}.{uuid.uuid4().hex}.tmp")
    # A consistent copy of the backup; renamed into place only when it is whole.
    with (
        contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source,
        contextlib.closing(sqlite3.connect(tmp)) as dest,
    ):
        source.backup(dest)
    aside: Path | None = None
    if db_file.exists():
        aside = db_file.with_name(f"{db_file.name}.replaced-{_stamp(now)}")
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{db_file}{suffix}")
            if old.exists():
                os.replace(old, Path(f"{aside}{suffix}"))
    os.replace(tmp, db_file)
    return aside


def age_text(backup: BackupInfo, now: datetime | None = None) -> str:
    """ "3 h ago", "2 days ago": for listings."""
    delta = (now or datetime.now(UTC)) - backup.created_at
    if delta < timedelta(hours=1):
        return f"{max(0, int(delta.total_seconds() // 60))} min ago"
    if delta < timedelta(days=2):
        return f"{int(delta.total_seconds() // 3600)} h ago"
    return f"{delta.days} days ago"
