"""Lines about the look of the whole film are not drafted into scenes (`is_look_line`)."""

from __future__ import annotations

import pytest

from storyboard_app.domain.outline import draft_outline_with_notes, is_look_line


@pytest.mark.parametrize(
    "line",
    [
        "Cold blue light, film grain, 35mm",
        "Warm golden tones, shallow depth of field, anamorphic lens",
        "Style: hand-drawn, like an old travel poster",
        "Look — muted palette; soft haze",
        "Kodak Portra colours, low contrast.",
    ],
)
def test_look_lines(line: str) -> None:
    assert is_look_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "A woman walks into the cold blue light",  # an action
        "The keeper climbs the stairs",
        "Fishing boats at dawn",  # no look word: a scene or a shot
        "Night, rain, reflections on the quay",
        "- cold light, grain",  # a bullet is a shot
        "# Look",  # a heading is a scene title
        "Cold light. She opens the door.",  # two sentences
        "",
    ],
)
def test_not_look_lines(line: str) -> None:
    assert not is_look_line(line)


def test_a_look_paragraph_is_not_made_into_a_scene() -> None:
    draft = draft_outline_with_notes(
        "Cold blue light, film grain, 35mm\n\n"
        "A lighthouse at dawn. The keeper climbs the stairs.\n\n"
        "Waves crash on the rocks."
    )
    assert draft.look == ["Cold blue light, film grain, 35mm"]
    assert [len(s.shots) for s in draft.scenes] == [2, 1]
    assert all("grain" not in shot.initial_prompt for s in draft.scenes for shot in s.shots)


def test_look_lines_before_the_headings_and_under_a_look_heading() -> None:
    draft = draft_outline_with_notes(
        "Cold blue light, film grain\n\n"
        "# Opening\n- A lighthouse at dawn\n- The keeper climbs\n\n"
        "# Look\nMuted palette, soft haze\nShot on 16mm\n"
    )
    assert [s.title for s in draft.scenes] == ["Opening"]
    assert draft.look == ["Cold blue light, film grain", "Muted palette, soft haze", "Shot on 16mm"]


def test_a_look_line_inside_a_scene_stays_in_that_scene() -> None:
    draft = draft_outline_with_notes("# Storm\nCold light, grain\n- Waves on the rocks\n")
    assert draft.look == []
    assert draft.scenes[0].description == "Cold light, grain"
