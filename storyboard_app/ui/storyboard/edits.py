"""Undoable edits of a shot's storyboard selection (duration, motion prompt).

The card changes at once; the write runs on the page's `WriteQueue` (off the GUI thread, in
order); a failed write is presented and the board reloaded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.store.dto import SelectionInfo
from storyboard_app.store.services.storyboard import check_duration
from storyboard_app.ui.shared.undo import push_applied

if TYPE_CHECKING:
    from storyboard_app.ui.storyboard.page import StoryboardPage

_V = TypeVar("_V")


class SelectionEdits:
    """Changes one field of a shot's selection, undoably (GUI thread)."""

    def __init__(self, page: StoryboardPage) -> None:
        self.page = page

    def set_duration(self, shot_id: int, seconds: float) -> None:
        duration: float | None = seconds
        self._edit(
            shot_id,
            "duration",
            self.page.context.store.storyboard.set_duration,
            duration,
            "duration_seconds",
            check_duration,
            lambda code: f"Duration of {code}: {seconds:g} s",
            reload_after=True,  # durations move the summary and the video length
        )

    def set_motion_prompt(self, shot_id: int, prompt: str) -> None:
        self._edit(
            shot_id,
            "motion prompt",
            self.page.context.store.storyboard.set_motion_prompt,
            prompt,
            "motion_prompt",
            clean_prompt,
            lambda code: f"Motion prompt of {code}",
        )

    def _edit(
        self,
        shot_id: int,
        what: str,
        change: Callable[[int, _V], SelectionInfo],
        value: _V,
        attr: str,
        check: Callable[[_V], _V],
        undo_text: Callable[[str], str],
        *,
        reload_after: bool = False,
    ) -> bool:
        """Change `attr` of the shot's selection to `value`; False when refused."""
        page = self.page
        # What the card shows: an earlier edit whose reload has not come back yet included
        # (else undoing a quick second edit would restore the value before the first).
        widget = page.cards.get(shot_id)
        card = widget.card if widget is not None else page.state.card(shot_id)
        title = f"Could not change the {what}"
        if card is None or card.selection is None:
            return False
        try:
            value = check(value)
        except StoryboardError as exc:
            page.context.errors.present(exc, title=title)
            return False
        selection_id, old = card.selection.id, getattr(card.selection, attr)

        def write(new: _V) -> None:
            widget = page.cards.get(shot_id)  # what the card shows now, earlier edits included
            current = widget.card if widget is not None else None
            if current is not None and current.selection is not None:
                changed: dict[str, Any] = {attr: new}
                page.apply_selection(dataclasses.replace(current.selection, **changed))
            page.writes.submit(
                lambda: change(selection_id, new),
                name=f"Saving the {what}",
                on_result=self._on_written_reload if reload_after else page.apply_selection,
                title=title,
            )

        write(value)
        push_applied(
            page.undo,
            undo_text(card.code),
            lambda: write(value),
            lambda: write(old),
            page.context.errors,
        )
        return True

    def _on_written_reload(self, selection: SelectionInfo) -> None:
        self.page.apply_selection(selection)
        self.page.reload()
