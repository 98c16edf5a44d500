"""`export --editorial DIR`: its report, how media is named, and bad destinations (a missing
parent, a full disk, a folder of other files) refused with one line and nothing left."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyboard_app.exports.editorial import (
    EditorialCancelledError,
    clip_extension,
    export_editorial,
    folder_for,
)
from storyboard_app.exports.editorial_destination import check_destination, choose_folder
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.exports.conftest import Fixture
from tests.exports.test_atomic_exports import SmallDisk


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    disk = SmallDisk(tmp_path, monkeypatch)
    yield disk
    disk.close()


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_the_command_reports_the_folder(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    project = str(storyboard_project.project_id)
    done = cli(capfd, data_paths, "export", project, "--editorial", str(tmp_path / "ed"))
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == (
        f"Editorial folder: {tmp_path / 'ed'} (3 shots, 1 gap, 18 media files)"
    )
    done = cli(capfd, data_paths, "export", project, "--editorial", str(tmp_path / "ed"), "--json")
    assert done.code == 0, done.err
    report = json.loads(done.out)["editorial"]
    assert (report["clips"], report["stills"], report["gaps"]) == (1, 2, 1)
    assert [Path(p).name for p in report["timelines"]] == [
        "lighthouse-at-dusk.otio",
        "lighthouse-at-dusk.edl",
        "lighthouse-at-dusk.xml",
        "lighthouse-at-dusk_alternates.otio",
    ]


def test_a_missing_parent_is_refused_and_never_created(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no" / "such"
    project = str(storyboard_project.project_id)
    done = cli(capfd, data_paths, "export", project, "--editorial", str(missing / "ed"))
    assert done.code == 1
    assert done.out == ""
    assert done.err.strip().splitlines() == [
        f"storyboard-app: Cannot write the editorial folder: the folder {missing} does not "
        "exist. Create it first or choose another place."
    ]
    assert not (tmp_path / "no").exists()


def test_a_full_disk_exits_1_with_one_line_and_leaves_nothing(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    small_disk: SmallDisk,
    tmp_path: Path,
) -> None:
    project = str(storyboard_project.project_id)
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    assert cli(capfd, data_paths, "export", project, "--editorial", str(roomy / "ed")).code == 0
    whole = _size(roomy / "ed")

    out = small_disk.folder(free=whole // 2)
    if os.geteuid() == 0:  # as in CI: the disk is really full, nothing is simulated
        assert small_disk.kind == "tmpfs"
    done = cli(capfd, data_paths, "export", project, "--editorial", str(out / "ed"))
    assert done.code == 1
    assert done.out == ""
    assert len(done.err.strip().splitlines()) == 1, done.err
    assert "disk is full" in done.err
    assert list(out.iterdir()) == []  # no folder, no hidden half-made one


def test_a_folder_of_other_files_is_refused_and_left_alone(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    project = str(storyboard_project.project_id)
    done = cli(capfd, data_paths, "export", project, "--editorial", str(mine))
    assert done.code == 1
    assert done.err.strip().splitlines() == [
        f"storyboard-app: {mine} holds files this app did not write (notes.txt): choose an "
        "empty folder or remove them."
    ]
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_a_recut_or_music_left_in_an_editorial_folder_is_never_deleted(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ed"
    project = str(storyboard_project.project_id)
    assert cli(capfd, data_paths, "export", project, "--editorial", str(folder)).code == 0
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    recut = folder / "recut.xml"
    recut.write_text("<xmeml>the editor's own cut</xmeml>", encoding="utf-8")
    music = folder / "media" / "temp_music.wav"
    music.write_bytes(b"RIFF music")
    done = cli(capfd, data_paths, "export", project, "--editorial", str(folder))
    assert done.code == 1
    assert done.out == ""
    assert done.err.strip().splitlines() == [
        f"storyboard-app: {folder} holds files this app did not write (recut.xml, "
        "media/temp_music.wav): choose an empty folder or remove them."
    ]
    assert recut.read_text(encoding="utf-8") == "<xmeml>the editor's own cut</xmeml>"
    assert music.read_bytes() == b"RIFF music"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    # A file of ours overwritten by the creator's own (a regraded still) is theirs too.
    recut.unlink()
    music.unlink()
    regraded = next((folder / "media").glob("S01_SH01_*"))
    regraded.write_bytes(b"graded by hand")
    done = cli(capfd, data_paths, "export", project, "--editorial", str(folder))
    assert done.code == 1
    assert f"(media/{regraded.name})" in done.err
    assert regraded.read_bytes() == b"graded by hand"

    # An empty folder the creator added is named once, as a folder.
    regraded.unlink()
    (folder / "media" / "music").mkdir()
    done = cli(capfd, data_paths, "export", project, "--editorial", str(folder))
    assert done.code == 1
    assert "(media/music/)" in done.err
    (folder / "media" / "music").rmdir()

    # Only what the export wrote (less the still removed): replaced whole.
    assert cli(capfd, data_paths, "export", project, "--editorial", str(folder)).code == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == before


def test_the_otio_records_every_file_of_the_folder(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    export_editorial(store, timeline, tmp_path / "ed", 3.0)
    folder = tmp_path / "ed"
    main = json.loads((folder / "lighthouse-at-dusk.otio").read_text(encoding="utf-8"))
    recorded = main["metadata"]["storyboard_studio"]["folder_files"]
    files = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*")}
    files = {name: size for name, size in files.items() if (folder / name).is_file()}
    assert set(recorded) == set(files)
    assert recorded["lighthouse-at-dusk.otio"] is None  # it cannot hold its own size
    assert {name: size for name, size in recorded.items() if size is not None} == {
        name: size for name, size in files.items() if name != "lighthouse-at-dusk.otio"
    }


def test_files_added_while_the_export_runs_stop_the_replacement(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    folder = tmp_path / "ed"
    export_editorial(store, timeline, folder, 3.0)
    added = folder / "notes from the edit.txt"

    def progress(_fraction: float, message: str) -> None:
        if message == "Writing the timelines":  # checked before, still ours until now
            added.write_text("mine", encoding="utf-8")

    from storyboard_app.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"notes from the edit\.txt"):
        export_editorial(store, timeline, folder, 3.0, progress=progress)
    assert added.read_text(encoding="utf-8") == "mine"
    assert (folder / "lighthouse-at-dusk.otio").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_earlier_editorial_folder_is_replaced_whole(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ed"
    project = str(storyboard_project.project_id)
    assert cli(capfd, data_paths, "export", project, "--editorial", str(folder)).code == 0
    first = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    removed = next((folder / "media").glob("S01_SH01_*"))
    removed.unlink()  # less than the export wrote: still only ours
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (folder, empty):
        assert cli(capfd, data_paths, "export", project, "--editorial", str(target)).code == 0
    assert removed.is_file()
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == first
    assert sorted(p.relative_to(empty) for p in empty.rglob("*")) == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_cancelled_export_leaves_no_folder(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    copies: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        copies.append(message)

    with pytest.raises(EditorialCancelledError):
        export_editorial(
            store,
            timeline,
            tmp_path / "ed",
            3.0,
            progress=progress,
            cancel=lambda: len(copies) >= 5,  # part of the media copied
        )
    assert any(m.startswith("Copying media") for m in copies)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".", "ed"))] == []


def test_a_chosen_folder_of_other_files_gets_a_new_folder_inside(tmp_path: Path) -> None:
    assert folder_for(tmp_path / "new", "Harbour") == tmp_path / "new"
    (tmp_path / "empty").mkdir()
    assert folder_for(tmp_path / "empty", "Harbour") == tmp_path / "empty"
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    assert folder_for(tmp_path / "busy", "Marché à l'aube") == (
        tmp_path / "busy" / "marché-à-l-aube editorial"
    )
    (tmp_path / "looks").mkdir()
    (tmp_path / "looks" / "cut.otio").write_text('{"metadata": {}}', encoding="utf-8")
    assert folder_for(tmp_path / "looks", "Harbour").name == "harbour editorial"  # not ours
    (tmp_path / "busy" / "marché-à-l-aube editorial").mkdir()
    (tmp_path / "busy" / "marché-à-l-aube editorial" / "x.txt").write_text("", encoding="utf-8")
    assert folder_for(tmp_path / "busy", "Marché à l'aube") == (
        tmp_path / "busy" / "marché-à-l-aube editorial 2"
    )


def test_an_editorial_folder_holding_the_creators_files_gets_a_new_one_beside_it(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    folder = tmp_path / "lighthouse-at-dusk editorial"
    export_editorial(store, timeline, folder, 3.0)
    assert choose_folder(folder, "Lighthouse at dusk") == (folder, None)  # ours: replaced
    (folder / "recut.xml").write_text("<xmeml/>", encoding="utf-8")
    chosen, note = choose_folder(folder, "Lighthouse at dusk")
    assert chosen == tmp_path / "lighthouse-at-dusk editorial 2"
    assert note == (
        "“lighthouse-at-dusk editorial” holds files this app did not write (recut.xml), so it "
        "was left alone: this export is in a new folder, “lighthouse-at-dusk editorial 2”."
    )


@pytest.mark.parametrize(
    ("head", "extension"),
    [
        (b"\0\0\0\x20ftypisom\0\0\x02\0", ".mp4"),
        (b"\0\0\0\x14ftypqt  \0\0\x02\0", ".mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", ".webm"),
        (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", ".mkv"),
        (b"GIF89a\x10\x00", ".gif"),
    ],
)
def test_a_clip_is_named_by_its_container(tmp_path: Path, head: bytes, extension: str) -> None:
    clip = tmp_path / "0123abcd"  # the store's names have no extension
    clip.write_bytes(head + b"\0" * 64)
    assert clip_extension(clip) == extension


def test_an_editorial_folder_of_an_earlier_version_is_left_alone(tmp_path: Path) -> None:
    earlier = tmp_path / "harbour editorial"
    (earlier / "media").mkdir(parents=True)
    (earlier / "media" / "S01_SH01_quay.png").write_bytes(b"png")
    (earlier / "harbour.otio").write_text(
        '{"metadata": {"storyboard_studio": {"fps": 24}}}', encoding="utf-8"
    )
    chosen, note = choose_folder(earlier, "Harbour")
    assert chosen == tmp_path / "harbour editorial 2"  # beside it, not inside
    assert note is not None and "earlier version of this app" in note
    from storyboard_app.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"did not write \(harbour\.otio, media/\)"):
        check_destination(earlier)
