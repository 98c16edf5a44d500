"""The same code on PostgreSQL: the command-line workflow, a Convex import, a bundle round trip.

A throwaway server (tests/postgres_server.py) serves each test a new database; the data folder
(media, logs) stays local, as it does for a studio sharing one database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.paths import DataPaths
from storyboard_app.store import search_index
from storyboard_app.store.open_store import DATABASE_URL_ENV, open_store
from tests.conftest import cli
from tests.interchange.builders import ExportData, legacy_project, v2_project
from tests.postgres_server import PostgresServer, postgres_server


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    with postgres_server() as running:
        yield running


@pytest.fixture
def database(server: PostgresServer, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> str:
    url = server.create_database()
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return url


def cli_ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The shared `cli()` (the database from the environment); it must succeed."""
    code, out, err = cli(capsys, None, *argv)
    assert code == 0, (argv, err)
    return out


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    return json.loads(cli_ok(capsys, *argv, "--json"))


def _thumbnail(paths: DataPaths) -> str | None:
    """The dashboard's picture of the only project (the database from the environment)."""
    store = open_store(paths)
    try:
        (summary,) = store.projects.list()
        return summary.thumbnail_storage_id
    finally:
        store.close()


def test_the_command_line_workflow_runs_on_postgresql(
    database: str, data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = cli_json(capsys, "project", "create", "Harbour")["id"]
    cli_ok(
        capsys, "plan", "set", str(project), "--text", "Scene 1: harbour at dawn\n- boats leaving"
    )
    cli_ok(capsys, "plan", "draft", str(project))
    shown = cli_json(capsys, "project", "show", str(project))
    shot = shown["scenes"][0]["shots"][0]["id"]
    cli_ok(capsys, "generate", str(shot))  # offline: no token here
    images = cli_json(capsys, "project", "show", str(project))["scenes"][0]["shots"][0]["images"]
    assert len(images) == 6 and all(i["status"] == "complete" for i in images)
    newest = max(images, key=lambda i: i["id"])
    assert _thumbnail(data_paths) == newest["image_storage_id"]  # no final pick yet
    favourite = images[2]["id"]
    cli_ok(capsys, "star", str(favourite))
    cli_ok(capsys, "generate", str(shot), "--from", str(favourite))
    cli_ok(capsys, "select", str(favourite))
    cli_ok(capsys, "storyboard", "build", str(project))
    listed = cli_json(capsys, "project", "list")
    assert [p["title"] for p in listed] == ["Harbour"]
    assert _thumbnail(data_paths) == images[2]["image_storage_id"]  # now the final pick
    shown = cli_json(capsys, "project", "show", str(project))
    shot_shown = shown["scenes"][0]["shots"][0]
    assert len(shot_shown["images"]) == 12 and shot_shown["selected_image_id"] == favourite
    assert {i["parent_image_id"] for i in shot_shown["images"][6:]} == {favourite}
    assert "1 clips" in cli_ok(capsys, "export", str(project), "--otio", str(tmp_path / "t.otio"))
    assert "0 damaged" in cli_ok(capsys, "media", "verify")


def test_convex_import_migration_and_bundles_run_on_postgresql(
    server: PostgresServer,
    database: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = ExportData()
    v2_project(data)
    legacy_project(data)
    export = data.write(tmp_path / "backup.zip")
    first = cli_json(capsys, "import", "convex", str(export))
    assert (
        first["skipped_total"] == 0 and sum(t["inserted"] for t in first["tables"].values()) == 65
    )
    again = cli_json(capsys, "import", "convex", str(export))
    assert sum(t["inserted"] + t["updated"] for t in again["tables"].values()) == 0
    projects = {p["title"]: p["id"] for p in cli_json(capsys, "project", "list")}
    cli_ok(capsys, "migrate", str(projects["Old trailer"]))
    assert {p["workflow_version"] for p in cli_json(capsys, "project", "list")} == {"v2_redesign"}
    # A project made after the import gets an id of its own (sequences were kept right).
    made = cli_json(capsys, "project", "create", "Made here")["id"]
    assert made not in projects.values()

    city = projects["City at dawn"]
    before = cli_json(capsys, "project", "show", str(city))
    bundle = tmp_path / "city.zip"
    cli_ok(capsys, "export", str(city), "--bundle", str(bundle))
    monkeypatch.setenv(DATABASE_URL_ENV, server.create_database())  # another studio database
    imported = cli_json(capsys, "import", "bundle", str(bundle))
    after = cli_json(capsys, "project", "show", str(imported["project_id"]))
    assert _without_ids(after) == _without_ids(before)


def _without_ids(value: Any) -> Any:
    """`project show --json` without ids and file paths, to compare across databases."""
    if isinstance(value, dict):
        return {
            k: _without_ids(v)
            for k, v in value.items()
            if not (k == "id" or k.endswith("_id") or k.endswith("_ids") or k == "file_path")
        }
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_concurrent_adds_number_one_to_n_on_postgresql(
    database: str, data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.store.test_concurrent_numbering import run_together

    project = cli_json(capsys, "project", "create", "Crowded")["id"]
    scene = cli_json(capsys, "scene", "add", str(project), "First")["id"]
    commands = [
        ["shot", "add", str(scene), "--prompt", f"shot {n}", "--json"] for n in range(8)
    ] + [["scene", "add", str(project), f"Scene {n}", "--json"] for n in range(6)]
    results = run_together(data_paths, commands, tmp_path / "go")
    assert all(code == 0 for code, _ in results), results
    shown = cli_json(capsys, "project", "show", str(project))
    assert [s["scene_number"] for s in shown["scenes"]] == list(range(1, 8))
    assert [s["shot_number"] for s in shown["scenes"][0]["shots"]] == list(range(1, 9))


def test_the_creative_additions_run_on_postgresql(
    database: str, data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.commands.test_cli_creative import creative_walk

    tree = creative_walk(capsys, tmp_path)
    assert (tree["aspect_ratio"], tree["fps"]) == ("9:16", 25)
    assert sorted(e["name"] for e in tree["elements"]) == ["Harbor", "Mara"]
    shot = tree["scenes"][0]["shots"][0]
    assert shot["shot_type"] == "MS"
    refs = shot["images"][0]["generation_params"]["references"]
    assert [r["name"] for r in refs] == ["Mara", "Harbor"]
    mara = next(e["id"] for e in tree["elements"] if e["name"] == "Mara")
    out = cli_ok(capsys, "element", "delete", str(mara), "--yes")
    assert "6 image(s)" in out
    store = open_store(data_paths)
    try:
        store.elements.add(tree["id"], "Boat", "prop")
        with pytest.raises(InvalidInputError, match="already has an element named @Boat"):
            store.elements.add(tree["id"], "BOAT", "prop")
    finally:
        store.close()


def test_search_reject_and_cost_run_on_postgresql(
    database: str, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import inspect

    project = cli_json(capsys, "project", "create", "Harbour")["id"]
    scene = cli_json(capsys, "scene", "add", str(project), "Dawn")["id"]
    shot = cli_json(capsys, "shot", "add", str(scene), "--prompt", "a red dragon at dawn")["id"]
    other = cli_json(capsys, "shot", "add", str(scene), "--prompt", "fishing boats")["id"]
    cli_ok(capsys, "generate", str(shot))
    cli_ok(capsys, "generate", str(other))
    found = cli_json(capsys, "search", "drag")["results"]  # a prefix, through the GIN index
    assert len(found) == 6 and {r["shot_id"] for r in found} == {shot}
    assert cli_json(capsys, "search", "dragon boats")["results"] == []
    seed = found[2]["seed"]
    assert [r["image_id"] for r in cli_json(capsys, "search", str(seed))["results"]] == [
        found[2]["image_id"]
    ]
    assert len(cli_json(capsys, "search", "", "--seed", str(seed))["results"]) == 1
    assert (
        len(cli_json(capsys, "search", "", "--model", "storyboard/offline-draft")["results"]) == 12
    )
    cli_ok(capsys, "reject", str(found[0]["image_id"]))
    rejected = cli_json(capsys, "search", "dragon", "--rejected", "yes")["results"]
    assert [r["image_id"] for r in rejected] == [found[0]["image_id"]]
    cost = cli_json(capsys, "cost", str(project))
    assert cost["predictions"] == 12 and cost["total_usd"] == 0.0
    cli_ok(
        capsys,
        "scene",
        "move",
        str(cli_json(capsys, "scene", "add", str(project), "B")["id"]),
        "--to",
        "1",
    )
    assert [s["title"] for s in cli_json(capsys, "scene", "list", str(project))] == ["B", "Dawn"]
    store = open_store(data_paths)
    try:
        indexes = {ix["name"] for ix in inspect(store.engine).get_indexes("shot_images")}
        assert "ix_shot_images_search" in indexes
        with store.engine.connect() as c:  # the planner can use the index for the words
            plan = "\n".join(
                row[0]
                for row in c.exec_driver_sql(
                    "SET enable_seqscan = off; EXPLAIN SELECT id FROM shot_images WHERE "
                    + search_index.PG_DOCUMENT
                    + " @@ to_tsquery('simple', 'drag:*')"
                )
            )
        assert "ix_shot_images_search" in plan
    finally:
        store.close()
