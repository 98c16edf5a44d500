"""Migration 0004 (the creative language) on a database made by the current release."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from storyboard_app.paths import DataPaths
from storyboard_app.store.database import _alembic_config, make_engine, sqlite_url
from storyboard_app.store.open_store import open_store

NOW = "'2026-01-01 00:00:00'"


def test_upgrading_a_0002_database_adds_the_creative_schema_and_keeps_rows(
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
            "created_at, updated_at) VALUES "
            f"(7, 'Old', 'kept', 'v2_redesign', '{{}}', {NOW}, {NOW})"
        )
        c.execute(
            "INSERT INTO project_scenes (id, project_id, scene_number, title, description, "
            f"extra, created_at, updated_at) VALUES (3, 7, 1, 'Dawn', '', '{{}}', {NOW}, {NOW})"
        )
        c.execute(
            "INSERT INTO scene_shots (id, project_id, scene_id, shot_number, description, "
            "initial_prompt, extra, created_at, updated_at) VALUES "
            f"(5, 7, 3, 1, 'd', 'boats at dawn', '{{}}', {NOW}, {NOW})"
        )
        c.execute(
            "INSERT INTO shot_images (id, project_id, scene_id, shot_id, iteration_number, "
            "variant_number, image_url, iteration_prompt, status, is_favorite, metadata, "
            f"extra, created_at, updated_at) VALUES (9, 7, 3, 5, 0, 0, '', 'boats', "
            f"'complete', 1, '{{\"seed\": 4}}', '{{}}', {NOW}, {NOW})"
        )
        c.commit()
    store = open_store(paths)
    try:
        insp = inspect(store.engine)
        assert {"elements", "element_images"} <= set(insp.get_table_names())
        shot_columns = {c["name"] for c in insp.get_columns("scene_shots")}
        assert {"shot_type", "angle", "move", "dialogue", "action", "notes"} <= shot_columns
        assert "reference_changed" in {c["name"] for c in insp.get_columns("shot_images")}
        project = store.projects.get(7)
        assert (project.title, project.description) == ("Old", "kept")
        assert (project.aspect_ratio, project.style, project.fps) == ("16:9", "", 24)
        shot = store.scenes.get_shot(5)
        assert shot.initial_prompt == "boats at dawn"
        assert shot.fields.shot_type is None and shot.fields.dialogue == ""
        image = store.images.get(9)
        assert image.is_favorite and image.generation_params == {"seed": 4}
        assert image.reference_changed is None
        element = store.elements.add(7, "Mara", "character")
        assert store.elements.list(7) == [element]
    finally:
        store.close()
