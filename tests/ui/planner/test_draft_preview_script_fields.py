"""The draft preview with a screenplay's fields: shown in a third column, kept when accepted."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from storyboard_app.domain.outline import DraftScene, DraftShot
from storyboard_app.ui.planner.draft_preview import DraftPreviewDialog


def test_a_planner_draft_keeps_two_columns(qtbot: QtBot) -> None:
    dialog = DraftPreviewDialog([DraftScene("Opening", shots=[DraftShot("a", "a")])], 0)
    qtbot.addWidget(dialog)
    assert dialog.tree.columnCount() == 3 and not dialog.from_script  # + shot type
    assert dialog.drafts() == [DraftScene("Opening", "", [DraftShot("a", "a")])]


def test_script_fields_are_shown_and_kept_and_dialogue_edits_count(qtbot: QtBot) -> None:
    shot = DraftShot(
        "She waits.", "INT. HALL - DAY. She waits.", "ANA: Hello.", "She waits.", "slow push"
    )
    other = DraftShot("He leaves.", "INT. HALL - DAY. He leaves.", action="He leaves.")
    dialog = DraftPreviewDialog([DraftScene("INT. HALL - DAY", "", [shot, other], "4B")], 0)
    qtbot.addWidget(dialog)
    assert dialog.tree.columnCount() == 4  # + shot type
    scene = dialog.tree.topLevelItem(0)
    assert scene is not None and scene.text(2) == "4B"
    first = scene.child(0)
    assert first is not None
    assert first.text(2) == "ANA: Hello." and first.toolTip(0) == "Notes: slow push"
    first.setText(2, "ANA: Hello, you.")
    scene.setText(0, "Hall")
    (written,) = dialog.drafts()
    assert (written.title, written.number) == ("Hall", "4B")
    assert written.shots[0] == DraftShot(
        "She waits.", "INT. HALL - DAY. She waits.", "ANA: Hello, you.", "She waits.", "slow push"
    )
    assert written.shots[1] == other
