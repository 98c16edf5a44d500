"""Final Draft files: paragraphs, styled runs, dual dialogue, both kinds of notes, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.interchange.screenplay.fdx import parse_fdx
from storyboard_app.interchange.screenplay.script import ScriptLine

SCRIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "scripts"


def _ferry() -> list[ScriptLine]:
    return parse_fdx((SCRIPTS / "night_ferry.fdx").read_bytes(), "night_ferry.fdx").lines


def test_title_from_the_title_page_skipping_empty_paragraphs() -> None:
    script = parse_fdx((SCRIPTS / "night_ferry.fdx").read_bytes(), "night_ferry.fdx")
    assert script.title == "The Night Ferry"
    assert script.format_name == "Final Draft"


def test_the_whole_script_in_order() -> None:
    assert _ferry() == [
        ScriptLine("heading", "EXT. FERRY TERMINAL - NIGHT", number="1"),
        ScriptLine("synopsis", "Noor boards the last ferry."),
        ScriptLine("note", "Foghorn under the titles."),  # Range 0,5: on the heading
        ScriptLine(
            "action",
            "Rain on the floodlights. NOOR (30s) runs for the gangway, a cello case on her back.",
        ),
        ScriptLine("speech", "(waving her on) Last one! Mind the gap.", character="DECKHAND"),
        ScriptLine("transition", "CUT TO:"),
        ScriptLine("heading", "INT. FERRY - PASSENGER LOUNGE - CONTINUOUS", number="2"),
        ScriptLine("action", "CLOSE ON the cello case as she sets it down."),
        ScriptLine("action", "An old man, ISAK, looks up from his crossword."),
        ScriptLine("note", "Handheld here, it should feel unsteady."),
        ScriptLine("speech", "You play?", character="ISAK"),
        ScriptLine("speech", "I used to.", character="NOOR", dual=True),
        ScriptLine("heading", "EXT. FERRY - DECK - LATER", number="2A"),
        ScriptLine(
            "action",
            "Noor alone at the rail. The city lights shrink behind her. "
            "Café music drifts up from below.",
        ),
    ]


def _fdx(content: str, notes: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?><FinalDraft DocumentType="Script"><Content>{content}</Content>'
        f"{notes}</FinalDraft>"
    ).encode()


def _p(kind: str, text: str) -> str:
    return f'<Paragraph Type="{kind}"><Text>{text}</Text></Paragraph>'


def test_a_ranged_note_lands_on_the_paragraph_its_range_starts_in() -> None:
    # paragraphs start at 0, 15 and 20: each break counts one character
    data = _fdx(
        _p("Scene Heading", "INT. LAB - DAY") + _p("Action", "Hum.") + _p("Action", "Go."),
        '<ScriptNotes><ScriptNote Range="20,23"><Paragraph><Text>on go</Text></Paragraph>'
        '</ScriptNote><ScriptNote Range="15,19"><Paragraph><Text>on hum</Text></Paragraph>'
        '</ScriptNote><ScriptNote Range="junk"><Paragraph><Text>nowhere</Text></Paragraph>'
        "</ScriptNote></ScriptNotes>",
    )
    kinds = [(line.kind, line.text) for line in parse_fdx(data, "x.fdx").lines]
    assert kinds == [
        ("heading", "INT. LAB - DAY"),
        ("action", "Hum."),
        ("note", "on hum"),
        ("action", "Go."),
        ("note", "on go"),
        ("note", "nowhere"),  # no readable place: kept, at the end
    ]


def test_a_note_inside_a_speech_follows_the_whole_speech() -> None:
    data = _fdx(
        _p("Character", "ANA")
        + '<Paragraph Type="Dialogue"><ScriptNote><Paragraph><Text>softer</Text></Paragraph>'
        "</ScriptNote><Text>Hello.</Text></Paragraph>"
        + _p("Dialogue", "Again.")
        + _p("Action", "She leaves.")
    )
    lines = parse_fdx(data, "x.fdx").lines
    assert lines == [
        ScriptLine("speech", "Hello. Again.", character="ANA"),
        ScriptLine("note", "softer"),
        ScriptLine("action", "She leaves."),
    ]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bomb.fdx", (SCRIPTS / "entity_bomb.fdx").read_bytes(), "declares XML entities"),
        ("ext.fdx", (SCRIPTS / "external_entity.fdx").read_bytes(), "declares XML entities"),
        ("broken.fdx", b"<?xml version='1.0'?><FinalDraft><Content>", "XML is broken near line"),
        ("page.fdx", b"<html><body>hello</body></html>", "not a Final Draft script"),
    ],
)
def test_unsafe_or_foreign_xml_is_refused_with_a_clear_message(
    name: str, data: bytes, words: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_fdx(data, name)
    message = str(caught.value)
    assert words in message and name in message
    assert "\n" not in message and "boom" not in message


def test_an_omitted_scene_is_not_a_scene() -> None:
    data = _fdx(
        '<Paragraph Type="Scene Heading" Number="4"><Text>OMITTED</Text><OmittedScene>'
        + _p("Scene Heading", "EXT. YARD - DAY")
        + _p("Action", "Cut text.")
        + "</OmittedScene></Paragraph>"
        + _p("Scene Heading", "INT. HALL - DAY")
        + _p("Action", "Go.")
    )
    assert [(line.kind, line.text) for line in parse_fdx(data, "x.fdx").lines] == [
        ("heading", "INT. HALL - DAY"),
        ("action", "Go."),
    ]


def test_an_empty_final_draft_script_has_no_story() -> None:
    script = parse_fdx(_fdx(""), "empty.fdx")
    assert script.lines == [] and not script.has_story()
