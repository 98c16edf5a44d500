"""`import script` on the command line: a new project or appended; bad files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.interchange.screenplay import MAX_SCRIPT_BYTES
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from tests.conftest import cli
from tests.interchange.conftest import dump

SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"


def _dump(paths: DataPaths) -> object:
    store = open_store(paths)
    try:
        return dump(store)
    finally:
        store.close()


def test_a_fountain_script_becomes_a_new_project(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    done = cli(capsys, None, "import", "script", str(SCRIPTS / "lighthouse_crlf.fountain"))
    assert done.code == 0, done.err
    assert "“The Lighthouse Keeper”" in done.out and "4 scene(s), 7 shot(s)" in done.out
    shown = cli(capsys, None, "project", "show", "1", "--json").json()
    assert shown["title"] == "The Lighthouse Keeper"
    assert [s["title"] for s in shown["scenes"]][2] == (
        "FLASHBACK - THE SAME STAIRWELL, THIRTY YEARS EARLIER"
    )
    porthole = shown["scenes"][1]["shots"][1]
    assert porthole["dialogue"].endswith("TOMAS (at the same time): You're late.")


def test_an_fdx_appended_to_a_project_with_json(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    project = cli(capsys, None, "project", "create", "Ferry", "--json").json()["id"]
    done = cli(
        capsys,
        None,
        "import",
        "script",
        str(SCRIPTS / "night_ferry.fdx"),
        "--project",
        str(project),
        "--json",
    )
    assert done.code == 0, done.err
    assert done.json() == {
        "project_id": project,
        "title": "Ferry",
        "created": False,
        "scenes": 3,
        "shots": 4,
        "source": "night_ferry.fdx",
        "notes": [],
    }
    assert done.err == ""
    listed = cli(capsys, None, "project", "list", "--json").json()
    assert len(listed) == 1


def _bad_files(tmp: Path) -> list[tuple[Path, str]]:
    binary = tmp / "cover.fountain"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    not_xml = tmp / "draft.fdx"
    not_xml.write_text("INT. ROOM - DAY\n\nThis is Fountain, named .fdx\n", encoding="utf-8")
    empty = tmp / "empty.fountain"
    empty.write_bytes(b"")
    huge = tmp / "huge.fountain"
    with huge.open("wb") as handle:
        handle.write(b"INT. ROOM - DAY\n\n")
        handle.truncate(MAX_SCRIPT_BYTES + 1)
    return [
        (binary, "is not a text file"),
        (not_xml, "not a readable Final Draft file"),
        (SCRIPTS / "entity_bomb.fdx", "declares XML entities"),
        (empty, "is empty"),
        (huge, "a screenplay file is at most 10.0 MB"),
        (tmp / "missing.fountain", "There is no file"),
    ]


def test_bad_files_fail_with_one_line_and_change_nothing(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, None, "project", "create", "Keep me")
    before = _dump(data_paths)
    for path, words in _bad_files(tmp_path):
        for extra in ([], ["--project", "1"], ["--json"]):
            done = cli(capsys, None, "import", "script", str(path), *extra)
            assert done.code == 1, (path, done)
            assert done.out == ""
            assert done.err.count("\n") == 1 and words in done.err, done.err
            assert done.err.startswith("storyboard-app: ")
    assert _dump(data_paths) == before


def test_the_entity_bomb_in_a_real_process(data_paths: DataPaths) -> None:
    done = cli(None, None, "import", "script", str(SCRIPTS / "entity_bomb.fdx"), timeout=60)
    assert done.code == 1 and "declares XML entities" in done.err
    assert done.out == ""
