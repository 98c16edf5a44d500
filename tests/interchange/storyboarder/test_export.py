"""`export --storyboarder`: a folder Storyboarder opens, and a round trip that keeps boards,
order, lengths, texts and picture bytes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.run import ExportRequest, run_export
from storyboard_app.interchange.storyboarder import StoryboarderExport, import_storyboarder
from storyboard_app.media.store import MediaError
from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.store.open_store import Store
from tests.interchange.storyboarder.conftest import shots_of

# The fields the reference (shared/reference/storyboard-formats.md) lists, checked here on
# their own rather than through the writer's constants.
TOP = {"version", "aspectRatio", "fps", "defaultBoardTiming", "boards"}
BOARD = {"uid", "url", "number", "shot", "time", "duration", "layers", "newShot", "lastEdited"}
TEXTS = ("dialogue", "action", "notes")
STUDIO = "storyboardStudio"  # our own key: Storyboarder keeps a board's unknown keys


def _export(store: Store, project_id: int, target: Path) -> StoryboarderExport:
    request = ExportRequest(project_id, storyboarder=target, default_seconds=2.0)
    result = run_export(store, store.paths.media, store.paths.cache, request)
    assert result.storyboarder is not None
    return result.storyboarder


def _size(path: Path) -> tuple[str | None, tuple[int, int]]:
    with Image.open(path) as img:
        return img.format, img.size


def _check_scene(path: Path, texts: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Check one written .storyboarder against the reference; return its boards."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(doc) == TOP
    assert isinstance(doc["version"], str) and re.fullmatch(r"\d+\.\d+\.\d+", doc["version"])
    assert doc["aspectRatio"] == pytest.approx(16 / 9) and doc["fps"] == 24
    assert doc["defaultBoardTiming"] == 2000
    images = path.parent / "images"
    clock = 0
    for number, (board, words) in enumerate(zip(doc["boards"], texts, strict=True), 1):
        assert BOARD <= set(board) <= BOARD | set(TEXTS) | {STUDIO}
        assert re.fullmatch(r"[0-9A-Z]{5}", board["uid"])
        assert board["url"] == f"board-{number}-{board['uid']}.png"
        assert (board["number"], board["shot"], board["time"]) == (number, f"{number}A", clock)
        assert isinstance(board["duration"], int) and board["duration"] > 0
        assert board["newShot"] is False and isinstance(board["lastEdited"], int)
        assert {k: board[k] for k in TEXTS if k in board} == words
        clock += board["duration"]
        stem = board["url"].removesuffix(".png")
        # No file under `url` itself: Storyboarder would take the project for a pre-1.6 one.
        assert not (images / board["url"]).exists()
        assert _size(images / f"{stem}-thumbnail.png") == ("PNG", (212, 120))
        assert _size(images / f"{stem}-posterframe.jpg") == ("JPEG", (1600, 900))
        if board["layers"]:
            assert board["layers"] == {"reference": {"url": f"{stem}-reference.png", "opacity": 1}}
            assert _size(images / f"{stem}-reference.png") == ("PNG", (1600, 900))
    return list(doc["boards"])


def test_a_scene_exports_as_a_storyboarder_file_that_matches_the_format(
    store: Store, single: Path, tmp_path: Path
) -> None:
    imported = import_storyboarder(store, store.paths.media, single)
    written = _export(store, imported.project_id, tmp_path / "Chase")
    folder = tmp_path / "Chase"
    assert Path(written.main_file) == folder / "Chase.storyboarder"
    assert (written.boards, written.images, written.blank_boards) == (5, 4, ("scene 1, board 4",))
    texts = [
        {
            "dialogue": "MARA: Hold on!",
            "action": "Mara grips the bridge rail as the car swerves.",
            "notes": "Shake the camera.\nFaster cut.",
        },
        {"action": "Wide: the car clears the gap — élan, 夜明け."},
        {"notes": "Saved by an old Storyboarder."},
        {"dialogue": "NARRATOR: Not yet drawn."},
        {},
    ]
    boards = _check_scene(folder / "Chase.storyboarder", texts)
    assert [b["uid"] for b in boards[:3]] == ["A1B2C", "D3E4F", "G5H6J"]  # kept from the import
    assert [b["duration"] for b in boards] == [3000, 2000, 1500, 2000, 2500]
    assert boards[3]["layers"] == {}  # the blank board stays blank
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Bridge-Chase", "Chase", "data"]


def test_import_export_import_keeps_boards_order_lengths_texts_and_pictures(
    store: Store, single: Path, tmp_path: Path
) -> None:
    first = import_storyboarder(store, store.paths.media, single)
    _export(store, first.project_id, tmp_path / "Again")
    second = import_storyboarder(store, store.paths.media, tmp_path / "Again")
    before, after = shots_of(store, first.project_id), shots_of(store, second.project_id)
    assert len(after) == len(before) == 5
    for old, new in zip(before, after, strict=True):
        assert (new.description, new.dialogue, new.action, new.notes, new.seconds) == (
            old.description,
            old.dialogue,
            old.action,
            old.notes,
            old.seconds,
        )
        assert new.extra["duration_ms"] == old.extra["duration_ms"]
        assert new.extra.get("uid") == old.extra.get("uid")
    # Board-sized PNGs travel byte for byte; the posterframe JPEG becomes a lossless PNG.
    assert [new.image for new in after[:3]] == [old.image for old in before[:3]]
    assert after[3].image is None and before[3].image is None
    with (
        Image.open(io.BytesIO(before[4].image or b"")) as a,
        Image.open(io.BytesIO(after[4].image or b"")) as b,
    ):
        assert a.format == "JPEG" and b.format == "PNG"
        assert a.convert("RGB").tobytes() == b.convert("RGB").tobytes()


def _prompts(store: Store, project_id: int) -> list[str]:
    return [shot.initial_prompt for scene in store.scenes.list(project_id) for shot in scene.shots]


def test_the_shots_image_prompts_travel_in_each_board(
    store: Store, single: Path, tmp_path: Path
) -> None:
    first = import_storyboarder(store, store.paths.media, single)
    shots = [shot for scene in store.scenes.list(first.project_id) for shot in scene.shots]
    prompts = [
        "a rain-slick bridge at night, @Mara gripping the rail, low angle",
        "wide shot: the car clears the gap, élan, 夜明け",
        "",  # no prompt: nothing written, the action stands in as before
        "dawn over the river,\nmist",
        "close on the tyre",
    ]
    for shot, prompt in zip(shots, prompts, strict=True):
        if prompt:
            store.scenes.edit_shot(shot.id, initial_prompt=prompt)
    expected = _prompts(store, first.project_id)
    _export(store, first.project_id, tmp_path / "Again")
    doc = json.loads((tmp_path / "Again" / "Again.storyboarder").read_text(encoding="utf-8"))
    written = [board.get(STUDIO) for board in doc["boards"]]
    assert written[0] == {"prompt": prompts[0], "shotId": shots[0].id}
    second = import_storyboarder(store, store.paths.media, tmp_path / "Again")
    assert _prompts(store, second.project_id) == expected
    assert expected[2] == ""  # board 3 has no action, so its shot came in with no prompt
    # A prompt that is not text is left out; the board's action stands in.
    doc["boards"][1][STUDIO] = {"prompt": ["not", "text"]}
    (tmp_path / "Again" / "Again.storyboarder").write_text(json.dumps(doc), encoding="utf-8")
    third = import_storyboarder(store, store.paths.media, tmp_path / "Again")
    assert _prompts(store, third.project_id)[1] == "Wide: the car clears the gap — élan, 夜明け."


def test_several_scenes_export_as_a_script_based_project(
    store: Store, multi: Path, tmp_path: Path
) -> None:
    first = import_storyboarder(store, store.paths.media, multi)
    written = _export(store, first.project_id, tmp_path / "Lights")
    root = tmp_path / "Lights"
    assert Path(written.main_file) == root / "Lights.fountain"
    script = (root / "Lights.fountain").read_text(encoding="utf-8")
    ids = re.findall(
        r"^(EXT\. HARBOUR - NIGHT|INT\. LIGHTHOUSE - NIGHT|EXT\. CLIFF - DAWN) "
        r"#(\d+)-([0-9A-Z]{5})#$",
        script,
        re.M,
    )
    assert [(h, n) for h, n, _ in ids] == [
        ("EXT. HARBOUR - NIGHT", "1"),
        ("INT. LIGHTHOUSE - NIGHT", "2"),
        ("EXT. CLIFF - DAWN", "3"),
    ]
    assert script.startswith("Title: Harbour Lights\n")
    settings = json.loads((root / "storyboards" / "storyboard.settings").read_text())
    assert settings == {"lastScene": 0, "aspectRatio": pytest.approx(16 / 9)}
    folders = sorted(p.name for p in (root / "storyboards").iterdir() if p.is_dir())
    assert folders == [
        f"Scene-1-EXT-HARBOUR-NIGHT-1-{ids[0][2]}",
        f"Scene-2-INT-LIGHTHOUSE-NIGHT-2-{ids[1][2]}",
        f"Scene-3-EXT-CLIFF-DAWN-3-{ids[2][2]}",
    ]
    for name, count in zip(folders, (2, 1, 2), strict=True):
        path = root / "storyboards" / name / f"{name}.storyboarder"
        boards = _check_scene(
            path, [{"action": f"Scene {name[6]}, board {b}."} for b in range(1, count + 1)]
        )
        assert len(boards) == count
    again = import_storyboarder(store, store.paths.media, root / "Lights.fountain")
    before, after = shots_of(store, first.project_id), shots_of(store, again.project_id)
    assert [(s.scene, s.action, s.seconds, s.image) for s in after] == [
        (s.scene, s.action, s.seconds, s.image) for s in before
    ]


def test_a_folder_that_holds_files_is_refused_and_left_alone(
    store: Store, single: Path, tmp_path: Path
) -> None:
    imported = import_storyboarder(store, store.paths.media, single)
    target = tmp_path / "Busy"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    shot_list = tmp_path / "shots.csv"
    request = ExportRequest(imported.project_id, csv=shot_list, storyboarder=target)
    with pytest.raises(InvalidInputError, match="already holds files; choose a new or empty"):
        run_export(store, store.paths.media, store.paths.cache, request)
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    assert not shot_list.exists()  # refused before any export was written
    with pytest.raises(InvalidInputError, match="does not exist"):
        _export(store, imported.project_id, tmp_path / "no" / "such" / "place")
    assert not (tmp_path / "no").exists()
    (tmp_path / "Empty").mkdir()
    _export(store, imported.project_id, tmp_path / "Empty")  # an empty folder is filled
    assert (tmp_path / "Empty" / "Empty.storyboarder").is_file()


def test_a_failure_midway_leaves_nothing_behind(
    store: Store, multi: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported = import_storyboarder(store, store.paths.media, multi)
    out = tmp_path / "out"
    out.mkdir()
    from storyboard_app.interchange.storyboarder import writing

    calls = []
    real = writing.write_board_files

    def fail_on_the_fourth_board(*args: Any) -> None:  # the disk fills up mid-export
        calls.append(args)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(*args)

    monkeypatch.setattr(writing, "write_board_files", fail_on_the_fourth_board)
    with pytest.raises(Exception, match="The disk is full while writing the Storyboarder"):
        _export(store, imported.project_id, out / "Lights")
    assert list(out.iterdir()) == []  # no project folder, no hidden part folder


def test_a_damaged_final_image_stops_the_export_before_anything_is_written(
    store: Store, single: Path, tmp_path: Path
) -> None:
    imported = import_storyboarder(store, store.paths.media, single)
    shot = store.scenes.list(imported.project_id)[0].shots[0]
    assert shot.selected_image_id is not None
    image = store.images.get(shot.selected_image_id)
    assert image.image_storage_id is not None
    MediaLayout(store.paths.media).path_for(image.image_storage_id).write_bytes(b"damaged")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(MediaError):
        _export(store, imported.project_id, out / "Chase")
    assert list(out.iterdir()) == []
