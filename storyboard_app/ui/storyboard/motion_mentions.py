"""@-completion and chips in the cards' motion prompts: the project's elements are read in a
worker after every board load and handed to each card (GUI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from storyboard_app.store.dto import ElementInfo
from storyboard_app.ui.shared.mentions import load_elements
from storyboard_app.ui.storyboard.timeline_data import BoardData

if TYPE_CHECKING:
    from storyboard_app.ui.storyboard.page import StoryboardPage


class MotionMentions(QObject):
    """Feeds the cards' motion-prompt completers and chips with the project's elements.

    elements_loaded(list): the open project's `ElementInfo` list, as given to the cards.
    """

    elements_loaded = Signal(list)

    def __init__(self, page: StoryboardPage) -> None:
        super().__init__(page)
        self.page = page
        self.elements: list[ElementInfo] = []
        page.board_loaded.connect(self._on_page_board_loaded)

    def _on_page_board_loaded(self, board: BoardData) -> None:
        load_elements(self.page.context, board.project_id, self, self._on_elements_read)

    def _on_elements_read(self, elements: list[ElementInfo]) -> None:
        project = self.page.project
        if project is None or any(e.project_id != project.id for e in elements):
            return  # another project opened meanwhile
        self.elements = elements
        for widget in self.page.cards.values():
            widget.chips.set_elements(elements)
        self.elements_loaded.emit(elements)
