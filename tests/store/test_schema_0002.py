"""Migration 0002: ids never reused, duplicate numbers repaired, a backup first, identity."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from storyboard_app.paths import DataPaths
from storyboard_app.store.backups import list_backups
from storyboard_app.store.database import _alembic_config, make_engine, sqlite_url
from storyboard_app.store.identity import STORE_ID_FILE, database_identity
from storyboard_app.store.models import Base
from storyboard_app.store.open_store import Store, open_store

NOW = "'2026-01-01 00:00:00'"


def test_every_integer_id_table_uses_autoincrement(store: Store) -> None:
    with closing(sqlite3.connect(store.paths.database)) as c:
        sql = dict(c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    for table in Base.metadata.tables.values():
        if "id" in table.c:
            assert table.kwargs.get("sqlite_autoincrement") is True, table.name
            assert "AUTOINCREMENT" in sql[table.name], table.name


def test_a_deleted_id_is_never_given_again(store: Store) -> None:
    first = store.projects.create("Old")
    second = store.projects.create("Deleted")
    store.projects.delete(second.id)
    third = store.projects.create("New")
    assert third.id > second.id > first.id
    scene = store.scenes.add_scene(third.id, "A")
    store.scenes.delete_scene(scene.id)
    assert store.scenes.add_scene(third.id, "B").id > scene.id


def test_upgrading_a_0001_database_repairs_numbers_and_keeps_rows(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database))
    command.upgrade(_alembic_config(engine), "0001")
    engine.dispose()
    with closing(sqlite3.connect(paths.database)) as c:
        c.execute(
            "INSERT INTO video_projects (id, title, description, workflow_version, extra, "
            f"created_at, updated_at) VALUES (1, 'Old', '', 'v2_redesign', '{{}}', {NOW}, {NOW})"
        )
        for scene_id, number in ((1, 1), (2, 1), (3, 3)):  # what concurrent adds left
            c.execute(
                "INSERT INTO project_scenes (id, project_id, scene_number, title, description, "
                f"extra, created_at, updated_at) VALUES ({scene_id}, 1, {number}, 'S', '', "
                f"'{{}}', {NOW}, {NOW})"
            )
        for shot_id in (1, 2, 3):
            c.execute(
                "INSERT INTO scene_shots (id, project_id, scene_id, shot_number, description, "
                f"initial_prompt, extra, created_at, updated_at) VALUES ({shot_id}, 1, 1, "
                f"{min(shot_id, 2)}, '', 'p', '{{}}', {NOW}, {NOW})"
            )
        c.commit()

    store = open_store(paths)
    try:
        assert [b.reason for b in list_backups(paths.backups)] == ["migration"]
        scenes = store.scenes.list(1)
        assert [(s.id, s.scene_number) for s in scenes] == [(1, 1), (2, 2), (3, 3)]
        assert [(sh.id, sh.shot_number) for sh in scenes[0].shots] == [(1, 1), (2, 2), (3, 3)]
        # From now on a deleted id is never given again (ones deleted before, SQLite forgot).
        store.scenes.delete_shot(store.scenes.add_shot(1, "deleted").id)
        assert store.scenes.add_shot(1, "after").id == 5
        uniques = {u["name"] for u in inspect(store.engine).get_unique_constraints("scene_shots")}
        assert "uq_scene_shots_number" in uniques
        identity = database_identity(store.sessions)
        assert identity is not None
        assert (paths.media / STORE_ID_FILE).read_text().strip() == identity
    finally:
        store.close()
    with closing(sqlite3.connect(paths.database)) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
