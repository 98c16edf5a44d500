"""@mentions and the camera's language: parsing, resolving, prompt words, captions."""

from __future__ import annotations

import pytest

from storyboard_app.domain import shot_language as sl
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.mentions import (
    check_element_name,
    completions,
    mention_at,
    mentioned_names,
    reference_tag,
    replace_mentions,
    resolve_mentions,
)


def test_mentions_are_parsed_case_insensitively_once_each_and_not_in_emails() -> None:
    text = "@Mara meets @harbor-master at @MARA's boat, mail tom@sea.org, @Old_Tom."
    assert mentioned_names(text) == ["Mara", "harbor-master", "Old_Tom"]
    assert mentioned_names("no mentions, just @ and @1st") == []


def test_unknown_mentions_are_refused_by_name() -> None:
    known = {"mara": 1, "harbor": 2}
    assert resolve_mentions("@HARBOR then @mara", known) == [2, 1]
    with pytest.raises(InvalidInputError, match="@Ghost, @Nobody"):
        resolve_mentions("@Mara, @Ghost and @Nobody", known)


def test_names_must_be_mentionable() -> None:
    assert check_element_name(" @Mara ") == "Mara"
    for bad in ("Old Man", "x!", "9lives", "a" * 41):
        with pytest.raises(InvalidInputError):
            check_element_name(bad)


def test_replacing_mentions_and_tags() -> None:
    assert replace_mentions("@mara waits at @Harbor.", {"mara": "@Mara", "harbor": "Harbor"}) == (
        "@Mara waits at Harbor."
    )
    assert reference_tag("Old_Tom-2") == "OldTom2"
    assert completions("ma", ["Marco", "Tom", "Mara"]) == ["Mara", "Marco"]
    assert mention_at("hello @Ma", 9) == "Ma" and mention_at("hello Ma", 8) is None


def test_camera_language() -> None:
    assert sl.shot_type("two shot") == "TWO-SHOT" and sl.camera_move("Zoom_In") == "zoom-in"
    with pytest.raises(InvalidInputError, match="ECU"):
        sl.shot_type("wide")
    assert sl.nearest_ratio("2.39:1", ["16:9", "21:9", "1:1"]) == "21:9"
    assert sl.nearest_ratio("4:5", ["16:9", "3:4", "1:1"]) == "3:4"
    assert sl.compose_prompt("A boat.", sl.image_words("CU", "low"), style="ink") == (
        "A boat. Close-up, low-angle view looking up. Style: ink"
    )
    assert sl.camera_caption("MS", None, "pan") == "MS · pan"
    assert sl.script_caption("Where is he?", "She paces.") == "She paces. “Where is he?”"
