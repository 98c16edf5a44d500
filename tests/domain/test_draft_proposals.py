"""Drafts propose shot types, the project style and recurring characters and places."""

from __future__ import annotations

import pytest

from storyboard_app.domain.draft_proposals import (
    place_of_heading,
    propose_elements,
    shot_type_of,
    style_from_look,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Extreme close-up of Mara's eye", "ECU"),
        ("Close-up: a weathered hand unties a rope", "CU"),
        ("closeup of the rope", "CU"),
        ("Medium close-up, Mara turns", "MCU"),
        ("Wide shot of a misty harbour", "LS"),
        ("Wide: the fleet at dawn", "LS"),
        ("Establishing shot of the town", "ELS"),
        ("Over-the-shoulder on the harbour master", "OTS"),
        ("POV from the gull", "POV"),
        ("Two-shot, Mara and Jonas argue", "TWO-SHOT"),
        ("Insert: the letter on the table", "INSERT"),
        ("Medium shot of the quay", "MS"),
        ("Mara walks to the quay", None),
        ("The closest boat drifts", None),
        ("A wide shot of the bay", "LS"),
        ("The bay (wide shot)", "LS"),
        ("Mara in close-up, crying", "CU"),
        ("INSERT - the letter", "INSERT"),
        ("MS: Jonas at the helm", "MS"),
        ("WS harbour at dusk", "LS"),
        # everyday words are not camera words
        ("Ms. Patel opens the door.", None),
        ("It is a long shot, but she tries", None),
        ("He stops to insert a coin", None),
        ("A full shot glass on the bar", None),
        ("They close up the shop", None),
        ("Wide eyes in the dark", None),
    ],
)
def test_the_shot_type_is_read_from_the_shots_words(text: str, kind: str | None) -> None:
    assert shot_type_of(text) == kind


def test_look_lines_become_one_style_line() -> None:
    look = [
        "Cold blue light, film grain, 35mm",
        "Style: muted teal palette.",
        "Cold blue light, film grain, 35mm",
    ]
    assert style_from_look(look) == "Cold blue light, film grain, 35mm; muted teal palette"
    assert style_from_look([]) == ""


def test_a_scene_headings_place() -> None:
    assert place_of_heading("EXT. OLD PIER - NIGHT") == "Old pier"
    assert place_of_heading("INT./EXT. FERRY DECK — DAWN") == "Ferry deck"
    assert place_of_heading("int. kitchen") == "Kitchen"
    assert place_of_heading("Harbour at dawn") is None


def test_recurring_characters_and_places_are_proposed_once_they_recur() -> None:
    headings = ["INT. LIGHTHOUSE - NIGHT", "EXT. OLD PIER - DAWN", "INT. LIGHTHOUSE - DAY"]
    shots = [
        "Mara climbs the stairs of the lighthouse.",
        "Close-up: Mara lights the lamp. Jonas watches from the door.",
        "Wide shot of the sea. The gulls circle.",
        "Jonas rows away from the pier at the Old Harbour.",
        "Mara waves. Boats wait at the Old Harbour.",
        "Then Peter passes by.",  # once only: not proposed
    ]
    proposed = propose_elements(headings, shots, ["MARA: Wait!\nJONAS: No."])
    by_name = {e.name: e for e in proposed}
    assert by_name["Mara"].kind == "character" and by_name["Mara"].mentions == 3
    assert by_name["Jonas"].kind == "character"
    assert by_name["Lighthouse"].kind == "location" and by_name["Lighthouse"].mentions == 2
    assert by_name["OldHarbour"].kind == "location"
    assert by_name["OldHarbour"].description.startswith("Old Harbour: ")
    for absent in ("Peter", "Then", "Close", "Wide", "The", "Boats", "Old pier"):
        assert absent not in by_name
    assert proposed[0].name == "Mara"  # most mentioned first


def test_speakers_heard_twice_are_characters() -> None:
    proposed = propose_elements([], [], ["ELLIE: Hello.\nTOM (V.O.): Hi.", "ELLIE: Again."])
    assert [(e.kind, e.name) for e in proposed] == [("character", "Ellie")]


def test_proposed_names_can_be_typed_after_an_at_sign() -> None:
    from storyboard_app.domain.draft_proposals import mention_name
    from storyboard_app.domain.mentions import check_element_name

    for words, name in (
        ("Old harbour", "OldHarbour"),
        ("Zoë", "Zoe"),
        ("Harbour-office", "HarbourOffice"),
    ):
        assert mention_name(words) == name
        assert check_element_name(name) == name
    assert mention_name("夜明け") is None


def test_a_long_place_name_is_cut_to_whole_words_within_the_mention_limit() -> None:
    from storyboard_app.domain.draft_proposals import mention_name
    from storyboard_app.domain.mentions import MAX_NAME_CHARS, check_element_name

    heading = "INT. ABANDONED TRANSCONTINENTAL RAILWAY STATION WAITING ROOM - NIGHT"
    (place,) = propose_elements([heading, heading], [])
    assert len(place.name) <= MAX_NAME_CHARS
    assert check_element_name(place.name) == place.name == "AbandonedTranscontinentalRailwayStation"
    assert mention_name("Supercalifragilisticexpialidociousandmoreandmore") is None
