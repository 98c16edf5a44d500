"""Numbers stay contiguous and unique when separate processes add scenes and shots at once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from storyboard_app.paths import DataPaths
from storyboard_app.store.models import SceneShot
from storyboard_app.store.open_store import Store

# Each process imports the app, then waits for the go file so they all write at once.
_STARTER = """
import os, sys, time
from storyboard_app.cli import run
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.005)
sys.exit(run(sys.argv[2:]))
"""


def run_together(data: DataPaths, commands: list[list[str]], go: Path) -> list[tuple[int, str]]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _STARTER, str(go), "--data-dir", str(data.root), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for argv in commands
    ]
    time.sleep(2.0)  # let every process reach the wait (imports done)
    go.write_text("go")
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out + err))
    return results


def test_eight_shot_adds_and_six_scene_adds_at_once_number_one_to_n(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    project = store.projects.create("Crowded", "")
    scene = store.scenes.add_scene(project.id, "First", "")
    store.close()

    commands = [
        ["shot", "add", str(scene.id), "--prompt", f"shot {n}", "--json"] for n in range(8)
    ] + [["scene", "add", str(project.id), f"Scene {n}", "--json"] for n in range(6)]
    results = run_together(data_paths, commands, tmp_path / "go")

    assert all(code == 0 for code, _ in results), results
    ids = [json.loads(out)["id"] for _, out in results]
    assert len(set(ids[:8])) == 8 and len(set(ids[8:])) == 6
    with sqlite3.connect(data_paths.database) as c:
        shots = [
            n
            for (n,) in c.execute(
                "SELECT shot_number FROM scene_shots WHERE scene_id = ? ORDER BY shot_number",
                (scene.id,),
            )
        ]
        scenes = [
            n
            for (n,) in c.execute(
                "SELECT scene_number FROM project_scenes WHERE project_id = ? "
                "ORDER BY scene_number",
                (project.id,),
            )
        ]
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert shots == list(range(1, 9))
    assert scenes == list(range(1, 8))


def test_the_database_refuses_a_duplicate_number(store: Store) -> None:
    project = store.projects.create("Guarded", "")
    scene = store.scenes.add_scene(project.id, "One", "")
    store.scenes.add_shot(scene.id, "first")
    with pytest.raises(IntegrityError), store.sessions.begin() as s:
        s.add(SceneShot(project_id=project.id, scene_id=scene.id, shot_number=1))


def test_moves_and_deletes_renumber_without_meeting_the_constraint(store: Store) -> None:
    project = store.projects.create("Shuffled", "")
    first = store.scenes.add_scene(project.id, "One", "")
    second = store.scenes.add_scene(project.id, "Two", "")
    shots = [store.scenes.add_shot(first.id, f"p{n}") for n in range(4)]
    others = [store.scenes.add_shot(second.id, f"q{n}") for n in range(3)]
    store.scenes.move_shot(shots[3].id, 1)
    store.scenes.move_shot(shots[0].id, 1, second.id)  # its number 2 is taken there
    store.scenes.move_scene(second.id, 1)
    store.scenes.delete_shot(others[0].id)
    store.scenes.add_scene(project.id, "Zero", position=1)
    listed = store.scenes.list(project.id)
    assert [s.scene_number for s in listed] == [1, 2, 3]
    for scene in listed:
        assert [sh.shot_number for sh in scene.shots] == list(range(1, len(scene.shots) + 1))
    assert [sh.id for sh in listed[1].shots] == [shots[0].id, others[1].id, others[2].id]
