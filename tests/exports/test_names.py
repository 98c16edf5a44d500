"""The shared export names: `S01_SH02_<slug>` keeps the title's words in any script."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.exports.names import piece_name, shot_title, slug


def test_piece_name_numbers_and_words() -> None:
    assert piece_name(1, 2, "Keeper on the stairs") == "S01_SH02_keeper-on-the-stairs"
    assert piece_name(12, 3, "") == "S12_SH03_shot"


def test_unicode_words_are_kept() -> None:
    assert slug("Café at 夜明け") == "café-at-夜明け"
    assert slug("Ночь: маяк") == "ночь-маяк"
    # a decomposed é (as macOS file names hold it) becomes the single composed letter
    assert slug("cafe\u0301") == "café"


def test_cut_at_a_word_boundary_never_mid_word() -> None:
    title = "the old keeper climbs the spiral stairs towards the lamp room"
    cut = slug(title)
    assert len(cut) <= 40
    assert cut == "the-old-keeper-climbs-the-spiral-stairs"
    assert all(word in title.split() for word in cut.split("-"))
    assert slug("a" * 60) == "a" * 40  # one word longer than the limit: nothing else to do


@pytest.mark.parametrize(
    "title", ['a<b>c:d"e/f\\g|h?i*j', "dots... and spaces. ", "tab\tnew\nline"]
)
def test_names_are_safe_on_windows_and_macos(title: str, tmp_path: Path) -> None:
    name = piece_name(1, 1, title)
    assert not set(name) & set('<>:"/\\|?* .\t\n\r')
    (tmp_path / f"{name}.png").write_bytes(b"x")  # the file system takes it


def test_reserved_windows_names_are_changed() -> None:
    assert slug("CON") == "con_"  # a Windows device name, made safe
    assert slug("nul", fallback="storyboard") == "nul_"
    assert slug("!!!", fallback="storyboard") == "storyboard"


def test_shot_title_is_one_line() -> None:
    assert shot_title("Wide\nestablishing", "prompt") == "Wide"
    assert shot_title("  ", "a lighthouse\nat dusk") == "a lighthouse"
