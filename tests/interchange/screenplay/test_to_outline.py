"""From a parsed screenplay to the planner's draft: which text lands in which scene and shot."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.outline import MAX_SCENES, MAX_SHOTS_PER_SCENE
from storyboard_app.interchange.screenplay import read_script_draft
from storyboard_app.interchange.screenplay.script import Script, ScriptLine
from storyboard_app.interchange.screenplay.to_outline import script_to_outline

SCRIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "scripts"


@pytest.mark.parametrize("name", ["lighthouse.fountain", "lighthouse_crlf.fountain"])
def test_the_fountain_fixture_as_scenes_and_shots(name: str) -> None:
    draft = read_script_draft(SCRIPTS / name)
    assert (draft.title, draft.format_name, draft.source) == (
        "The Lighthouse Keeper",
        "Fountain",
        name,
    )
    scenes = draft.outline.scenes
    assert [(s.number, s.title, len(s.shots)) for s in scenes] == [
        ("1", "EXT. CLIFF TOP - DAWN", 2),
        ("2", "INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS", 2),
        ("2A", "FLASHBACK - THE SAME STAIRWELL, THIRTY YEARS EARLIER", 1),
        ("3", "EXT. HARBOUR - DAY", 2),
    ]
    assert scenes[0].description == "Elena returns to the lighthouse for the last winter."
    climb = scenes[0].shots[1]
    assert climb.action == "ELENA (60s, oilskin coat) climbs the last steps, a lantern in one hand."
    assert climb.description == climb.action
    assert climb.initial_prompt == f"EXT. CLIFF TOP - DAWN. {climb.action}"
    assert climb.dialogue == "ELENA: (to herself) One more winter."
    assert climb.notes == "Maybe open on the lantern instead of the tower."
    porthole = scenes[1].shots[1]
    assert porthole.dialogue.splitlines() == [
        "ELENA: Who's there?",
        "TOMAS (O.S.): Only me, Aunt Elena.",
        "ELENA: You're early.",
        "TOMAS (at the same time): You're late.",
    ]
    assert porthole.notes.splitlines() == ["Dual dialogue: both at once, over the wind.", "CUT TO:"]
    assert scenes[0].shots[0].dialogue == "" and scenes[0].shots[0].notes == ""
    assert draft.outline.notes == []


def test_the_fdx_fixture_as_scenes_and_shots() -> None:
    draft = read_script_draft(SCRIPTS / "night_ferry.fdx")
    assert (draft.title, draft.format_name) == ("The Night Ferry", "Final Draft")
    scenes = draft.outline.scenes
    assert [(s.number, len(s.shots)) for s in scenes] == [("1", 1), ("2", 2), ("2A", 1)]
    first = scenes[0].shots[0]
    assert first.dialogue == "DECKHAND: (waving her on) Last one! Mind the gap."
    assert first.notes.splitlines() == ["Foghorn under the titles.", "CUT TO:"]
    isak = scenes[1].shots[1]
    assert isak.dialogue == "ISAK: You play?\nNOOR (at the same time): I used to."
    assert isak.notes == "Handheld here, it should feel unsteady."


def _outline(*lines: ScriptLine) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    draft = script_to_outline(Script("", list(lines)))
    return [
        (s.title, [(sh.description, sh.initial_prompt, sh.dialogue, sh.notes) for sh in s.shots])
        for s in draft.scenes
    ]


def test_a_scene_opening_on_dialogue_and_a_scene_with_only_its_heading() -> None:
    assert _outline(
        ScriptLine("heading", "INT. CAR - NIGHT"),
        ScriptLine("note", "rain sound"),
        ScriptLine("speech", "Drive.", character="MO"),
        ScriptLine("heading", "EXT. ROAD - NIGHT"),
    ) == [
        (
            "INT. CAR - NIGHT",
            [("MO speaks", "INT. CAR - NIGHT. MO speaking", "MO: Drive.", "rain sound")],
        ),
        ("EXT. ROAD - NIGHT", [("EXT. ROAD - NIGHT", "EXT. ROAD - NIGHT", "", "")]),
    ]


def test_what_comes_before_the_first_heading_is_an_opening_scene() -> None:
    assert _outline(
        ScriptLine("transition", "FADE IN:"),
        ScriptLine("action", "Black. A heartbeat."),
        ScriptLine("heading", "INT. WARD - DAY"),
        ScriptLine("action", "A monitor beeps."),
    ) == [
        ("Opening", [("Black. A heartbeat.", "Black. A heartbeat.", "", "")]),
        ("INT. WARD - DAY", [("A monitor beeps.", "INT. WARD - DAY. A monitor beeps.", "", "")]),
    ]


def test_the_planner_limits_apply_and_each_cut_is_said() -> None:
    lines = [ScriptLine("heading", f"INT. ROOM {n} - DAY") for n in range(MAX_SCENES + 3)]
    lines[1:1] = [ScriptLine("action", f"Beat {n}.") for n in range(MAX_SHOTS_PER_SCENE + 2)]
    draft = script_to_outline(Script("", lines))
    assert len(draft.scenes) == MAX_SCENES
    assert len(draft.scenes[0].shots) == MAX_SHOTS_PER_SCENE
    assert any("3 scene(s) after the first 200" in note for note in draft.notes)
    assert any("2 shot(s) of scene 1" in note for note in draft.notes)


def test_a_very_long_action_is_cut_for_the_prompt_and_said() -> None:
    draft = script_to_outline(
        Script(
            "",
            [
                ScriptLine("heading", "INT. HALL - DAY"),
                ScriptLine("action", ("word " * 3000).strip()),
            ],
        )
    )
    shot = draft.scenes[0].shots[0]
    assert len(shot.initial_prompt) <= 10_000 and shot.initial_prompt.endswith("…")
    assert len(shot.action) == 14_999  # the action field keeps it whole (20,000 limit)
    assert draft.notes and "image prompt" in draft.notes[0]


def test_title_from_the_file_name_when_the_script_has_none(tmp_path: Path) -> None:
    path = tmp_path / "my_short-film.fountain"
    path.write_text("INT. ROOM - DAY\n\nA clock ticks.\n", encoding="utf-8")
    assert read_script_draft(path).title == "My short film"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("blank.fountain", b"  \n\n \r\n", "is empty"),
        ("photo.fountain", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("notes.txt", b"Just some thoughts about a film.\n", "does not look like a Fountain"),
        ("script.fountain", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not a text file"),
        ("script.txt", b"PK\x03\x04\x14\x00\x06\x00", "not a text file"),
        ("title_only.fountain", b"Title: Nothing\nAuthor: Me\n", "nothing to import"),
        ("bomb.fdx", (SCRIPTS / "entity_bomb.fdx").read_bytes(), "declares XML entities"),
        ("empty.fdx", b"<FinalDraft><Content/></FinalDraft>", "nothing to import"),
    ],
)
def test_files_that_are_no_screenplay_are_refused(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InvalidInputError, match=words):
        read_script_draft(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.fountain"
    path.write_bytes(b"INT. ROOM - DAY\n\n" + b"x" * 2_000)
    with pytest.raises(InvalidInputError, match="at most 1,000 bytes"):
        read_script_draft(path, limit=1_000)


def test_utf16_and_windows_1252_scripts_are_read(tmp_path: Path) -> None:
    text = "INT. CAFÉ - DAY\n\nNoël waits.\n"
    for encoding in ("utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.fountain"
        path.write_bytes(text.encode(encoding))
        scene = read_script_draft(path).outline.scenes[0]
        assert (scene.title, scene.shots[0].action) == ("INT. CAFÉ - DAY", "Noël waits.")
