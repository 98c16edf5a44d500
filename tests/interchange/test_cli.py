"""`import convex` and `import bundle` on the command line: JSON only on stdout, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import cli


def test_import_convex_json_prints_only_the_report(
    data_paths,
    export_zip: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    imported = cli(capsys, None, "import", "convex", str(export_zip), "--json")
    assert imported.code == 0, imported.err
    report = imported.json()
    assert report["tables"]["shot_images"]["inserted"] == 48
    assert report["files"]["stored"] == 51
    listed = cli(capsys, None, "project", "list", "--json")
    assert listed.code == 0
    projects = listed.json()
    assert sorted(p["workflow_version"] for p in projects) == ["v1_legacy", "v2_redesign"]


def test_import_convex_text_summary(
    data_paths,
    export_zip: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    code, out, _err = cli(capsys, None, "import", "convex", str(export_zip))
    assert code == 0
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
    code, out, err = cli(capsys, None, "import", kind, str(path), "--json")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "not a readable zip file" in err


def test_migrate_needs_a_project_or_all(data_paths, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        cli(capsys, None, "migrate")
    assert exc.value.code == 2
