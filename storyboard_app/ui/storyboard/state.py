"""What the storyboard is showing and which shots are selected; plain Python, no Qt.

`StoryboardState` holds the loaded `BoardData`, the selected shots (click, Ctrl+click,
Shift+click, arrows), and answers the page's questions: which shots "Animate all" means,
which jobs "Cancel all" stops, and the summary line — given what the job controller says is
in flight. Tests drive it without widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyboard_app.store.dto import SelectionInfo
from storyboard_app.ui.storyboard.timeline_data import (
    ACTIVE_STATES,
    BoardData,
    CardData,
    CardState,
)


@dataclass(frozen=True)
class InFlightJobs:
    """What the job controller says about this board's animations."""

    selection_ids: frozenset[int] = frozenset()  # unfinished animation jobs
    waiting: int = 0  # of those, how many wait for a free slot


class StoryboardState:
    """The storyboard's Qt-free state (lives on the GUI thread beside the page)."""

    def __init__(self) -> None:
        self.board: BoardData | None = None
        self.selected: set[int] = set()  # shot ids
        self.anchor: int | None = None  # where a Shift+click range starts
        self.loading = False
        self.reload_again = False

    def clear(self) -> None:
        """Another project: nothing shown, nothing selected."""
        self.board = None
        self.selected.clear()
        self.anchor = None

    # -- loading -------------------------------------------------------------------------------

    def begin_load(self) -> bool:
        """True when a load should start now (else one more runs after the current one)."""
        if self.loading:
            self.reload_again = True
            return False
        self.loading = True
        return True

    def end_load(self) -> bool:
        """A load ended; True when another must run."""
        self.loading = False
        again, self.reload_again = self.reload_again, False
        return again

    def board_loaded(self, board: BoardData) -> bool:
        """Take a fresh board; True when it has the same scenes and shots as the shown one
        (the cards can be updated in place instead of rebuilt)."""
        old, self.board = self.board, board
        self.selected &= set(self.pickable_ids)
        return (
            old is not None
            and [(s.scene_id, s.title) for s in old.scenes]
            == [(s.scene_id, s.title) for s in board.scenes]
            and [c.shot_id for c in old.cards] == [c.shot_id for c in board.cards]
        )

    @property
    def cards(self) -> list[CardData]:
        return self.board.cards if self.board is not None else []

    @property
    def shot_ids(self) -> list[int]:
        return [c.shot_id for c in self.cards]

    @property
    def pickable_ids(self) -> list[int]:
        """Shots with a final pick (gaps cannot be selected)."""
        return [c.shot_id for c in self.cards if c.image_id is not None]

    def card(self, shot_id: int) -> CardData | None:
        return self.board.card_for_shot(shot_id) if self.board is not None else None

    def card_of_selection(self, selection: SelectionInfo) -> CardData | None:
        """The card of this selection, as it is after the selection changed."""
        if self.board is None:
            return None
        card = self.board.card_for_selection(selection.id)
        return card.with_selection(selection) if card is not None else None

    def next_blocker(self, shot_id: int) -> str:
        """Why this shot cannot animate into the next one ("" when it can)."""
        cards = self.cards
        ids = [c.shot_id for c in cards]
        if shot_id not in ids or ids.index(shot_id) + 1 >= len(ids):
            return "This is the last shot: there is no next shot to animate to"
        following = cards[ids.index(shot_id) + 1]
        if following.image_id is None:
            return f"The next shot ({following.code}) has no final image yet"
        return ""

    def order(self, shot_id: int) -> int:
        ids = self.shot_ids
        return ids.index(shot_id) if shot_id in ids else len(ids)

    # -- selection -----------------------------------------------------------------------------

    def click(self, shot_id: int, *, toggle: bool = False, extend: bool = False) -> None:
        """A click on a card (Ctrl: toggle it; Shift: the range from the last click)."""
        if toggle:
            self.selected ^= {shot_id}
        elif extend and self.anchor is not None:
            lo, hi = sorted((self.order(self.anchor), self.order(shot_id)))
            pickable = set(self.pickable_ids)
            self.selected = {s for s in self.shot_ids[lo : hi + 1] if s in pickable}
        else:
            self.selected = {shot_id}
        self.anchor = shot_id

    def select(self, shot_ids: list[int]) -> None:
        pickable = set(self.pickable_ids)
        self.selected = {s for s in shot_ids if s in pickable}

    def step(self, shot_id: int, step: int) -> int | None:
        """The shot `step` cards away along the timeline (clamped); None when unknown."""
        ids = self.shot_ids
        if shot_id not in ids:
            return None
        return ids[max(0, min(len(ids) - 1, ids.index(shot_id) + step))]

    def moved_to(self, shot_id: int, *, extend: bool) -> None:
        """The arrow keys moved the focus to this (picked) shot."""
        if extend:
            self.selected.add(shot_id)
        else:
            self.selected = {shot_id}
        self.anchor = shot_id

    def selected_in_order(self) -> list[int]:
        return sorted(self.selected, key=self.order)

    # -- animation -----------------------------------------------------------------------------

    def to_animate_all(self) -> list[int]:
        """Every picked shot without a current clip (failed and stale ones too)."""
        return [
            c.shot_id
            for c in self.cards
            if c.image_id is not None
            and c.state not in ACTIVE_STATES
            and not (c.state == CardState.COMPLETE and c.clip_path is not None)
        ]

    def needs_build_first(self, shot_ids: list[int]) -> list[int] | None:
        """The picked shots among these when some has no current selection (build first)."""
        picked = [c for c in (self.card(s) for s in shot_ids) if c and c.image_id is not None]
        if any(c.selection is None or c.selection.selected_image_id != c.image_id for c in picked):
            return [c.shot_id for c in picked]
        return None

    def animatable(self, shot_ids: list[int]) -> list[CardData]:
        """The cards among these that can be animated now (picked, built, not running)."""
        cards = [self.card(s) for s in shot_ids]
        return [
            c
            for c in cards
            if c is not None
            and c.image_id is not None
            and c.selection is not None
            and c.state not in ACTIVE_STATES
        ]

    def active_shots(self, jobs: InFlightJobs) -> list[int]:
        """Shots whose animation runs (a job of this window, or a row left running)."""
        return [
            c.shot_id
            for c in self.cards
            if c.state in ACTIVE_STATES or c.selection_id in jobs.selection_ids
        ]

    def to_cancel(self, shot_ids: list[int], jobs: InFlightJobs) -> list[int]:
        """The selections of these shots whose animation runs (a job, or a row left running)."""
        wanted = []
        for shot_id in dict.fromkeys(shot_ids):
            card = self.card(shot_id)
            selection_id = card.selection_id if card is not None else None
            if selection_id is None or card is None:
                continue
            if selection_id in jobs.selection_ids or card.state in ACTIVE_STATES:
                wanted.append(selection_id)
        return wanted

    # -- words ---------------------------------------------------------------------------------

    def summary(self, jobs: InFlightJobs) -> str:
        """The line beside the buttons: picks, gaps, clips, stale, running, waiting, length."""
        board = self.board
        if board is None:
            return ""
        cards = board.cards
        picked = [c for c in cards if c.image_id is not None]
        gaps = len(cards) - len(picked)
        clips = sum(1 for c in picked if c.state == CardState.COMPLETE and c.clip_path)
        stale = sum(1 for c in picked if c.state == CardState.STALE)
        running = self.running_count
        parts = [f"{len(picked)} of {len(cards)} shots picked"]
        if gaps:
            parts.append(f"{gaps} gap{'s' if gaps != 1 else ''}")
        parts.append(f"{clips} clip{'s' if clips != 1 else ''}")
        if stale:
            parts.append(f"{stale} stale")
        if running:
            parts.append(f"{running} animating")
        if jobs.waiting:
            parts.append(f"{jobs.waiting} waiting for a free slot")
        parts.append(f"{board.total_seconds:.1f} s")
        return " · ".join(parts)

    @property
    def running_count(self) -> int:
        return sum(1 for c in self.cards if c.image_id is not None and c.state in ACTIVE_STATES)

    @property
    def has_picks(self) -> bool:
        return bool(self.pickable_ids)

    @property
    def needs_build(self) -> bool:
        """Some final pick is not on the storyboard (or changed): say "Build storyboard"."""
        return self.board is not None and self.board.needs_build and self.has_picks
