"""The shot navigator: every shot of the project grouped by scene, with its cover and state."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.ui.iterator.data import shot_state

SHOT_ROLE = Qt.ItemDataRole.UserRole
ICON = QSize(64, 36)
STATE_COLORS = {"final chosen": "#3fa34d", "iterating": "#d9a400", "no images": "#8a8f98"}


def shot_title(scene: SceneInfo, shot: ShotInfo) -> str:
    text = shot.description.strip() or shot.initial_prompt.strip() or "(no description)"
    first = text.splitlines()[0]
    if len(first) > 40:
        first = first[:39] + "…"
    return f"{scene.scene_number}.{shot.shot_number}  {first}"


class ShotNavigator(QTreeWidget):
    """Scenes with their shots (GUI thread); the cover icons come from the thumbnail cache.

    shot_chosen(int): the user selected this shot id.
    """

    shot_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shotNavigator")
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setIconSize(ICON)
        self.setIndentation(12)
        # Scene rows are one text line, shot rows as tall as their cover: rows differ in
        # height (uniform rows took the scene row's and squashed the covers into strips).
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._covers: dict[int, str | None] = {}
        self._updating = False
        self.currentItemChanged.connect(self._on_current_item_changed)

    def set_scenes(self, scenes: list[SceneInfo], current_shot: int | None) -> None:
        """Rebuild the tree (keeps the current shot selected without re-emitting)."""
        self._updating = True
        try:
            self.clear()
            self._items.clear()
            self._covers.clear()
            for scene in scenes:
                scene_item = QTreeWidgetItem([f"Scene {scene.scene_number} — {scene.title}"])
                scene_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = scene_item.font(0)
                font.setBold(True)
                scene_item.setFont(0, font)
                self.addTopLevelItem(scene_item)
                scene_item.setFirstColumnSpanned(True)
                for shot in scene.shots:
                    state = shot_state(shot)
                    rounds = f"{shot.round_count} round{'s' if shot.round_count != 1 else ''}"
                    short = {"final chosen": "final ✓", "iterating": rounds}
                    # The state under the title (a narrow navigator keeps the title's words)
                    # and a dot in its colour.
                    title = f"{shot_title(scene, shot)}\n{short.get(state, 'new')}"
                    item = QTreeWidgetItem([title, "●"])
                    item.setData(0, SHOT_ROLE, shot.id)
                    item.setToolTip(0, f"{shot.initial_prompt}\n\n{state.capitalize()} · {rounds}")
                    item.setForeground(1, QBrush(QColor(STATE_COLORS[state])))
                    item.setToolTip(1, f"{state.capitalize()} · {rounds}")
                    item.setSizeHint(0, QSize(200, ICON.height() + 6))
                    scene_item.addChild(item)
                    self._items[shot.id] = item
                    self._covers[shot.id] = shot.cover_storage_id
                scene_item.setExpanded(True)
            self.select_shot(current_shot)
        finally:
            self._updating = False

    def covers(self) -> dict[int, str | None]:
        return dict(self._covers)

    def set_cover(self, storage_id: str, pixmap: QPixmap) -> None:
        icon = QIcon(pixmap)
        for shot_id, cover in self._covers.items():
            if cover == storage_id:
                self._items[shot_id].setIcon(0, icon)

    def item_text(self, shot_id: int) -> str:
        item = self._items.get(shot_id)
        return f"{item.text(0)}  {item.text(1)}" if item else ""

    def select_shot(self, shot_id: int | None) -> None:
        was = self._updating
        self._updating = True
        try:
            item = self._items.get(shot_id) if shot_id is not None else None
            if item is not None:
                self.setCurrentItem(item)
                self.scrollToItem(item)
        finally:
            self._updating = was

    def _on_current_item_changed(self, current: QTreeWidgetItem | None, _old: object) -> None:
        if self._updating or current is None:
            return
        shot_id = current.data(0, SHOT_ROLE)
        if isinstance(shot_id, int):
            self.shot_chosen.emit(shot_id)
