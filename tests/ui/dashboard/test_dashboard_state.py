"""The dashboard's state without widgets: newest load wins, hidden deletions, the empty text."""

from __future__ import annotations

from storyboard_app.ui.dashboard.state import NO_PROJECTS, DashboardState


def test_newest_load_wins_and_deletions_hide_until_shutdown() -> None:
    state = DashboardState()
    older, newer = state.start_load(), state.start_load()
    assert state.is_newest(newer) and not state.is_newest(older)
    assert not state.take_deletions()  # nothing trashed: nothing to purge
    state.hide(4)
    state.hide(5)
    state.unhide(4)  # undone
    assert state.pending_deletions == {5}
    assert state.take_deletions() and state.pending_deletions == set()


def test_the_empty_list_says_why() -> None:
    state = DashboardState()
    assert state.empty_text(0, "") == NO_PROJECTS
    assert state.empty_text(3, "  harbour ") == "No project title contains “harbour”."
    state.hide(1)
    assert state.empty_text(1, "harbour") == NO_PROJECTS  # the only project is being deleted
    assert state.empty_text(2, "") == NO_PROJECTS
