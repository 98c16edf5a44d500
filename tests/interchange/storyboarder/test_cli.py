"""`import storyboarder` and `export --storyboarder` on the command line: exit codes, --json."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from tests.conftest import cli
from tests.interchange.conftest import dump


def test_import_json_prints_only_the_report_and_export_writes_the_folder(
    data_paths: DataPaths,
    single: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    imported = cli(capsys, None, "import", "storyboarder", str(single), "--json")
    assert imported.code == 0, imported.err
    report = imported.json()
    assert (report["scenes"], report["shots"], report["images"]) == (1, 5, 4)
    assert report["image_missing"] == [] and report["blank_boards"] == ["scene 1, board 4A"]
    project = report["project_id"]
    shown = cli(capsys, None, "project", "show", str(project), "--json").json()
    shots = shown["scenes"][0]["shots"]
    assert [s["dialogue"] for s in shots][:1] == ["MARA: Hold on!"]
    assert shots[0]["images"][0]["generation_params"]["provider"] == "imported"

    target = tmp_path / "Out"
    exported = cli(capsys, None, "export", str(project), "--storyboarder", str(target), "--json")
    assert exported.code == 0, exported.err
    written = exported.json()["storyboarder"]
    assert written["open"] == str(target / "Out.storyboarder") and written["boards"] == 5
    assert (target / "Out.storyboarder").is_file()

    again = cli(capsys, None, "export", str(project), "--storyboarder", str(target))
    assert again.code == 1 and again.out == ""
    assert again.err.count("\n") == 1 and "already holds files" in again.err


def test_import_text_summary_names_the_missing_images(
    data_paths: DataPaths, single: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (single.parent / "images" / "board-3-G5H6J.png").unlink()
    code, out, _err = cli(capsys, None, "import", "storyboarder", str(single))
    assert code == 0
    assert "5 boards as shots, 3 images as final picks; 1 shot marked image missing." in out
    assert "  image missing: scene 1, board 3A: board-3-G5H6J.png is missing" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\x01\x02binary", "is a binary file"),
        (b"{not json", "is not JSON"),
        (b'{"title": "x"}', "is not a Storyboarder project: it has no list of boards"),
        (
            b'{"aspectRatio": 100000, "boards": [{"layers": {}}]}',
            "its aspect ratio 100000 is outside the 0.2 to 5 a storyboard can have",
        ),
    ],
)
def test_bad_input_fails_with_one_line_and_changes_nothing(
    data_paths: DataPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    words: str,
) -> None:
    path = tmp_path / "bad.storyboarder"
    path.write_bytes(content)
    store = open_store(data_paths)
    before = dump(store)
    store.close()
    code, out, err = cli(capsys, None, "import", "storyboarder", str(path), "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and words in err and "Nothing was imported." in err
    store = open_store(data_paths)
    assert dump(store) == before
    store.close()


def test_a_scene_folder_without_its_file_fails_the_real_command(
    data_paths: DataPaths, multi: Path
) -> None:
    scene = next((multi / "storyboards").glob("Scene-3-*"))
    (scene / f"{scene.name}.storyboarder").unlink()
    done = cli(None, None, "import", "storyboarder", str(multi))  # the real entry point
    assert done.code == 1
    assert done.out == "" and done.err.count("\n") == 1
    assert f"The scene folder {scene.name} has no" in done.err
