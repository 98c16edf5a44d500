"""The prompt word diff (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyboard_app.domain.word_diff import (
    DiffPart,
    is_unchanged,
    normalise,
    rebuild,
    word_diff,
    words,
)


def test_added_and_removed_words() -> None:
    parts = word_diff("a lighthouse at dawn, mist", "a lighthouse at night, mist, stormy sky")
    assert parts == [
        DiffPart("same", "a lighthouse at"),
        DiffPart("removed", "dawn"),
        DiffPart("added", "night"),
        DiffPart("same", ", mist"),
        DiffPart("added", ", stormy sky"),
    ]
    assert not is_unchanged(parts)
    assert word_diff("seagulls", "seagulls, lit windows") == [
        DiffPart("same", "seagulls"),
        DiffPart("added", ", lit windows"),
    ]


def test_same_prompt_and_whitespace_only_changes() -> None:
    assert is_unchanged(word_diff("a  red\nboat", "a red boat"))
    assert word_diff("", "") == []
    assert word_diff("", "new words") == [DiffPart("added", "new words")]
    assert word_diff("old words", "") == [DiffPart("removed", "old words")]


word_lists = st.lists(
    st.sampled_from(["a", "red", "boat", "sea,", "dawn", "mist", "b", "!", "don't"]), max_size=12
)


@given(st.text(max_size=60))
def test_any_text_round_trips(text: str) -> None:
    assert rebuild(word_diff(text, text), "new") == normalise(text)
    assert normalise(normalise(text)) == normalise(text)


def test_markup_and_punctuation_keep_their_spacing() -> None:
    assert normalise("a  <b>gulls</b>,  sky ") == "a <b>gulls</b>, sky"
    parts = word_diff("mist", "mist, <b>gulls</b>")
    assert rebuild(parts, "new") == "mist, <b>gulls</b>"


@given(word_lists, word_lists)
def test_diff_rebuilds_both_prompts(old: list[str], new: list[str]) -> None:
    parts = word_diff(" ".join(old), " ".join(new))
    assert rebuild(parts, "new") == normalise(" ".join(new))
    assert words(rebuild(parts, "old")) == words(" ".join(old))
