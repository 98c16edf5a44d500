"""`import convex` and `import bundle` on the command line: JSON only on stdout, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyboard_app import cli


def test_import_convex_json_prints_only_the_report(
    data_paths,
    export_zip: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    assert cli.run(["import", "convex", str(export_zip), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["tables"]["shot_images"]["inserted"] == 48
    assert report["files"]["stored"] == 51
    assert cli.run(["project", "list", "--json"]) == 0
    projects = json.loads(capsys.readouterr().out)
    assert sorted(p["workflow_version"] for p in projects) == ["v1_legacy", "v2_redesign"]


def test_import_convex_text_summary(
    data_paths,
    export_zip: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    assert cli.run(["import", "convex", str(export_zip)]) == 0
    out = capsys.readouterr().out
    assert "65 rows added" in out and "shot_images: 48 added" in out


@pytest.mark.parametrize("kind", ["convex", "bundle"])
def test_a_file_that_is_not_a_zip_fails_with_one_clear_line(
    data_paths,
    tmp_path: Path,
    kind: str,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a zip")
    assert cli.run(["import", kind, str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "not a readable zip file" in captured.err


def test_migrate_needs_a_project_or_all(data_paths, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        cli.run(["migrate"])
    assert exc.value.code == 2
