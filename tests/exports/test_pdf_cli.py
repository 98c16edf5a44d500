"""`export --pdf` with its layout flags: documented, checked, passed through, atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyboard_app.paths import DataPaths
from tests.conftest import cli
from tests.exports.conftest import Fixture
from tests.exports.pdf_inspect import outline, page_sizes
from tests.exports.test_atomic_exports import PAGE, SmallDisk, small_disk

__all__ = ["small_disk"]  # the fixture, shared with the other atomic-export tests


def test_help_documents_every_layout_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli(capsys, None, "export", "--help")
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for words in (
        "--pdf-paper {a4,letter}",
        "--pdf-orientation {portrait,landscape}",
        "--pdf-panels N",
        "1, 2, 3, 4, 6, 9",
        "--pdf-fields LIST",
        "camera, dialogue, action, notes, prompt, duration, seed",
    ):
        assert words in text, words


def test_the_flags_lay_out_the_pdf(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    target = tmp_path / "board.pdf"
    project = str(storyboard_project.project_id)
    flags = ["--pdf-paper", "Letter", "--pdf-orientation", "portrait", "--pdf-panels", "1"]
    result = cli(
        capfd,
        data_paths,
        "export",
        project,
        "--pdf",
        str(target),
        *flags,
        "--pdf-fields",
        "camera,notes",
        "--json",
    )
    assert result.code == 0, result.err
    pdf = result.json()["pdf"]
    assert pdf["pages"] == 5  # the cover and one page per shot
    assert (pdf["bookmarks"], pdf["layout"]) == (2, "1 panel per page, Letter portrait")
    assert {(round(w), round(h)) for w, h in page_sizes(target)} == {(612, 792)}
    assert outline(target) == [("Scene 1: Arrival", 1), ("Scene 2: Night", 3)]


def test_the_plain_pdf_flag_is_unchanged(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    target = tmp_path / "board.pdf"
    result = cli(
        capfd, data_paths, "export", str(storyboard_project.project_id), "--pdf", str(target)
    )
    assert result.code == 0, result.err
    assert result.out.startswith(
        f"PDF storyboard: {target} (2 pages; 6 panels per page, A4 landscape)"
    )
    assert {(round(w), round(h)) for w, h in page_sizes(target)} == {(842, 595)}


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--pdf-panels", "5"], "invalid choice: 5"),
        (["--pdf-paper", "a3"], "invalid choice: 'a3'"),
        (["--pdf-fields", "camera,mood"], "A panel cannot show mood"),
        (["--csv", "X", "--pdf-panels", "4"], "add --pdf PATH"),
    ],
)
def test_a_wrong_flag_is_a_usage_error_and_writes_nothing(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
    args: list[str],
    complaint: str,
) -> None:
    args = [str(tmp_path / "s.csv") if a == "X" else a for a in args]
    if "--csv" not in args:
        args = ["--pdf", str(tmp_path / "b.pdf"), *args]
    with pytest.raises(SystemExit) as usage:
        cli(capfd, data_paths, "export", str(storyboard_project.project_id), *args)
    assert usage.value.code == 2
    assert complaint in capfd.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob("*.csv")) == []


def test_a_full_disk_leaves_nothing_with_any_layout(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    small_disk: SmallDisk,
    tmp_path: Path,
) -> None:
    project = str(storyboard_project.project_id)
    flags = ["--pdf-panels", "1", "--pdf-fields", "all"]
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    result = cli(capfd, data_paths, "export", project, "--pdf", str(roomy / "b.pdf"), *flags)
    assert result.code == 0, result.err
    whole = (roomy / "b.pdf").stat().st_size
    assert whole > 2 * PAGE

    out = small_disk.folder(free=whole // 2)
    if os.geteuid() == 0:
        assert small_disk.kind == "tmpfs"
    result = cli(capfd, data_paths, "export", project, "--pdf", str(out / "b.pdf"), *flags)
    assert result.code == 1
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "disk is full" in result.err or "is the disk full" in result.err
    assert list(out.iterdir()) == []
