"""The schema: migrations reach head, match the models, back up, refuse newer databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storyboard_app.domain.errors import CorruptDatabaseError, DatabaseTooNewError
from storyboard_app.paths import DataPaths
from storyboard_app.store.backups import KEEP_RECENT, list_backups
from storyboard_app.store.database import (
    _backup,
    head_revision,
    make_engine,
    sqlite_url,
    upgrade,
)
from storyboard_app.store.models import Base
from storyboard_app.store.open_store import open_store
from storyboard_app.store.search_index import is_search_structure


def test_empty_database_migrates_to_head_without_drift(tmp_path: Path) -> None:
    store = open_store(DataPaths(tmp_path))
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    # the full-text index lives outside the models (search_index.py)
                    "include_name": lambda name, *_: not is_search_structure(name),
                },
            )
            assert context.get_current_revision() == head_revision()
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(store.engine).get_table_names())
        assert {
            "video_projects",
            "project_scenes",
            "scene_shots",
            "shot_images",
            "storyboard_selections",
            "scenes",
            "video_clips",
        } <= tables
    finally:
        store.close()


def test_sqlite_pragmas_on_every_connection(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_the_plan_indexes_exist(store) -> None:  # type: ignore[no-untyped-def]
    insp = inspect(store.engine)
    names = {ix["name"] for t in insp.get_table_names() for ix in insp.get_indexes(t)}
    for name in (
        "ix_project_scenes_by_project",
        "ix_scene_shots_by_scene",
        "ix_scene_shots_by_project",
        "ix_shot_images_by_scene",
        "ix_shot_images_by_project",
        "ix_storyboard_selections_by_project",
        "ix_storyboard_selections_by_scene",
    ):
        assert name in names
    uniques = {u["name"] for u in insp.get_unique_constraints("shot_images")}
    assert "uq_shot_images_by_shot" in uniques


def test_database_newer_than_app_is_refused_and_untouched(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    open_store(paths).close()
    with sqlite3.connect(paths.database) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        open_store(paths)
    assert paths.database.read_bytes() == before


def test_corrupt_database_file_gets_clear_error(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.ensure()
    paths.database.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabaseError, match=r"damaged|not a database"):
        open_store(paths)


def test_tables_without_a_schema_version_are_refused_untouched(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    open_store(paths).close()
    with sqlite3.connect(paths.database) as c:
        c.execute(
            "INSERT INTO video_projects (title, description, workflow_version, extra, "
            "created_at, updated_at) VALUES ('keep me', '', 'v2_redesign', '{}', "
            "'2026-01-01', '2026-01-01')"
        )
        c.execute("DELETE FROM alembic_version")
    with pytest.raises(CorruptDatabaseError, match="no schema version"):
        open_store(paths)
    with sqlite3.connect(paths.database) as c:
        assert c.execute("SELECT title FROM video_projects").fetchone() == ("keep me",)


def test_backup_is_a_consistent_copy_and_old_ones_are_pruned(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    store = open_store(paths)
    store.projects.create("in the backup")
    store.close()
    made = [_backup(paths.database, paths.backups, "0001") for _ in range(KEEP_RECENT + 2)]
    assert made[-1] is not None and made[-1].exists()
    with sqlite3.connect(made[-1]) as c:
        assert c.execute("SELECT title FROM video_projects").fetchone() == ("in the backup",)
    # All made today: the last few are kept, the day's newest among them.
    assert [b.path for b in list_backups(paths.backups)] == made[::-1][:KEEP_RECENT]


def test_upgrade_from_an_older_revision_backs_up_first(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    store = open_store(paths)
    store.projects.create("survives")
    store.close()
    with sqlite3.connect(paths.database) as c:
        c.execute("UPDATE alembic_version SET version_num = :v", {"v": head_revision()})
    result = upgrade(
        make_engine(sqlite_url(paths.database)), db_file=paths.database, backups=paths.backups
    )
    assert result.backup is None  # already at head: nothing to do, no copy


def test_a_locked_database_at_start_is_not_called_damaged(tmp_path: Path) -> None:
    from storyboard_app.domain.errors import EnvironmentProblemError
    from storyboard_app.store import database

    paths = DataPaths(tmp_path)
    open_store(paths).close()
    holder = sqlite3.connect(paths.database, timeout=0)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    old = database.BUSY_TIMEOUT_MS
    database.BUSY_TIMEOUT_MS = 100
    try:
        with pytest.raises(EnvironmentProblemError, match="locked") as caught:
            open_store(paths)
        assert "damaged" not in str(caught.value)
    finally:
        database.BUSY_TIMEOUT_MS = old
        holder.rollback()
        holder.close()
