"""The strip of all rounds of a shot, each headed by its parent's thumbnail and what changed in
the prompt (a short word diff); click to jump back."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from storyboard_app.store.dto import RoundSummary
from storyboard_app.ui.iterator.data import prompt_change

ICON = QSize(72, 42)
ROUND_ROLE = Qt.ItemDataRole.UserRole
JUMP_ROLE = Qt.ItemDataRole.UserRole + 1


def round_caption(summary: RoundSummary, change: str = "") -> str:
    """ "Round 2 ← round 1 · variant 4" over the prompt change ("+ at dusk") over "5/6 done ·
    1 failed": its parent, what the creator changed and how its variants are doing."""
    head = f"Round {summary.iteration_number}"
    if summary.parent_iteration is not None and summary.parent_variant is not None:
        head += f" ← round {summary.parent_iteration} · variant {summary.parent_variant + 1}"
    else:
        head += " · from prompt"
    if change:
        head += f"\n{change}"
    counts = f"{summary.complete}/{summary.variant_count} done"
    if summary.active:
        counts += f" · {summary.active} running"
    if summary.failed:
        counts += f" · {summary.failed} failed"
    if summary.favourites:
        counts += f" · {summary.favourites} ★"
    return f"{head}\n{counts}"


def _placeholder(text: str) -> QPixmap:
    pixmap = QPixmap(ICON)
    pixmap.fill(QColor("#3a3f47"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#d0d0d0"))
    painter.drawText(pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), text)
    painter.end()
    return pixmap


class RoundStrip(QListWidget):
    """One item per round, oldest first (GUI thread).

    round_chosen(int): the user picked this iteration number.
    """

    round_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundStrip")
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setIconSize(ICON)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(2)
        self.setFixedHeight(ICON.height() + 36)
        self.setUniformItemSizes(True)
        self.summaries: list[RoundSummary] = []
        self._by_parent: dict[str, list[QListWidgetItem]] = {}  # parent picture → its rounds
        self._prompt_icon = QIcon(_placeholder("prompt"))
        self._loading_icon = QIcon(_placeholder("…"))
        self._updating = False
        # Rounds whose prompt change is not written yet (they have not been in view).
        self._unwritten: dict[int, tuple[QListWidgetItem, RoundSummary, str]] = {}
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.horizontalScrollBar().valueChanged.connect(self._write_visible_changes)

    def set_rounds(
        self, summaries: list[RoundSummary], current: int | None, latest: int | None = None
    ) -> None:
        """Show `summaries` (a window of the shot's rounds); arrows lead to the rest."""
        self._updating = True
        try:
            self.clear()
            self._by_parent = {}
            self.summaries = list(summaries)
            if summaries and summaries[0].iteration_number > 0:
                self._add_jump(
                    f"◀ {summaries[0].iteration_number} earlier\nrounds",
                    summaries[0].iteration_number - 1,
                )
            prompts = {s.iteration_number: s.prompt for s in summaries}
            self._unwritten = {}
            for summary in summaries:
                item = QListWidgetItem(round_caption(summary))
                item.setData(ROUND_ROLE, summary.iteration_number)
                item.setToolTip(f"{round_caption(summary)}\n\nPrompt: {summary.prompt[:400]}")
                parent = summary.parent_iteration
                before = prompts.get(parent) if parent is not None else None
                if before is not None:  # its prompt change is written when it scrolls in
                    self._unwritten[id(item)] = (item, summary, before)
                item.setIcon(self._loading_icon if summary.parent_storage_id else self._prompt_icon)
                if summary.parent_storage_id:
                    self._by_parent.setdefault(summary.parent_storage_id, []).append(item)
                item.setSizeHint(QSize(230, ICON.height() + 14))
                self.addItem(item)
            if summaries and latest is not None and summaries[-1].iteration_number < latest:
                later = latest - summaries[-1].iteration_number
                self._add_jump(f"{later} later\nrounds ▶", summaries[-1].iteration_number + 1)
            self.select_round(current)
        finally:
            self._updating = False
        self._write_visible_changes()

    def _write_visible_changes(self, _value: int = 0) -> None:
        """Write the prompt change of the rounds in view (a word diff each: the strip holds
        up to a hundred rounds, of which a few show)."""
        if not self._unwritten:
            return
        view = self.viewport().rect()
        for key, (item, summary, before) in list(self._unwritten.items()):
            if not self.visualItemRect(item).intersects(view):
                continue
            change = prompt_change(before, summary.prompt)
            item.setText(round_caption(summary, change))
            item.setToolTip(f"{round_caption(summary, change)}\n\nPrompt: {summary.prompt[:400]}")
            del self._unwritten[key]

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._write_visible_changes()

    def _add_jump(self, text: str, iteration: int) -> None:
        item = QListWidgetItem(text)
        item.setData(ROUND_ROLE, iteration)
        item.setData(JUMP_ROLE, True)
        item.setToolTip(f"Go to round {iteration}")
        item.setSizeHint(QSize(110, ICON.height() + 14))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addItem(item)

    def round_numbers(self) -> list[int]:
        return [summary.iteration_number for summary in self.summaries]

    def select_round(self, iteration: int | None) -> None:
        self._updating = True
        try:
            for row in range(self.count()):
                item = self.item(row)
                if item.data(ROUND_ROLE) == iteration and not item.data(JUMP_ROLE):
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
                    return
            self.setCurrentRow(-1)
        finally:
            self._updating = False

    def set_parent_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        items = self._by_parent.get(storage_id)
        if items:
            icon = QIcon(pixmap)
            for item in items:
                item.setIcon(icon)

    def current_round(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(ROUND_ROLE))

    def _on_current_item_changed(self, current: QListWidgetItem | None, _old: object) -> None:
        if not self._updating and current is not None:
            self.round_chosen.emit(int(current.data(ROUND_ROLE)))
