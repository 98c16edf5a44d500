"""The PDF's choices and geometry, without Qt: options, grids, pages of rows, panel shapes."""

from __future__ import annotations

import pytest

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.pdf_layout import (
    FIELDS,
    PdfOptions,
    Rect,
    embed_size,
    first_pages,
    fit_inside,
    format_seconds,
    page_geometry,
    paginate,
    panel_geometry,
    parse_fields,
    pixels_needed,
)


def test_options_are_checked_and_fields_kept_in_one_order() -> None:
    options = PdfOptions(fields=("seed", "camera", "seed"))
    assert options.fields == ("camera", "seed")
    assert options.describe() == "6 panels per page, A4 landscape"
    assert PdfOptions(panels=1, paper="letter", orientation="portrait").describe() == (
        "1 panel per page, Letter portrait"
    )
    for bad in ({"panels": 5}, {"paper": "a3"}, {"orientation": "sideways"}, {"fields": ("x",)}):
        with pytest.raises(InvalidInputError):
            PdfOptions(**bad)  # type: ignore[arg-type]


def test_fields_are_read_from_a_list_a_creator_types() -> None:
    assert parse_fields("Notes, camera;dialogue") == ("camera", "dialogue", "notes")
    assert parse_fields("all") == FIELDS
    assert parse_fields("none") == () == parse_fields("")
    assert parse_fields("model,shot-type") == ("camera", "seed")
    with pytest.raises(InvalidInputError, match="cannot show mood"):
        parse_fields("camera,mood")


def test_grids_follow_the_orientation() -> None:
    grids = {
        (n, o): PdfOptions(panels=n, orientation=o).grid  # type: ignore[arg-type]
        for n in (1, 2, 3, 4, 6, 9)
        for o in ("landscape", "portrait")
    }
    assert grids[(6, "landscape")] == (3, 2) and grids[(6, "portrait")] == (2, 3)
    assert grids[(3, "landscape")] == (3, 1) and grids[(3, "portrait")] == (1, 3)
    assert all(c * r == n for (n, _o), (c, r) in grids.items())


def test_scenes_start_on_a_new_row_and_say_continued_on_a_new_page() -> None:
    scenes = [("Scene 1", list("abcde")), ("Scene 2", []), ("Scene 3", list("fg"))]
    pages = paginate(scenes, columns=2, rows_per_page=2)
    shape = [[(row.heading, "".join(row.entries)) for row in page] for page in pages]
    assert shape == [
        [("Scene 1", "ab"), (None, "cd")],
        [("Scene 1 (continued)", "e"), ("Scene 2", "")],  # an empty scene keeps its title
        [("Scene 3", "fg")],
    ]
    assert first_pages(pages) == {0: 0, 1: 1, 2: 2}


@pytest.mark.parametrize("ratio", ["16:9", "9:16", "1:1", "2.39:1", "4:5"])
@pytest.mark.parametrize("panels", [1, 3, 6, 9])
def test_panels_have_the_projects_ratio_and_fit_their_cell(ratio: str, panels: int) -> None:
    for orientation in ("landscape", "portrait"):
        g = page_geometry(PdfOptions(panels=panels, orientation=orientation))  # type: ignore[arg-type]
        cell = Rect(g.body.x, g.body.y, g.cell_w, g.row_h)
        shape = panel_geometry(cell, ratio, 6)
        w, _, h = ratio.partition(":")
        assert shape.picture.w / shape.picture.h == pytest.approx(float(w) / float(h))
        assert shape.picture.x >= cell.x - 0.01 and shape.picture.right <= cell.right + 0.01
        assert shape.picture.bottom <= cell.bottom + 0.01
        assert shape.words.h > 0 and shape.words.w > 0


def test_a_picture_is_letterboxed_never_stretched() -> None:
    box = Rect(0, 0, 160, 90)
    square = fit_inside(box, 1.0)
    assert (square.w, square.h, square.x, square.y) == (90, 90, 35, 0)
    tall = fit_inside(Rect(0, 0, 90, 160), 16 / 9)
    assert tall.w == 90 and tall.h == pytest.approx(50.625) and tall.y == pytest.approx(54.6875)


def test_pictures_keep_their_pixels_up_to_300_dpi() -> None:
    assert pixels_needed(72, 36) == (300, 150)
    assert embed_size((192, 108), (1000, 563)) == (192, 108)  # never upscaled
    assert embed_size((4000, 2250), (1000, 563)) == (1000, 562)
    assert embed_size((1000, 563), (1000, 563)) == (1000, 563)
    assert embed_size((1400, 788), (1000, 563)) == (1400, 788)  # within 1.5×: as it is
    assert embed_size((1600, 900), (1000, 563)) == (1000, 562)
    assert embed_size((1600, 900), (1000, 563), slack=1.0) == (1000, 562)


def test_lengths_read_as_a_reader_says_them() -> None:
    assert format_seconds(42.46) == "42.5 s"
    assert format_seconds(185) == "3:05"
    assert format_seconds(3725) == "1:02:05"
