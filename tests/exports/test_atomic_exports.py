"""Every export is atomic: a full disk, a missing folder or a bad file leaves nothing behind.

The full disk is a real small tmpfs when this machine lets us mount one (root, as in CI);
otherwise the disk reports ENOSPC where a real one reports it last, when the finished file
is flushed (`os.fsync`).
"""

from __future__ import annotations

import csv
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyboard_app.cli import run
from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.exports.run import ExportRequest, run_export
from storyboard_app.exports.shot_list import escape_cell, export_csv
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.media.atomic import atomic_path
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.exports.conftest import Fixture

PAGE = 4096


def cli(capfd: pytest.CaptureFixture[str], data: DataPaths, *args: str) -> tuple[int, str, str]:
    capfd.readouterr()
    code = run(["--data-dir", str(data.root), *args])
    out = capfd.readouterr()
    return code, out.out, out.err


def _try_mount(folder: Path, size: int) -> bool:
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    return result.returncode == 0


class SmallDisk:
    """A folder on a disk with `free` bytes left (a tmpfs, or ENOSPC on fsync)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.mounted: Path | None = None

    def folder(self, free: int) -> Path:
        mount = self.root / "disk"
        mount.mkdir()
        if _try_mount(mount, 1 << 20):
            self.mounted = mount
            out = mount / "out"
            out.mkdir()
            stats = os.statvfs(mount)
            filler = stats.f_bavail * stats.f_frsize - free // PAGE * PAGE
            with (mount / "filler").open("wb") as fh:
                fh.write(b"\0" * max(0, filler))
            return out

        def full(_fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.monkeypatch.setattr(os, "fsync", full)
        out = mount / "out"
        out.mkdir()
        return out

    @property
    def kind(self) -> str:
        return "tmpfs" if self.mounted is not None else "ENOSPC on fsync"

    def close(self) -> None:
        if self.mounted is not None:
            subprocess.run(["umount", str(self.mounted)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    disk = SmallDisk(tmp_path, monkeypatch)
    yield disk
    disk.close()


@pytest.mark.parametrize(("flag", "name"), [("--pdf", "b.pdf"), ("--otio", "t.otio")])
def test_a_full_disk_exits_1_with_one_line_and_leaves_nothing(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    small_disk: SmallDisk,
    tmp_path: Path,
    flag: str,
    name: str,
) -> None:
    project = str(storyboard_project.project_id)
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    code, _out, err = cli(capfd, data_paths, "export", project, flag, str(roomy / name))
    assert code == 0, err
    whole = (roomy / name).stat().st_size
    assert whole > 2 * PAGE  # else half of it would not be a truncated file

    out = small_disk.folder(free=whole // 2)
    if os.geteuid() == 0:  # as in CI: the disk is really full, nothing is simulated
        assert small_disk.kind == "tmpfs"
    code, out_text, err = cli(capfd, data_paths, "export", project, flag, str(out / name))
    assert code == 1
    assert out_text == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("storyboard-app: ")
    assert "disk is full" in err or "is the disk full" in err
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_refused_and_never_created(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    project = str(storyboard_project.project_id)
    for flag, name in (
        ("--pdf", "b.pdf"),
        ("--otio", "t.otio"),
        ("--csv", "s.csv"),
        ("--video", "v.mp4"),
        ("--bundle", "p.zip"),
        ("--images", "finals"),
    ):
        code, out, err = cli(capfd, data_paths, "export", project, flag, str(missing / name))
        assert code == 1, flag
        assert out == ""
        assert err.strip().splitlines() == [
            f"storyboard-app: Cannot write the {_what(flag)}: the folder {missing} does not "
            "exist. Create it first or choose another place."
        ]
        assert not (tmp_path / "no").exists()


def _what(flag: str) -> str:
    return {
        "--pdf": "PDF storyboard",
        "--otio": "timeline",
        "--csv": "shot list",
        "--video": "video",
        "--bundle": "bundle",
        "--images": "final images",
    }[flag]


def test_a_file_that_does_not_read_back_is_not_kept(tmp_path: Path) -> None:
    target = tmp_path / "t.otio"

    def refuse(path: Path) -> None:
        assert path.is_file() and path != target  # checked under its temporary name
        raise EnvironmentProblemError("does not parse")

    with (
        pytest.raises(EnvironmentProblemError, match="does not parse"),
        atomic_path(target, "timeline", check=refuse) as tmp,
    ):
        tmp.write_text("{ half a timeline")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_formulas_are_escaped(start: str) -> None:
    assert escape_cell(f"{start}1+1") == f"'{start}1+1"


def test_plain_cells_are_kept_as_they_are() -> None:
    for text in ("", "a shot", "12.5", "'quoted", " =not first"):
        assert escape_cell(text) == text


def test_a_prompt_that_looks_like_a_formula_is_written_as_text(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    scene = store.scenes.list(fx.project_id)[0]
    formula = '=HYPERLINK("http://example.invalid","click")'
    store.scenes.add_shot(scene.id, "@SUM(A1:A9)", formula)
    timeline = load_timeline(store, data_paths.media, fx.project_id)
    written = export_csv(timeline, tmp_path / "s.csv", 3.0)
    with written.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == written.rows == 5
    added = next(r for r in rows if r["prompt"].endswith("SUM(A1:A9)"))
    assert added["prompt"] == "'@SUM(A1:A9)"
    assert added["description"] == "'" + formula
    assert not any(v.startswith(("=", "+", "@")) for row in rows for v in row.values())


def test_run_export_writes_what_the_request_names(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    request = ExportRequest(
        storyboard_project.project_id, csv=out / "s.csv", otio=out / "t.otio", default_seconds=2.0
    )
    seen: list[float] = []
    result = run_export(
        store,
        data_paths.media,
        data_paths.cache,
        request,
        progress=lambda fraction, _message: seen.append(fraction),
    )
    assert result.csv is not None and result.csv.path == out / "s.csv"
    assert result.otio is not None and result.otio.clips == 3
    assert result.pdf is None and result.video is None and result.bundle is None
    assert len(result.gaps) == 1
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert sorted(p.name for p in out.iterdir()) == ["s.csv", "t.otio"]


def test_a_cancelled_run_writes_nothing_more(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    from storyboard_app.exports.run import ExportCancelledError

    out = tmp_path / "out"
    out.mkdir()
    request = ExportRequest(storyboard_project.project_id, csv=out / "s.csv", otio=out / "t.otio")
    asked: list[bool] = []

    def cancel() -> bool:
        asked.append(True)
        return len(asked) > 1  # let the first export through, stop before the second

    with pytest.raises(ExportCancelledError, match="cancelled"):
        run_export(store, data_paths.media, data_paths.cache, request, cancel=cancel)
    assert [p.name for p in out.iterdir()] == ["s.csv"]
