"""`media gc` never empties the store for an empty or foreign database; the trash restores."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.cli import run
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.media.store import MediaStore
from storyboard_app.media.trash import MediaTrash
from storyboard_app.paths import DataPaths
from storyboard_app.store.models import VideoProject
from storyboard_app.store.open_store import Store, open_store


def _images(store: Store, paths: DataPaths, title: str = "Kites") -> list[str]:
    project = store.projects.create(title, "")
    scene = store.scenes.add_scene(project.id, "Beach", "")
    shot = store.scenes.add_shot(scene.id, f"a red kite over a beach, {title}", "")
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    done = engine.run_round([r.id for r in engine.plan_round(shot.id)])
    return sorted({i.image_storage_id for i in done if i.image_storage_id})


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in argv and out.strip() else out), err


def _integrity_ok(db: Path) -> None:
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _drop_wal(db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def test_a_zero_byte_database_is_refused_and_gc_keeps_every_file(
    data_paths: DataPaths, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = _images(store, data_paths)
    store.close()
    data_paths.database.write_bytes(b"")
    _drop_wal(data_paths.database)

    code, _, err = _cli(capsys, "media", "gc")

    assert code == 1
    assert err.count("\n") == 1
    assert "empty (0 bytes)" in err and "storyboard-app restore storyboard-" in err
    assert data_paths.database.stat().st_size == 0  # not turned into a fresh database
    assert MediaStore(data_paths.media).stored_ids() == stored


def test_a_file_that_is_not_a_database_is_named_with_the_backup_to_restore(
    data_paths: DataPaths, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    _drop_wal(data_paths.database)
    data_paths.database.write_bytes(b"<html>not a database</html>" * 10)
    code, _, err = _cli(capsys, "project", "list")
    assert code == 1 and err.count("\n") == 1
    assert "is not a database" in err and "storyboard-app restore" in err


def test_gc_refuses_a_database_without_projects_beside_a_full_store(
    data_paths: DataPaths, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = _images(store, data_paths)
    store.projects.delete(store.projects.list()[0].id)
    store.close()

    code, _, err = _cli(capsys, "media", "gc")

    assert code == 1 and "holds no projects" in err and "Nothing was moved" in err
    assert MediaStore(data_paths.media).stored_ids() == stored
    _integrity_ok(data_paths.database)


def test_gc_refuses_a_database_the_store_does_not_belong_to(
    tmp_path: Path, data_paths: DataPaths, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = _images(store, data_paths)
    store.close()
    # Another data folder's database, with a project: only the identity tells them apart.
    other = DataPaths(tmp_path / "other")
    other_store = open_store(other)
    other_store.projects.create("Someone else's", "")
    other_store.close()
    data_paths.database.unlink()
    _drop_wal(data_paths.database)
    with sqlite3.connect(other.database) as src, sqlite3.connect(data_paths.database) as dst:
        src.backup(dst)

    code, _, err = _cli(capsys, "media", "gc")

    assert code == 1 and "not the one the media folder" in err
    assert MediaStore(data_paths.media).stored_ids() == stored
    # Told it is the right one, collection proceeds (into the trash).
    code, report, _ = _cli(capsys, "media", "gc", "--claim", "--json")
    assert code == 0 and sorted(report["removed"]) == stored
    _integrity_ok(data_paths.database)


def test_gc_moves_files_to_the_trash_which_lists_restores_and_purges(
    data_paths: DataPaths, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = _images(store, data_paths, "Goes")
    kept = _images(store, data_paths, "Stays")
    goes = next(p.id for p in store.projects.list() if p.title == "Goes")
    with store.sessions.begin() as s:
        s.delete(s.get(VideoProject, goes))
    store.close()

    code, report, _ = _cli(capsys, "media", "gc", "--json")
    assert code == 0 and sorted(report["removed"]) == stored
    media = MediaStore(data_paths.media)
    assert media.stored_ids() == kept

    code, listing, _ = _cli(capsys, "media", "trash", "list", "--json")
    assert code == 0 and sorted(f["storage_id"] for f in listing["files"]) == stored
    assert all(f["expires_at"] > f["trashed_at"] for f in listing["files"])

    code, restored, _ = _cli(capsys, "media", "trash", "restore", stored[0], "--json")
    assert code == 0 and restored["restored"] == [stored[0]]
    assert stored[0] in media.stored_ids()
    assert media.verify([stored[0]]).ok

    code, _, err = _cli(capsys, "media", "trash", "restore", "f" * 64)
    assert code == 1 and "not in the trash" in err

    # Purging keeps files younger than 30 days; older ones go.
    code, purged, _ = _cli(capsys, "media", "trash", "purge", "--json")
    assert code == 0 and purged["purged"] == []
    trash = MediaTrash(data_paths.trash, data_paths.media)
    later = datetime.now(UTC) + timedelta(days=31)
    assert sorted(f.storage_id for f in trash.purge(now=later)) == stored[1:]
    assert trash.entries() == []
    _integrity_ok(data_paths.database)


def test_trash_commands_have_help_for_every_argument(capsys: pytest.CaptureFixture[str]) -> None:
    out = ""
    for action in ("list", "restore", "purge"):
        with pytest.raises(SystemExit) as exited:
            run(["media", "trash", action, "--help"])
        assert exited.value.code == 0
        out = capsys.readouterr().out
        assert "--json" in out
    assert "--all" in out and "--yes" in out
