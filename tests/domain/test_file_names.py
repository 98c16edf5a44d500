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


def test_a_slug_is_never_a_windows_device_name() -> None:
    # `con.otio`, `nul.edl` or `com1.xml` cannot be created on Windows: the stem is a device.
    for title in ("Con", "NUL", "aux", "Prn", "COM1", "lpt9", "Com¹", "con."):
        slug = file_slug(title)
        assert slug == f"{title.casefold().rstrip('.')}_", title
    assert file_slug("Con", fallback="x") == "con_"
    assert file_slug("Console") == "console"  # only the whole name is a device
    assert file_slug("con air") == "con-air"
    assert file_slug("com10") == "com10"
    assert file_slug("?!", fallback="aux") == "aux_"


def test_a_slug_never_ends_in_a_dot_or_a_space() -> None:
    assert file_slug("...", fallback="shot. ") == "shot"
    for title in ("Con", "a.", "end ...", "x \u3000"):
        slug = file_slug(title)
        assert not slug.endswith((".", " ")), slug


def test_marks_stay_inside_their_word() -> None:
    from storyboard_app.domain.file_names import file_slug

    assert file_slug("नमस्ते दुनिया") == "नमस्ते-दुनिया"  # vowel signs are marks, not breaks
    assert file_slug("Cafe\u0301 at dawn") == "café-at-dawn"
