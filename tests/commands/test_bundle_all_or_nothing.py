"""A bundle imports whole or not at all: every manifest file present and matching its hash."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from storyboard_app.cli import run
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store


def _bundle(
    store: Store, paths: DataPaths, target: Path, capsys: pytest.CaptureFixture[str]
) -> int:
    project = store.projects.create("Bundled", "")
    scene = store.scenes.add_scene(project.id, "Beach", "")
    shot = store.scenes.add_shot(scene.id, "a red kite over a beach", "")
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    engine.run_round([r.id for r in engine.plan_round(shot.id)])
    assert run(["export", str(project.id), "--bundle", str(target)]) == 0
    capsys.readouterr()
    return len(store.projects.list())


def _rewrite(source: Path, target: Path, change: str) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        media = [i for i in src.infolist() if i.filename.startswith("media/")]
        assert media
        for info in src.infolist():
            data = src.read(info)
            if info.filename == media[0].filename:
                if change == "drop":
                    continue
                data = data[:-10] + b"0123456789"  # same name, other bytes
            dst.writestr(info, data)


@pytest.mark.parametrize("change", ["drop", "alter"])
def test_a_bundle_missing_or_altering_a_file_imports_nothing(
    store: Store,
    data_paths: DataPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: str,
) -> None:
    good = tmp_path / "good.sbproj"
    projects = _bundle(store, data_paths, good, capsys)
    bad = tmp_path / "bad.sbproj"
    _rewrite(good, bad, change)

    code = run(["import", "bundle", str(bad)])
    out, err = capsys.readouterr()

    assert code == 1 and err.count("\n") == 1 and "Imported" not in out
    assert ("missing" if change == "drop" else "SHA-256") in err
    assert len(store.projects.list()) == projects
    with sqlite3.connect(data_paths.database) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
