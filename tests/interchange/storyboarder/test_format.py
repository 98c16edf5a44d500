"""Names and headings the writer makes, checked against what Storyboarder's parser reads."""

from __future__ import annotations

import random
import re

from storyboard_app.interchange.storyboarder.format import (
    board_size,
    filenameify,
    new_uid,
    thumbnail_size,
)
from storyboard_app.interchange.storyboarder.scripts import _HEADING, _NUMBER
from storyboard_app.interchange.storyboarder.writing import heading


def test_a_scene_title_becomes_a_one_line_heading_fountain_reads_back() -> None:
    assert heading("EXT. HARBOUR - NIGHT", 1) == "EXT. HARBOUR - NIGHT"
    assert heading("int lighthouse", 2) == "int lighthouse"
    assert heading("Opening: the dock (at night) #2", 3) == ".Opening: the dock (at night) 2"
    assert heading("Départ\n— *夜明け*", 4) == ".Départ — 夜明け"
    assert heading("  ###  ", 5) == ".Scene 5"
    for title in ("Opening #2", "a [[note]] here", "Départ — 夜明け", "EXT. A - DAY"):
        line = f"{heading(title, 1)} #1-ABCDE#"
        match = _HEADING.match(line)  # Storyboarder's own pattern
        assert match is not None
        number = _NUMBER.search(match.group(1) or match.group(2))
        assert number is not None and number.group(2) == "1-ABCDE"


def test_folder_names_uids_and_board_sizes_follow_storyboarder() -> None:
    assert filenameify("EXT. A PLACE - DAY") == "EXT-A-PLACE-DAY"
    assert board_size(16 / 9) == (1600, 900) and board_size(9 / 16) == (900, 1600)
    assert board_size(2.39) == (2151, 900) and thumbnail_size(16 / 9) == (212, 120)
    taken = {"AAAAA"}
    uids = {new_uid(taken, random.Random(7)) for _ in range(200)}
    assert len(uids) == 200 and "AAAAA" not in uids
    assert all(re.fullmatch(r"[0-9A-Z]{5}", uid) for uid in uids)
