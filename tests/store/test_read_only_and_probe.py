"""A read-only data folder opens read-only; commands started together never share a probe file."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from storyboard_app.cli import run
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` seen through a read-only mount (root ignores permission bits), else chmod."""
    if os.geteuid() == 0:
        view = folder.with_name(folder.name + "-ro")
        view.mkdir()
        subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
            yield view
        finally:
            subprocess.run(["umount", str(view)], check=True)
            view.rmdir()
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def _project(store: Store, paths: DataPaths) -> int:
    project = store.projects.create("Read me", "")
    scene = store.scenes.add_scene(project.id, "Beach", "")
    shot = store.scenes.add_shot(scene.id, "a red kite over a beach", "")
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    engine.run_round([r.id for r in engine.plan_round(shot.id)])
    return project.id


def test_a_read_only_data_folder_can_be_browsed_and_exported_elsewhere(
    store: Store,
    data_paths: DataPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project_id = _project(store, data_paths)
    store.close()
    # As after a clean shut-down. Closed: SQLite defers closing any file of a database
    # another connection of this process still holds, which would keep the mount busy.
    with closing(sqlite3.connect(data_paths.database)) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sorted(p.name for p in data_paths.root.rglob("*"))
    with read_only(data_paths.root) as view:
        monkeypatch.setenv("STORYBOARD_DATA_DIR", str(view))
        opened = open_store(DataPaths(view))
        try:
            assert opened.read_only is not None and "read-only" in opened.read_only
            assert [p.title for p in opened.projects.list()] == ["Read me"]
        finally:
            opened.close()

        assert run(["project", "show", str(project_id), "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert len(shown["scenes"][0]["shots"][0]["images"]) == 6
        target = tmp_path / "elsewhere" / "shots.csv"
        target.parent.mkdir()
        assert run(["export", str(project_id), "--csv", str(target)]) == 0
        capsys.readouterr()
        with target.open(newline="", encoding="utf-8") as fh:
            assert len(list(csv.reader(fh))) == 2  # header + one shot

        for argv in (["project", "create", "Nope"], ["scene", "add", str(project_id), "No"]):
            assert run(argv) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1
            assert "is read-only" in err and "nothing can be changed" in err
            assert "unexpected" not in err
        assert run(["media", "gc"]) == 1
        assert "read-only" in capsys.readouterr().err
    assert sorted(p.name for p in data_paths.root.rglob("*")) == before
    with closing(sqlite3.connect(data_paths.database)) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


_PROBER = """
import sys
from pathlib import Path
from storyboard_app.paths import DataPaths
paths = DataPaths(Path(sys.argv[1]))
for _ in range(300):
    paths.ensure()
"""


def test_commands_started_together_do_not_share_a_write_probe(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    DataPaths(root).ensure()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROBER, str(root)],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(6)
    ]
    failures = [
        err for proc in procs if (err := proc.communicate(timeout=120)[1]) or proc.returncode
    ]
    assert failures == []
    assert not list(root.glob(".write-test*"))
