"""The scenes editor's item model: scenes with their shots, over SceneInfo DTOs.

It never queries the database; the editor hands it a fresh list after each change. Drops
do not move rows themselves: they emit `move_requested`, the editor applies the move
through the services (undoably) and reloads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from storyboard_app.store.dto import SceneInfo, ShotInfo

MIME_TYPE = "application/x-storyboard-scene-item"
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the SceneInfo or ShotInfo
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "scene" or "shot"

Index = QModelIndex | QPersistentModelIndex

HEADERS = ("Scene / shot", "Initial prompt", "Images")


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SceneTreeModel(QAbstractItemModel):
    """Two levels: scenes (top) and their shots; internal id 0 = scene, n = shot of scene n-1.

    move_requested(str, int, int, int): kind, item id, 1-based target position, target
        scene id (the shot's scene; 0 for scenes). Emitted after the drop returns.
    """

    move_requested = Signal(str, int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self._scenes: list[SceneInfo] = []

    # -- data in ---------------------------------------------------------------------------

    def set_scenes(self, scenes: list[SceneInfo]) -> None:
        self.beginResetModel()
        self._scenes = list(scenes)
        self.endResetModel()

    def scenes(self) -> list[SceneInfo]:
        return list(self._scenes)

    def index_of(self, kind: str, item_id: int) -> QModelIndex:
        for row, scene in enumerate(self._scenes):
            if kind == "scene" and scene.id == item_id:
                return self.index(row, 0)
            if kind == "shot":
                for shot_row, shot in enumerate(scene.shots):
                    if shot.id == item_id:
                        return self.index(shot_row, 0, self.index(row, 0))
        return QModelIndex()

    # -- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._scenes):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0:
            return QModelIndex()  # shots have no children
        scene_row = parent.row()
        if scene_row >= len(self._scenes) or row >= len(self._scenes[scene_row].shots):
            return QModelIndex()
        return self.createIndex(row, column, scene_row + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._scenes)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._scenes[parent.row()].shots)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def item(self, index: Index) -> SceneInfo | ShotInfo | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._scenes[index.row()]
        scene = self._scenes[int(index.internalId()) - 1]
        return scene.shots[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role == ITEM_ROLE:
            return item
        if role == KIND_ROLE:
            return "scene" if isinstance(item, SceneInfo) else "shot"
        if isinstance(item, SceneInfo):
            if role == Qt.ItemDataRole.DisplayRole:
                if column == 0:
                    return f"{item.scene_number}. {item.title}"
                if column == 1:
                    return _short(item.description) if item.description else ""
                if column == 2:
                    return f"{len(item.shots)} shot{'s' if len(item.shots) != 1 else ''}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Scene {item.scene_number}: {item.title}\n{_short(item.description, 500)}"
            if role == Qt.ItemDataRole.FontRole and column == 0:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                text = item.description or "(no description)"
                return f"{item.shot_number}. {_short(text, 80)}"
            if column == 1:
                return _short(item.initial_prompt) if item.initial_prompt else "(no prompt yet)"
            if column == 2:
                if item.selected_image_id is not None:
                    return f"{item.image_count} · final picked"
                return str(item.image_count) if item.image_count else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Shot {item.shot_number}\n{_short(item.initial_prompt, 500)}"
        return None

    # -- drag and drop ---------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        for index in indexes:
            item = self.item(index)
            if item is not None:
                kind = "scene" if isinstance(item, SceneInfo) else "shot"
                mime.setData(MIME_TYPE, QByteArray(f"{kind}:{item.id}".encode()))
                break
        return mime

    def _decode(self, data: QMimeData) -> tuple[str, int] | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            kind, raw_id = bytes(data.data(MIME_TYPE).data()).decode().split(":")
            return kind, int(raw_id)
        except ValueError:
            return None

    def drop_target(
        self, data: QMimeData, row: int, parent: Index
    ) -> tuple[str, int, int, int] | None:
        """Where a drop lands: (kind, id, 1-based position, target scene id), or None."""
        decoded = self._decode(data)
        if decoded is None:
            return None
        kind, item_id = decoded
        source = self.index_of(kind, item_id)
        if not source.isValid():
            return None
        if kind == "scene":
            if parent.isValid():
                if parent.internalId() != 0:
                    return None  # a scene cannot go inside a shot
                row, parent = parent.row(), QModelIndex()  # dropped on a scene: take its place
            count = len(self._scenes)
            insert_at = count if row < 0 else row
            source_row = source.row()
            position = insert_at if source_row < insert_at else insert_at + 1
            position = max(1, min(position, count))
            if position == source_row + 1:
                return None
            return kind, item_id, position, 0
        # a shot: into a scene (dropped on or between its shots), or onto another shot
        if not parent.isValid():
            return None
        if parent.internalId() != 0:  # dropped on a shot: take that shot's place
            row = parent.row()
            parent = self.parent(parent)
        scene = self._scenes[parent.row()]
        count = len(scene.shots)
        insert_at = count if row < 0 else row
        same_scene = source.parent().row() == parent.row()
        if same_scene:
            position = insert_at if source.row() < insert_at else insert_at + 1
            position = max(1, min(position, count))
            if position == source.row() + 1:
                return None
        else:
            position = max(1, min(insert_at + 1, count + 1))
        return kind, item_id, position, scene.id

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.drop_target(data, row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        target = self.drop_target(data, row, parent)
        if target is None:
            return False
        # Applied after the drop returns: the view must not see its rows reset mid-drop, and
        # returning False keeps it from removing the "moved" source rows itself.
        QTimer.singleShot(0, self, lambda: self.move_requested.emit(*target))
        return False
