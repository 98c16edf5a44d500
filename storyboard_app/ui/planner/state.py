"""What the planner holds, without widgets: the open project, unsaved typing, which read may
land, the last save error; and the word count and draft checks (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from storyboard_app.domain.outline import DraftScene

LARGE_TEXT = 200_000  # characters: above this, words are estimated (counting is slow)


@dataclass(frozen=True)
class SaveFailure:
    """How to tell about a failed save."""

    quiet: bool  # the same error as last time: do not pop it up again
    on_screen: bool  # the failed text is the one shown: mark it unsaved


class PlannerState:
    """The planner's autosave bookkeeping.

    Typing marks the text dirty and counts an edit; a read of the stored text that started
    before the newest edit is dropped (the screen has newer text). A failed save makes the
    text dirty again so the next autosave retries.
    """

    def __init__(self) -> None:
        self.project_id: int | None = None
        self.dirty = False
        self.edits = 0  # keystrokes so far: a read older than the last one is stale
        self.last_error = ""

    def keeps_unsaved_text(self, project_id: int | None) -> bool:
        """Re-opening the same project while typing: keep the text on screen as it is."""
        return project_id is not None and project_id == self.project_id and self.dirty

    def open(self, project_id: int | None) -> bool:
        """Switch to `project_id` (after saving); True when it is another project."""
        other = project_id is None or project_id != self.project_id
        self.project_id = project_id
        if other:
            self.last_error = ""
        return other

    def shown(self) -> None:
        """The text on screen now equals the stored one."""
        self.dirty = False

    def typed(self) -> bool:
        """A keystroke; False when no project is open (nothing to save)."""
        if self.project_id is None:
            return False
        self.edits += 1
        self.dirty = True
        return True

    def read_is_current(self, project_id: int, edits: int) -> bool:
        """A read of the stored text may replace the screen: same project, no typing since."""
        return project_id == self.project_id and edits == self.edits

    def start_save(self) -> int | None:
        """The project whose text should be written now (None: nothing to write)."""
        if self.project_id is None or not self.dirty:
            return None
        self.dirty = False  # optimistic: set again if the write fails
        return self.project_id

    def save_landed(self, project_id: int) -> bool:
        """True when the screen shows exactly the saved text ("Saved …")."""
        self.last_error = ""
        return project_id == self.project_id and not self.dirty

    def save_failed(self, project_id: int, message: str) -> SaveFailure:
        quiet = self.last_error == message
        self.last_error = message
        on_screen = project_id == self.project_id
        if on_screen:
            self.dirty = True  # the text on screen is still not in the database
        return SaveFailure(quiet=quiet, on_screen=on_screen)


def count_text(text: str) -> str:
    """ "12 words · 80 characters" (words estimated above LARGE_TEXT characters)."""
    large = len(text) >= LARGE_TEXT
    words = len(text) // 6 if large else len(text.split())
    return f"{'about ' if large else ''}{words:,} words · {len(text):,} characters"


def draft_problem(drafts: object, source: str) -> tuple[str, str] | None:
    """(title, message) when a draft cannot be previewed; None when it can."""
    if not isinstance(drafts, list) or not all(isinstance(d, DraftScene) for d in drafts):
        return (
            "Drafting failed",
            f"{source.capitalize()} gave a reply that is not a list of scenes; nothing "
            "was written. Try again, or use the offline parser.",
        )
    if not drafts:
        return (
            "Nothing drafted",
            "No scenes could be drafted from the text. Put each scene under a heading "
            "(# Title) or in its own paragraph, and each shot on a bullet line.",
        )
    return None
