"""Text in any script is drawn with a font that has its glyphs, never as missing-glyph boxes."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from storyboard_app.generation.drafts import draw_draft
from storyboard_app.media import fonts

TEXT = "夜明け café"


def _glyph(char: str, font: fonts.Font) -> bytes:
    return fonts.glyph_bitmap(font, char)


def test_every_character_gets_a_font_that_draws_it() -> None:
    for part, font in fonts.runs(TEXT, 24):
        for char in part:
            assert fonts.has_glyph(font, char), char
    # the three Japanese characters are drawn as three different shapes, not one box each
    shapes = {_glyph(c, f) for part, f in fonts.runs("夜明け", 24) for c in part}
    assert len(shapes) == 3


def test_pillows_latin_font_lacks_the_japanese_glyphs() -> None:
    """The check itself can fail: the built-in font draws 夜 and é as missing-glyph boxes."""
    builtin = ImageFont.load_default(24)
    assert not fonts.has_glyph(builtin, "夜")
    assert not fonts.has_glyph(builtin, "é")
    assert fonts.has_glyph(builtin, "e")


def test_drawn_text_differs_from_the_boxes_of_a_font_without_the_glyphs() -> None:
    def render(draw_with: str) -> Image.Image:
        image = Image.new("L", (240, 40), 0)
        draw = ImageDraw.Draw(image)
        if draw_with == "ours":
            fonts.draw_text(draw, (4, 4), "夜明け", size=24, fill=255)
        else:
            draw.text((4, 4), "夜明け", fill=255, font=ImageFont.load_default(24))
        return image

    ours, boxes = render("ours"), render("builtin")
    assert ours.getbbox() is not None
    assert ours.tobytes() != boxes.tobytes()
    # each glyph's cell holds a different picture (boxes would be three equal cells)
    width = fonts.text_width("夜", 24)
    cells = [ours.crop((4 + i * width, 0, 4 + (i + 1) * width, 40)).tobytes() for i in range(3)]
    assert len(set(cells)) == 3


def test_a_draft_with_a_japanese_prompt_draws_its_glyphs() -> None:
    import io

    with Image.open(io.BytesIO(draw_draft("夜明け café", 7))) as a:
        first = a.convert("RGB")
    with Image.open(io.BytesIO(draw_draft("夜明け cafe", 7))) as b:
        second = b.convert("RGB")
    # the prompt line differs only by é/e; the prompt is drawn, so the pictures differ there
    assert first.size == second.size
    assert first.tobytes() != second.tobytes()


def test_without_fontconfig_the_known_font_files_and_pillows_own_font_serve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")  # no fc-match, as on Windows and in a packaged app
    fonts.system_fonts.cache_clear()
    fonts._font_for_char.cache_clear()
    try:
        assert fonts._fc_match("sans") is None
        image = Image.new("L", (200, 40), 0)
        # no font has this code point: it is drawn with the last resort, nothing raises
        width = fonts.draw_text(ImageDraw.Draw(image), (2, 2), "a\U0010fffd", size=16, fill=255)
        assert width > 0 and image.getbbox() is not None
    finally:
        fonts.system_fonts.cache_clear()
        fonts._font_for_char.cache_clear()


def test_a_long_prompt_without_spaces_is_drawn_not_dropped() -> None:
    """The bug: the prompt was shortened by words, so a Japanese prompt became just "…"."""
    import io

    def prompt_area(prompt: str) -> bytes:
        with Image.open(io.BytesIO(draw_draft(prompt, 7))) as image:
            w, h = image.size
            return image.convert("L").crop((0, h - 80, w, h - 22)).tobytes()

    night, dawn = prompt_area("夜" * 200), prompt_area("明" * 200)
    assert night != dawn  # the characters themselves are drawn
    lines = fonts.wrap("夜" * 200, 15, 492)
    assert len(lines) == 3 and all(fonts.text_width(line, 15) <= 492 + 20 for line in lines)
