"""The grid's arithmetic and words, without widgets: tile sizes per shape and aspect ratio,
"made at" ratios, the round strip's short prompt change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect, QSize

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.cell import aspect_rect
from storyboard_app.ui.iterator.data import made_at_ratio, prompt_change
from storyboard_app.ui.iterator.grid import best_tiles, tile_size

CHROME = QSize(14, 44)


def _image(params: dict[str, object]) -> ImageInfo:
    return ImageInfo(
        id=1,
        project_id=1,
        scene_id=1,
        shot_id=1,
        iteration_number=0,
        variant_number=0,
        status=ImageStatus.COMPLETE,
        is_favorite=False,
        parent_image_id=None,
        iteration_prompt="a lighthouse",
        image_url="",
        image_storage_id=None,
        replicate_image_id=None,
        generation_params=params,
        created_at=datetime.now(UTC),
    )


@pytest.mark.parametrize("ratio", [16 / 9, 9 / 16, 4 / 5, 1.0, 21 / 9, 2.39])
def test_pictures_keep_the_ratio_and_the_six_fit(ratio: float) -> None:
    area = QSize(760, 520)
    tile = best_tiles(area, ratio, CHROME)
    assert abs(tile.picture.width() / tile.picture.height() - ratio) < 0.05
    assert tile.columns * tile.rows == 6
    assert tile.columns * tile.width <= area.width()
    assert tile.rows * tile.height <= area.height()


def test_tall_pictures_in_a_wide_space_stand_in_one_row() -> None:
    wide = QSize(760, 300)
    usual = tile_size(wide, 9 / 16, CHROME)
    best = best_tiles(wide, 9 / 16, CHROME)
    assert (best.columns, best.rows) == (6, 1)
    assert best.picture.height() > usual.picture.height()
    assert (best_tiles(wide, 16 / 9, CHROME).columns, best_tiles(wide, 16 / 9, CHROME).rows) == (
        3,
        2,
    )


def test_the_slider_scales_the_pictures() -> None:
    area = QSize(760, 520)
    full = best_tiles(area, 16 / 9, CHROME, 1.0)
    half = best_tiles(area, 16 / 9, CHROME, 0.5)
    assert abs(half.picture.width() - full.picture.width() / 2) <= 1
    assert (
        best_tiles(area, 16 / 9, CHROME, 0.1).picture
        == best_tiles(area, 16 / 9, CHROME, 0.4).picture
    )  # never below 40 %


def test_aspect_rect_is_centred_and_of_the_ratio() -> None:
    rect = aspect_rect(QRect(0, 0, 300, 300), 16 / 9)
    assert rect.width() == 300 and rect.height() == 169 and rect.y() == 65
    tall = aspect_rect(QRect(0, 0, 300, 300), 9 / 16)
    assert tall.height() == 300 and tall.width() == 169


def test_made_at_says_only_a_different_recorded_ratio() -> None:
    made_wide = _image({"look": {"aspect_ratio": "16:9"}})
    assert made_at_ratio(made_wide, "9:16") == "16:9"
    assert made_at_ratio(made_wide, "16:9") is None
    assert made_at_ratio(_image({}), "9:16") is None  # imported: unknown, no badge


def test_prompt_change_is_short_words() -> None:
    assert (
        prompt_change("a lighthouse at dawn", "a lighthouse at dusk, rain") == "− dawn + dusk, rain"
    )
    assert prompt_change("a lighthouse", "a lighthouse") == "same prompt"
    assert prompt_change("a lighthouse", "a lighthouse, at dusk") == "+ at dusk"
    assert prompt_change("a light", "a lighthouse") == "− light + lighthouse"  # whole words
    long = prompt_change("a", "a " + "very " * 20 + "long")
    assert len(long) <= 34 and long.endswith("…")
