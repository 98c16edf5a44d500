"""Rolling backups: daily on start, checked, rotated; `doctor` finds damage; `restore` works."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.cli import run
from storyboard_app.domain.errors import CorruptDatabaseError
from storyboard_app.paths import DataPaths
from storyboard_app.store.backups import (
    KEEP_DAILY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    daily_backup,
    list_backups,
    make_backup,
)
from storyboard_app.store.open_store import Store, open_store


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in argv and out.strip() else out), err


def _corrupt_pages(db: Path) -> None:
    """Overwrite the middle of the file (table and index pages, not the header)."""
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = c.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    for start in range(2 * page, len(data) - page, page):
        data[start + 8 : start + page - 8] = b"\xa5" * (page - 16)
    db.write_bytes(bytes(data))


def test_start_makes_one_checked_backup_a_day(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    store.projects.create("In the backup")
    store.close()
    first = list_backups(data_paths.backups)
    assert len(first) == 1 and first[0].reason == "daily"
    open_store(data_paths).close()
    assert list_backups(data_paths.backups) == first  # at most once a day
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    made = daily_backup(data_paths.database, data_paths.backups, now=tomorrow)
    assert made is not None
    with sqlite3.connect(made) as c:
        assert c.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert c.execute("SELECT title FROM video_projects").fetchall() == [("In the backup",)]


def test_rotation_keeps_seven_daily_and_four_weekly(store: Store, data_paths: DataPaths) -> None:
    for old in list_backups(data_paths.backups):
        old.path.unlink()
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(60):
        for hour in (0, 5):  # two a day: only the day's newest stays once it is old
            make_backup(
                data_paths.database,
                data_paths.backups,
                "daily",
                now=start + timedelta(days=day, hours=hour),
            )
    kept = list_backups(data_paths.backups)
    newest = start + timedelta(days=59, hours=5)
    assert kept[0].created_at == newest
    recent = [b for b in kept if (newest - b.created_at) < timedelta(days=KEEP_DAILY)]
    older = [b for b in kept if (newest - b.created_at) >= timedelta(days=KEEP_DAILY)]
    assert len({b.created_at.date() for b in recent}) == KEEP_DAILY
    assert len(recent) <= KEEP_DAILY + KEEP_RECENT
    weeks = {b.created_at.isocalendar()[:2] for b in older}
    assert len(older) == len(weeks) == KEEP_WEEKLY


def test_doctor_says_damaged_with_the_restore_step_and_restore_brings_it_back(
    store: Store, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(40):
        project = store.projects.create(f"Project {n}", "x" * 500)
        store.scenes.add_scene(project.id, "Scene", "y" * 500)
    good = make_backup(data_paths.database, data_paths.backups, "bulk")
    assert good is not None
    store.close()
    _corrupt_pages(data_paths.database)

    code, report, _ = _cli(capsys, "doctor", "--json")
    assert code == 1
    checks = {c["name"]: c for c in report["checks"]}
    assert not checks["database"]["ok"]
    assert "damaged" in checks["database"]["detail"]
    assert f"storyboard-app restore {good.name}" in checks["database"]["detail"]
    assert good.name in checks["backups"]["detail"]
    assert any(b["name"] == good.name for b in report["backups"])

    code, _, err = _cli(capsys, "restore", good.name)
    assert code == 0, err
    assert list(data_paths.root.glob("storyboard.sqlite3.replaced-*"))  # kept aside
    with sqlite3.connect(data_paths.database) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert c.execute("SELECT count(*) FROM video_projects").fetchone() == (40,)
    code, report, _ = _cli(capsys, "doctor", "--full", "--json")
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["database"]["ok"] and "integrity_check ok" in checks["database"]["detail"]


def test_a_damaged_database_is_never_backed_up_over_good_copies(
    store: Store, data_paths: DataPaths
) -> None:
    store.projects.create("Good", "x" * 4000)
    store.close()
    before = list_backups(data_paths.backups)
    _corrupt_pages(data_paths.database)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        make_backup(data_paths.database, data_paths.backups, "import")
    assert list_backups(data_paths.backups) == before
    assert not list(data_paths.backups.glob("*.tmp"))


def test_restore_refuses_a_damaged_backup(
    store: Store, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    store.projects.create("Current", "x" * 4000)
    store.close()
    bad = data_paths.backups / "storyboard-20260101T000000000000Z-daily.sqlite3"
    with sqlite3.connect(data_paths.database) as src, sqlite3.connect(bad) as dst:
        src.backup(dst)
    _corrupt_pages(bad)
    before = data_paths.database.read_bytes()
    code, _, err = _cli(capsys, "restore", bad.name)
    assert code == 1 and "damaged" in err and err.count("\n") == 1
    assert data_paths.database.read_bytes() == before


def test_imports_back_up_first(
    store: Store, data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = store.projects.create("Bundled", "")
    store.close()
    bundle = tmp_path / "p.sbproj"
    code, _, err = _cli(capsys, "export", str(project.id), "--bundle", str(bundle))
    assert code == 0, err
    code, _, err = _cli(capsys, "import", "bundle", str(bundle))
    assert code == 0, err
    assert any(b.reason == "import" for b in list_backups(data_paths.backups))
