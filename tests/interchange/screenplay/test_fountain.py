"""Fountain screenplays: every feature of the syntax on our own fixture, LF and CRLF alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.interchange.screenplay.fountain import parse_fountain
from storyboard_app.interchange.screenplay.script import ScriptLine

SCRIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "scripts"


def _read(name: str) -> str:
    return (SCRIPTS / name).read_bytes().decode("utf-8")


def test_the_fixtures_differ_only_in_line_endings() -> None:
    lf, crlf = (
        (SCRIPTS / "lighthouse.fountain").read_bytes(),
        (SCRIPTS / "lighthouse_crlf.fountain").read_bytes(),
    )
    assert b"\r\n" not in lf and crlf.count(b"\r\n") == lf.count(b"\n")
    assert crlf.replace(b"\r\n", b"\n") == lf


@pytest.mark.parametrize("name", ["lighthouse.fountain", "lighthouse_crlf.fountain"])
def test_lf_and_crlf_give_the_same_script(name: str) -> None:
    script = parse_fountain(_read(name))
    assert script.title == "The Lighthouse Keeper"
    assert script.lines == parse_fountain(_read("lighthouse.fountain")).lines
    assert all("\r" not in line.text for line in script.lines)


def test_headings_keep_their_numbers_and_forced_headings_count() -> None:
    script = parse_fountain(_read("lighthouse.fountain"))
    headings = [(line.text, line.number) for line in script.lines if line.kind == "heading"]
    assert headings == [
        ("EXT. CLIFF TOP - DAWN", "1"),
        ("INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS", "2"),
        ("FLASHBACK - THE SAME STAIRWELL, THIRTY YEARS EARLIER", "2A"),
        ("EXT. HARBOUR - DAY", "3"),
    ]


def test_boneyard_is_gone_and_fade_in_and_the_end_are_not_shots() -> None:
    script = parse_fountain(_read("lighthouse.fountain"))
    text = " ".join(line.text for line in script.lines)
    assert "BOATHOUSE" not in text and "Ropes and nets" not in text
    actions = [line.text for line in script.lines if line.kind == "action"]
    assert "FADE IN:" not in actions and "THE END" not in actions
    assert len(actions) == 7


def test_emphasis_markers_are_removed_and_unicode_kept() -> None:
    actions = [
        line.text
        for line in parse_fountain(_read("lighthouse.fountain")).lines
        if line.kind == "action"
    ]
    assert any(a.startswith("She stops") and "Something moves" in a for a in actions)
    assert "Young Elena runs down the steps two at a time, laughing. Café lights glow below." in (
        actions
    )
    assert any("Tomás waves" in a for a in actions)
    assert not any(mark in a for a in actions for mark in ("*", "_"))


def test_speeches_dual_dialogue_and_parentheticals() -> None:
    speeches = [
        (line.character, line.text, line.dual)
        for line in parse_fountain(_read("lighthouse.fountain")).lines
        if line.kind == "speech"
    ]
    assert speeches == [
        ("ELENA", "(to herself) One more winter.", False),
        ("ELENA", "Who's there?", False),
        ("TOMAS (O.S.)", "Only me, Aunt Elena.", False),
        ("ELENA", "You're early.", False),
        ("TOMAS", "You're late.", True),
        ("TOMAS", "(shouting) Come down! The tide won't wait.", False),
    ]


def test_notes_are_kept_where_they_were_written() -> None:
    lines = parse_fountain(_read("lighthouse.fountain")).lines
    notes = [i for i, line in enumerate(lines) if line.kind == "note"]
    assert [lines[i].text for i in notes] == [
        "Maybe open on the lantern instead of the tower.",
        "Dual dialogue: both at once, over the wind.",
    ]
    # the first sat inside an action paragraph: it follows that action, and left its text
    assert lines[notes[0] - 1].kind == "action" and "[[" not in lines[notes[0] - 1].text
    assert lines[notes[0] - 1].text.endswith("a lantern in one hand.")
    assert lines[notes[1] - 1] == ScriptLine("speech", "You're late.", character="TOMAS", dual=True)


def test_synopsis_and_transition() -> None:
    lines = parse_fountain(_read("lighthouse.fountain")).lines
    assert ScriptLine("synopsis", "Elena returns to the lighthouse for the last winter.") in lines
    assert ScriptLine("transition", "CUT TO:") in lines


def test_old_mac_line_endings_and_a_script_without_title_page() -> None:
    text = "INT. ROOM - DAY\r\rA lamp flickers.\r\rBOB\rHello?\r"
    script = parse_fountain(text)
    assert script.title == ""
    assert [line.kind for line in script.lines] == ["heading", "action", "speech"]


def test_a_multi_line_note_spanning_a_blank_line_is_one_note() -> None:
    text = "INT. ROOM - DAY\n\nA lamp flickers. [[First line\n\nsecond line]]\n\nIt goes out.\n"
    lines = parse_fountain(text).lines
    assert ScriptLine("note", "First line second line") in lines
    assert [line.text for line in lines if line.kind == "action"] == [
        "A lamp flickers.",
        "It goes out.",
    ]


def test_an_unclosed_boneyard_or_note_never_hangs_and_reads_as_text() -> None:
    lines = parse_fountain("INT. ROOM - DAY\n\n/* never closed\n\nA [[ open note\n").lines
    assert lines[0] == ScriptLine("heading", "INT. ROOM - DAY")
    assert any(line.kind == "action" for line in lines)


def test_private_use_characters_in_a_script_are_not_taken_for_note_markers() -> None:
    script = parse_fountain("INT. A - DAY\n\nHe sees \ue0007\ue001 here. [[a real note]]\n")
    text = " ".join(line.text for line in script.lines)
    assert "He sees" in text and "here." in text and "a real note" in text
