"""The command line's project/plan/scene/shot/star/select/storyboard/doctor commands."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storyboard_app.paths import DataPaths
from tests.conftest import cli

SHOW_KEYS = {
    "id",
    "title",
    "description",
    "workflow_version",
    "redesign_status",
    "prompt_planner_data",
    "created_at",
    "updated_at",
    "scenes",
    "legacy",
    "aspect_ratio",
    "style",
    "fps",
    "elements",
}
IMAGE_KEYS = {
    "id",
    "iteration_number",
    "variant_number",
    "status",
    "is_favorite",
    "parent_image_id",
    "iteration_prompt",
    "image_url",
    "image_storage_id",
    "replicate_image_id",
    "file_path",
    "generation_params",
    "error",
    "reference_changed",
    "is_rejected",  # CLI.md additions
    "cost_usd",
}


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, err = cli(capsys, None, *argv)
    assert code == 0, err
    return json.loads(out)


def test_whole_path_and_show_json_shape(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = cli_json(capsys, "project", "create", "Harbour film", "--description", "brief", "--json")[
        "id"
    ]  # type: ignore[index]
    sid = cli_json(capsys, "scene", "add", str(pid), "Dawn", "--json")["id"]  # type: ignore[index]
    shot = cli_json(capsys, "shot", "add", str(sid), "--prompt", "boats at dawn", "--json")["id"]  # type: ignore[index]
    from storyboard_app.store.open_store import open_store

    store = open_store(data_paths)
    rows = store.images.create_round(shot, prompt="boats at dawn")
    for r in rows:
        store.images.complete(r.id, storage_id="cd" * 32, image_url="https://x/y.png", seed=r.id)
    store.close()
    assert cli(capsys, None, "star", str(rows[1].id))[0] == 0
    assert cli(capsys, None, "select", str(rows[1].id))[0] == 0
    code, out, _ = cli(capsys, None, "storyboard", "build", str(pid))
    assert code == 0 and "1 selections" in out
    tree = cli_json(capsys, "project", "show", str(pid), "--json")
    assert isinstance(tree, dict)
    assert set(tree) == SHOW_KEYS
    assert tree["workflow_version"] == "v2_redesign"
    assert tree["redesign_status"] == "storyboard_final"
    assert tree["created_at"].endswith("Z")
    shot_doc = tree["scenes"][0]["shots"][0]
    assert set(shot_doc) == {
        "id",
        "shot_number",
        "description",
        "initial_prompt",
        "selected_image_id",
        "images",
        "selection",
        "shot_type",
        "angle",
        "move",
        "dialogue",
        "action",
        "notes",
    }
    assert shot_doc["selected_image_id"] == rows[1].id
    assert set(shot_doc["images"][0]) == IMAGE_KEYS
    assert shot_doc["images"][1]["is_favorite"] is True
    assert shot_doc["images"][0]["file_path"] is None  # no local copy in this test
    assert set(shot_doc["selection"]) >= {
        "id",
        "selected_image_id",
        "animation_status",
        "animated_video_url",
        "replicate_video_id",
        "video_path",
    }
    assert tree["legacy"] is None
    listed = cli_json(capsys, "project", "list", "--json")
    assert [p["id"] for p in listed] == [pid]  # type: ignore[union-attr,index]


def test_failures_exit_1_with_one_line(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ("project", "show", "99"),
        ("project", "create", "   "),
        ("select", "5"),
        ("project", "delete", "1"),
    ):
        code, out, err = cli(capsys, None, *argv)
        assert code == 1, argv
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("storyboard-app: "), err


def test_usage_errors_exit_2(data_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(capsys, None, "project", "show", "not-a-number")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        cli(capsys, None, "frobnicate")
    assert exc.value.code == 2


def test_plan_set_from_file_and_draft(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = cli_json(capsys, "project", "create", "P", "--json")["id"]  # type: ignore[index]
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "# Opening\n- skyline at dawn\n- a baker opens\n\n# Chase\nA cyclist races.",
        encoding="utf-8",
    )
    assert cli(capsys, None, "plan", "set", str(pid), "--file", str(notes))[0] == 0
    drafted = cli_json(capsys, "plan", "draft", str(pid), "--json")
    titles = [s["title"] for s in drafted["scenes"]]  # type: ignore[index]
    assert titles == ["Opening", "Chase"]
    assert [s["initial_prompt"] for s in drafted["scenes"][0]["shots"]] == [  # type: ignore[index]
        "skyline at dawn",
        "a baker opens",
    ]
    # Drafting again with --replace keeps the count (no images yet), without it appends.
    cli_json(capsys, "plan", "draft", str(pid), "--replace", "--json")
    assert len(cli_json(capsys, "project", "show", str(pid), "--json")["scenes"]) == 2  # type: ignore[index]


def test_non_utf8_planner_file_is_refused(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = cli_json(capsys, "project", "create", "P", "--json")["id"]  # type: ignore[index]
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café crème".encode("latin-1"))
    code, _, err = cli(capsys, None, "plan", "set", str(pid), "--file", str(bad))
    assert code == 1 and "not UTF-8" in err
    tree = cli_json(capsys, "project", "show", str(pid), "--json")
    assert tree["prompt_planner_data"] == ""  # type: ignore[index]


def test_huge_prompt_is_refused(data_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    pid = cli_json(capsys, "project", "create", "P", "--json")["id"]  # type: ignore[index]
    sid = cli_json(capsys, "scene", "add", str(pid), "S", "--json")["id"]  # type: ignore[index]
    code, _, err = cli(capsys, None, "shot", "add", str(sid), "--prompt", "x" * 100_000)
    assert code == 1 and "limit" in err


def test_locked_database_gives_a_clear_message(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = sqlite3.connect(data_paths.database, timeout=0)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        env = {**os.environ, "STORYBOARD_DATA_DIR": str(data_paths.root)}
        # A short busy timeout keeps the test quick; the message is what matters.
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import storyboard_app.store.database as d; d.BUSY_TIMEOUT_MS = 200;"
                "from storyboard_app.cli import run;"
                "raise SystemExit(run(['project', 'create', 'X']))",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "locked" in result.stderr and "Traceback" not in result.stderr
    assert "damaged" not in result.stderr  # a lock is not corruption: never "move it away"


def test_read_only_data_folder_gives_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        # root ignores permissions; a path under a regular file cannot be created by anyone
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "data"
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o500)
    code, _, err = cli(capsys, None, "--data-dir", str(target), "project", "list")
    assert code == 1 and "cannot be written" in err


def test_doctor_reports_each_check(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    report = cli_json(capsys, "doctor", "--json")
    names = [c["name"] for c in report["checks"]]  # type: ignore[index]
    assert {"database", "migrations", "media", "ffmpeg", "token", "provider"} <= set(names)
    assert report["ok"] is True  # type: ignore[index]
    token = next(c for c in report["checks"] if c["name"] == "token")  # type: ignore[index]
    assert "none" in token["detail"]
