"""The planner's state without widgets: autosave bookkeeping, stale reads, counts, draft checks."""

from __future__ import annotations

from storyboard_app.domain.outline import DraftScene, DraftShot
from storyboard_app.ui.planner.state import LARGE_TEXT, PlannerState, count_text, draft_problem


def test_typing_saving_and_a_failed_save_that_retries() -> None:
    state = PlannerState()
    assert not state.typed()  # no project: nothing to save
    assert state.open(1)
    assert state.start_save() is None  # nothing typed
    assert state.typed() and state.dirty
    assert state.keeps_unsaved_text(1) and not state.keeps_unsaved_text(2)
    assert state.start_save() == 1 and not state.dirty  # optimistic
    first = state.save_failed(1, "disk full")
    assert first.on_screen and not first.quiet and state.dirty  # retried at the next autosave
    assert state.start_save() == 1
    again = state.save_failed(1, "disk full")
    assert again.quiet  # the same error is not popped up twice
    assert state.start_save() == 1
    assert state.save_landed(1) and state.last_error == ""
    state.typed()
    assert not state.save_landed(1)  # typed meanwhile: not "Saved"


def test_a_read_older_than_the_last_keystroke_or_of_another_project_is_dropped() -> None:
    state = PlannerState()
    state.open(1)
    edits = state.edits
    assert state.read_is_current(1, edits)
    state.typed()
    assert not state.read_is_current(1, edits)
    assert not state.open(1)  # the same project: keep the screen
    assert state.open(2)
    assert not state.read_is_current(1, state.edits)
    assert state.save_failed(1, "gone").on_screen is False  # an earlier project's save
    state.shown()
    assert not state.dirty


def test_counts_and_draft_checks() -> None:
    assert count_text("") == "0 words · 0 characters"
    assert count_text("a lighthouse keeper") == "3 words · 19 characters"
    assert count_text("x" * LARGE_TEXT).startswith("about 33,333 words")
    assert (
        draft_problem(
            [DraftScene("Opening", "", [DraftShot("boats", "boats at dawn")])], "the parser"
        )
        is None
    )
    assert draft_problem([], "the parser") == draft_problem([], "x")
    title, message = draft_problem("not a list", "the language model") or ("", "")
    assert title == "Drafting failed" and message.startswith("The language model gave")
