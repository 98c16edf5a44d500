"""File-name slugs and single-line labels keep a creator's words, in any script."""

from __future__ import annotations

from storyboard_app.domain.file_names import file_slug, single_line


def test_a_slug_keeps_every_word_and_script() -> None:
    assert file_slug("Café at dawn — 夜明け!") == "café-at-dawn-夜明け"
    assert file_slug("Wide   establishing\nshot") == "wide-establishing-shot"
    assert file_slug("../../etc/passwd") == "etc-passwd"
    assert file_slug("snake_case_name") == "snake-case-name"


def test_a_slug_is_cut_at_a_word_boundary() -> None:
    slug = file_slug("the keeper climbs the spiral stairs towards the lamp room", limit=30)
    assert slug == "the-keeper-climbs-the-spiral"
    assert len(slug) <= 30
    assert file_slug("a" * 50, limit=10) == "a" * 10  # one long word: cut, nothing else fits


def test_a_slug_of_no_words_falls_back() -> None:
    assert file_slug("?!… —") == "shot"
    assert file_slug("", fallback="storyboard") == "storyboard"


def test_a_label_is_one_short_line() -> None:
    typed = "Keeper\r\non the\n\nstairs\u2028now\x1b[31m"
    assert single_line(typed) == "Keeper on the stairs now [31m"
    label = single_line("one two three four five six", limit=14)
    assert label == "one two three…"
    assert len(label) <= 14
    assert "\n" not in single_line("a\nb\u0085c\u2029d")
