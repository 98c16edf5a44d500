"""`import_storyboarder`: one shot per board in order, the picture as the final pick,
lengths and texts carried, every other board field kept."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from storyboard_app.interchange.storyboarder import import_storyboarder
from storyboard_app.store.open_store import Store
from tests.interchange.storyboarder.conftest import shots_of


def _pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as img:
        return img.size, img.convert("RGB").tobytes()


def test_a_storyboarder_file_becomes_a_project_with_one_shot_per_board(
    store: Store, single: Path
) -> None:
    images = single.parent / "images"
    seen: list[tuple[int, int]] = []
    report = import_storyboarder(store, store.paths.media, single, lambda d, t: seen.append((d, t)))
    assert (report.scenes, report.boards, report.images) == (1, 5, 4)
    assert report.missing_images == () and report.blank_boards == ("scene 1, board 4A",)
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 5  # progress reached the end

    project = store.projects.get(report.project_id)
    assert (project.title, project.aspect_ratio, project.fps) == ("Bridge-Chase", "16:9", 24)
    shots = shots_of(store, report.project_id)
    assert [s.description for s in shots] == [
        "Mara grips the bridge rail as the car swerves.",
        "Wide: the car clears the gap — élan, 夜明け.",
        "Saved by an old Storyboarder.",
        "NARRATOR: Not yet drawn.",
        "Board 5A",
    ]
    first = shots[0]
    assert (first.dialogue, first.notes) == ("MARA: Hold on!", "Shake the camera.\nFaster cut.")
    # A reference layer at 75 % is seen over white, as Storyboarder shows it; its round is
    # 0, its provider "imported".
    reference = images / "board-1-A1B2C-reference.png"
    assert first.image != reference.read_bytes()
    assert _pixels(first.image or b"") == _over_white(reference, 0.75)
    assert first.provider == "imported"
    # Lengths: its own, the default timing when absent, a string as seen in real files.
    assert [s.seconds for s in shots] == [3.0, 2.0, 1.5, None, 2.5]
    assert shots[3].extra["duration_ms"] == 2000  # the blank board keeps its length
    # Unknown fields are kept, never interpreted.
    assert first.extra["uid"] == "A1B2C" and first.extra["lineMileage"] == 812.5
    assert first.extra["sg"] == {"version": "2.1.0", "data": {"world": {"ground": True}}}
    assert first.extra["audio"] == {"filename": "audio-1-A1B2C.wav"}
    assert shots[2].extra["duration"] == "1500"
    # Two drawn layers are flattened over white at the board's size.
    flat_size, flat = _pixels(shots[1].image or b"")
    assert flat_size == (1600, 900)
    assert flat != _pixels((images / "board-2-D3E4F-fill.png").read_bytes())[1]
    with Image.open(io.BytesIO(shots[1].image or b"")) as img:
        assert img.getpixel((5, 5)) == (255, 255, 255)  # the white page
        assert img.getpixel((800, 450)) == (40, 120, 200)  # the fill layer's disc
        assert img.getpixel((45, 450)) == (20, 20, 20)  # the ink layer's frame, on top
    # A pre-1.6 board's main image, and a posterframe when nothing else is left.
    assert shots[2].image == (images / "board-3-G5H6J.png").read_bytes()
    assert shots[4].image == (images / "board-5-N9P0Q-posterframe.jpg").read_bytes()
    assert shots[3].image is None


def test_a_multi_scene_project_keeps_the_script_order_and_headings(
    store: Store, multi: Path
) -> None:
    settings = multi / "storyboards" / "storyboard.settings"
    for chosen in (multi, multi / "Harbour.fountain", multi / "storyboards", settings):
        report = import_storyboarder(store, store.paths.media, chosen)
        assert report.title == "Harbour Lights"
        scenes = store.scenes.list(report.project_id)
        assert [s.title for s in scenes] == [
            "EXT. HARBOUR - NIGHT",
            "INT. LIGHTHOUSE - NIGHT",
            "EXT. CLIFF - DAWN",
        ]
        assert [len(s.shots) for s in scenes] == [2, 1, 2]
        shots = shots_of(store, report.project_id)
        assert [s.seconds for s in shots] == [2.0, 3.0, 3.0, 4.0, 5.0]
        assert [s.action for s in shots][:2] == ["Scene 1, board 1.", "Scene 1, board 2."]
        assert all(s.image for s in shots)


def test_a_scene_not_yet_boarded_comes_in_empty_with_a_note(store: Store, multi: Path) -> None:
    shutil.rmtree(next((multi / "storyboards").glob("Scene-2-*")))
    report = import_storyboarder(store, store.paths.media, multi)
    scenes = store.scenes.list(report.project_id)
    assert [len(s.shots) for s in scenes] == [2, 0, 2]
    assert scenes[1].title == "INT. LIGHTHOUSE - NIGHT"
    assert len(report.notes) == 1 and "has no boards yet" in report.notes[0]


def test_missing_board_images_make_shots_marked_image_missing(store: Store, single: Path) -> None:
    (single.parent / "images" / "board-1-A1B2C-reference.png").unlink()
    (single.parent / "images" / "board-1-A1B2C-posterframe.jpg").unlink()
    (single.parent / "images" / "board-3-G5H6J.png").unlink()
    report = import_storyboarder(store, store.paths.media, single)
    assert report.images == 2 and len(report.missing_images) == 2
    assert "board 1A: board-1-A1B2C-reference.png is missing" in report.missing_images[0]
    assert "board 3A: board-3-G5H6J.png is missing" in report.missing_images[1]
    assert "2 shots marked image missing" in report.summary()
    shots = shots_of(store, report.project_id)
    assert [s.image is None for s in shots] == [True, False, True, True, False]
    assert shots[0].extra["import_status"] == "image missing"
    assert shots[0].dialogue == "MARA: Hold on!"  # the rest of the board still came in
    assert "import_status" not in shots[3].extra  # blank, not missing


def _over_white(path: Path, opacity: float) -> tuple[tuple[int, int], bytes]:
    with Image.open(path) as img:
        layer = img.convert("RGBA")
    layer.putalpha(layer.getchannel("A").point(lambda a: round(a * opacity)))
    page = Image.new("RGBA", layer.size, (255, 255, 255, 255))
    page.alpha_composite(layer)
    return layer.size, page.convert("RGB").tobytes()


def _one_layer(single: Path, picture: Image.Image, opacity: float) -> Path:
    """Board 1 drawn on one fill layer: `picture` at `opacity`."""
    doc = json.loads(single.read_text(encoding="utf-8"))
    doc["boards"][0]["layers"] = {"fill": {"url": "board-1-A1B2C-fill.png", "opacity": opacity}}
    single.write_text(json.dumps(doc), encoding="utf-8")
    path = single.parent / "images" / "board-1-A1B2C-fill.png"
    picture.save(path, "PNG")
    return path


def _brightness(data: bytes) -> float:
    with Image.open(io.BytesIO(data)) as img:
        return float(ImageStat.Stat(img.convert("L")).mean[0])


def test_a_board_drawn_on_one_transparent_layer_comes_in_on_white(
    store: Store, single: Path
) -> None:
    drawing = Image.new("RGBA", (1600, 900), (0, 0, 0, 0))  # Storyboarder's empty layer
    drawing.paste((10, 10, 10, 255), (700, 400, 900, 500))  # one dark stroke
    _one_layer(single, drawing, 1.0)
    report = import_storyboarder(store, store.paths.media, single)
    image = shots_of(store, report.project_id)[0].image or b""
    assert _brightness(image) > 240  # a white page, not the layer's black transparency
    with Image.open(io.BytesIO(image)) as img:
        assert img.size == (1600, 900)
        assert img.getpixel((5, 5))[:3] == (255, 255, 255)
        assert img.getpixel((800, 450))[:3] == (10, 10, 10)  # the stroke is kept


def test_one_opaque_layer_at_full_opacity_is_kept_byte_for_byte(store: Store, single: Path) -> None:
    layer = _one_layer(single, Image.new("RGB", (1600, 900), (200, 80, 40)), 1.0)
    report = import_storyboarder(store, store.paths.media, single)
    assert shots_of(store, report.project_id)[0].image == layer.read_bytes()


def test_one_layer_at_half_opacity_is_seen_over_white(store: Store, single: Path) -> None:
    layer = _one_layer(single, Image.new("RGB", (1600, 900), (0, 0, 0)), 0.5)
    report = import_storyboarder(store, store.paths.media, single)
    image = shots_of(store, report.project_id)[0].image or b""
    assert _pixels(image) == _over_white(layer, 0.5)
    assert 120 < _brightness(image) < 135


def test_a_layer_that_is_not_an_image_counts_as_missing(store: Store, single: Path) -> None:
    (single.parent / "images" / "board-1-A1B2C-reference.png").write_bytes(b"not a png")
    report = import_storyboarder(store, store.paths.media, single)
    assert len(report.missing_images) == 1 and "cannot be read" in report.missing_images[0]
    assert shots_of(store, report.project_id)[0].image is None


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels in a few bytes (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


@pytest.mark.parametrize("damage", ["truncated", "bomb"])
def test_a_broken_layer_among_several_counts_as_missing(
    store: Store, single: Path, damage: str
) -> None:
    ink = single.parent / "images" / "board-2-D3E4F-ink.png"
    if damage == "truncated":
        ink.write_bytes(ink.read_bytes()[:200])  # cut short: it cannot be decoded whole
    else:
        ink.write_bytes(_png_header(30_000, 30_000))  # 900 million pixels, flattened: refused
    report = import_storyboarder(store, store.paths.media, single)
    assert len(report.missing_images) == 1
    assert report.missing_images[0].startswith("scene 1, board 2A: its picture cannot be read")
    assert shots_of(store, report.project_id)[1].image is None
