"""The real entry point: `python -m storyboard_app` paints, opens the store, lists projects."""

from __future__ import annotations

from pathlib import Path

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import CliResult, cli


def _start(data: Path) -> CliResult:
    env = {"QT_QPA_PLATFORM": "offscreen", "STORYBOARD_STARTUP_PROBE": "1"}
    return cli(None, DataPaths(data), env=env, timeout=60)  # --data-dir wins over the env


def test_the_app_starts_with_no_token_and_no_configuration(tmp_path: Path) -> None:
    result = _start(tmp_path / "fresh")
    assert result.code == 0, result.err
    assert result.out.split() == ["painted", "listed"]
    assert (tmp_path / "fresh" / "storyboard.sqlite3").is_file()  # created and migrated
    assert not (tmp_path / "fresh" / "settings.json").exists()  # nothing written unasked


def test_the_app_lists_an_existing_database(data_paths: DataPaths, store: Store) -> None:
    store.projects.create("Already here")
    store.close()
    result = _start(data_paths.root)
    assert result.code == 0, result.err
    assert "listed" in result.out


def test_a_corrupt_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "broken"
    data.mkdir()
    (data / "storyboard.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _start(data)
    assert result.code == 1
    line = next(x for x in result.out.splitlines() if x.startswith("failed: "))
    assert "database" in line.lower()
    assert "Traceback" not in result.out
