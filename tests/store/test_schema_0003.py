"""Migration 0003 on a database of the current release (0002): nothing lost, search filled."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from storyboard_app.paths import DataPaths
from storyboard_app.store.database import _alembic_config, make_engine, sqlite_url
from storyboard_app.store.open_store import open_store
from storyboard_app.store.services.search import SearchQuery

NOW = "'2026-01-01 00:00:00'"


def _table_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(db)) as c:
        tables = [
            name
            for (name,) in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'shot_images_fts%' "
                "AND name != 'alembic_version'"
            )
        ]
        return {t: c.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_upgrading_a_0002_database_keeps_every_row_and_indexes_old_prompts(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database))
    command.upgrade(_alembic_config(engine), "0002")
    engine.dispose()
    with closing(sqlite3.connect(paths.database)) as c:
        c.execute(
            "INSERT INTO video_projects (id, title, description, workflow_version, extra, "
            f"created_at, updated_at) VALUES (1, 'Old', '', 'v2_redesign', '{{}}', {NOW}, {NOW})"
        )
        c.execute(
            "INSERT INTO project_scenes (id, project_id, scene_number, title, description, "
            f"extra, created_at, updated_at) VALUES (1, 1, 1, 'S', '', '{{}}', {NOW}, {NOW})"
        )
        c.execute(
            "INSERT INTO scene_shots (id, project_id, scene_id, shot_number, description, "
            f"initial_prompt, extra, created_at, updated_at) VALUES (1, 1, 1, 1, '', 'p', "
            f"'{{}}', {NOW}, {NOW})"
        )
        for variant in range(6):
            metadata = f'{{"model": "acme/flux", "seed": {500 + variant}}}'
            if variant == 5:
                metadata = "{}"  # a row of an older version: no model, no seed
            c.execute(
                "INSERT INTO shot_images (project_id, scene_id, shot_id, iteration_number, "
                "variant_number, image_url, iteration_prompt, status, is_favorite, metadata, "
                f"extra, created_at, updated_at) VALUES (1, 1, 1, 0, {variant}, '', "
                f"'an old lighthouse', 'complete', 0, '{metadata}', '{{}}', {NOW}, {NOW})"
            )
        c.commit()
    before = _table_rows(paths.database)

    store = open_store(paths)
    try:
        images = store.images.for_shot(1)
        assert [i.is_rejected for i in images] == [False] * 6
        assert [i.cost_usd for i in images] == [None] * 6  # unknown, not 0
        found = store.search.search(SearchQuery(text="lighthouse"))
        assert len(found) == 6
        assert [h.image_id for h in store.search.search(SearchQuery(text="503"))] == [4]
    finally:
        store.close()
    after = _table_rows(paths.database)
    for table, rows in before.items():
        if table not in ("shot_images", "store_identity"):  # identity: made on first open
            kept = [row[: len(old)] for row, old in zip(after[table], rows, strict=True)]
            assert kept == rows, table  # later migrations may add columns, never change rows
    assert len(after["shot_images"]) == 6
    with closing(sqlite3.connect(paths.database)) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        columns = [r[1] for r in c.execute("PRAGMA table_info(shot_images)")]
        assert {"is_rejected", "cost_usd"} <= set(columns)
        # the index's triggers never fail a write, even of a damaged JSON value
        c.execute("UPDATE shot_images SET metadata = 'not json' WHERE id = 6")
        c.execute("UPDATE shot_images SET metadata = '{}' WHERE id = 6")
        c.commit()
        added = ("is_rejected", "cost_usd", "reference_changed")  # by 0003 and later
        old_columns = [col for col in columns if col not in added]
        kept = c.execute(f"SELECT {', '.join(old_columns)} FROM shot_images ORDER BY id").fetchall()
    assert len(kept) == len(before["shot_images"])
    assert sorted(map(tuple, kept)) == sorted(before["shot_images"])
