"""Bad Storyboarder input: one clear line, its own error type, and nothing created."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyboard_app.interchange.storyboarder import import_storyboarder
from storyboard_app.interchange.storyboarder.errors import (
    NotStoryboarderProjectError,
    StoryboarderBinaryError,
    StoryboarderError,
    StoryboarderNotFoundError,
    StoryboarderNotJsonError,
    StoryboarderSceneMissingError,
    StoryboarderTooLargeError,
)
from storyboard_app.interchange.storyboarder.format import MAX_IMAGE_BYTES, MAX_JSON_BYTES
from storyboard_app.store.open_store import Store
from tests.interchange.conftest import dump
from tests.interchange.storyboarder.conftest import shots_of


def _media_files(store: Store) -> list[Path]:
    root = store.paths.media
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _refused(store: Store, path: Path, error: type[StoryboarderError]) -> str:
    before, files = dump(store), _media_files(store)
    with pytest.raises(error) as caught:
        import_storyboarder(store, store.paths.media, path)
    assert dump(store) == before  # the database is unchanged
    assert _media_files(store) == files  # and no file was stored
    message = str(caught.value)
    assert "\n" not in message and message.endswith("Nothing was imported.")
    return message


def test_a_binary_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "board.storyboarder"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "is a binary file" in _refused(store, path, StoryboarderBinaryError)


def test_text_that_is_not_json_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.storyboarder"
    path.write_text("boards:\n  - one\n")
    assert "it is not JSON (line 1" in _refused(store, path, StoryboarderNotJsonError)


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ({"name": "a shopping list"}, "it has no list of boards"),
        ([1, 2, 3], "it has no list of boards"),
        ({"boards": [{"uid": "AAAAA"}, "two"]}, "board 2 is not a board"),
        ({"boards": [{"duration": "soon"}]}, "the duration of board 1 ('soon')"),
        ({"boards": [{"dialogue": ["a"]}]}, "the dialogue of board 1 is not text"),
        ({"boards": [{"layers": ["fill"]}]}, "the layers of board 1"),
        ({"aspectRatio": "wide", "boards": []}, "its aspect ratio 'wide'"),
    ],
)
def test_json_that_is_not_a_storyboarder_project_is_refused(
    store: Store, tmp_path: Path, document: object, why: str
) -> None:
    path = tmp_path / "other.storyboarder"
    path.write_text(json.dumps(document))
    message = _refused(store, path, NotStoryboarderProjectError)
    assert message.startswith("other.storyboarder is not a Storyboarder project: ")
    assert why in message


def test_deeply_nested_json_is_refused_without_a_crash(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deep.storyboarder"
    path.write_text('{"boards": [], "sg": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested too deeply" in _refused(store, path, NotStoryboarderProjectError)


def test_a_multi_scene_folder_missing_a_scene_file_is_refused(store: Store, multi: Path) -> None:
    scene = next((multi / "storyboards").glob("Scene-2-*"))
    (scene / f"{scene.name}.storyboarder").unlink()
    message = _refused(store, multi, StoryboarderSceneMissingError)
    assert f"The scene folder {scene.name} has no {scene.name}.storyboarder file" in message


def test_a_folder_without_a_project_and_a_missing_path_are_refused(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    assert "holds no Storyboarder project" in _refused(
        store, tmp_path / "empty", StoryboarderNotFoundError
    )
    assert "There is no file or folder" in _refused(
        store, tmp_path / "nowhere.storyboarder", StoryboarderNotFoundError
    )


def test_an_enormous_storyboarder_file_is_refused_by_its_size(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.storyboarder"
    with path.open("wb") as fh:  # sparse: no disk is used for the test
        fh.truncate(MAX_JSON_BYTES + 1)
    message = _refused(store, path, StoryboarderTooLargeError)
    assert "huge.storyboarder is 64 MB, over the 64 MB a .storyboarder file may have" in message


def test_an_enormous_board_image_is_refused_by_its_size(store: Store, single: Path) -> None:
    layer = single.parent / "images" / "board-2-D3E4F-ink.png"
    os.truncate(layer, MAX_IMAGE_BYTES + 1)
    message = _refused(store, single, StoryboarderTooLargeError)
    assert "The board image board-2-D3E4F-ink.png is 200 MB, over the 200 MB limit" in message


def test_a_board_naming_a_file_outside_its_images_folder_reads_nothing_there(
    store: Store, single: Path
) -> None:
    doc = json.loads(single.read_text())
    secret = single.parent.parent / "secret.png"
    secret.write_bytes((single.parent / "images" / "board-3-G5H6J.png").read_bytes())
    doc["boards"][0]["layers"] = {"reference": {"url": "../../secret.png"}}
    single.write_text(json.dumps(doc))
    (single.parent / "images" / "board-1-A1B2C-posterframe.jpg").unlink()
    report = import_storyboarder(store, store.paths.media, single)
    assert "board 1A: reference layer is missing" in report.missing_images[0]
    assert shots_of(store, report.project_id)[0].image is None  # nothing read from outside


@pytest.mark.parametrize("ratio", [100000, 5.01, 0.19, 1e-9, "3000"])
def test_an_aspect_ratio_no_storyboard_has_is_refused(
    store: Store, single: Path, ratio: object
) -> None:
    doc = json.loads(single.read_text(encoding="utf-8"))
    doc["aspectRatio"] = ratio
    single.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(store, single, NotStoryboarderProjectError)
    assert f"its aspect ratio {ratio!r} is outside the 0.2 to 5 a storyboard can have" in message


@pytest.mark.parametrize(("ratio", "size"), [(5, (4500, 900)), (0.2, (900, 4500))])
def test_the_widest_and_tallest_aspect_ratios_still_import(
    store: Store, single: Path, ratio: float, size: tuple[int, int]
) -> None:
    doc = json.loads(single.read_text(encoding="utf-8"))
    doc["aspectRatio"] = ratio
    single.write_text(json.dumps(doc), encoding="utf-8")
    report = import_storyboarder(store, store.paths.media, single)
    assert report.missing_images == ()
    from PIL import Image

    flattened = shots_of(store, report.project_id)[1].image  # two layers, at the board's size
    assert flattened is not None
    import io

    with Image.open(io.BytesIO(flattened)) as img:
        assert img.size == size
