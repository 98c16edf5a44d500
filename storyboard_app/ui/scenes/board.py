"""The scenes board: each scene a row of shot cards with their pictures, reorderable by drag
within and across scenes.

Every strip of cards is a view of the page's one `SceneTreeModel` rooted at its scene, so a
drop anywhere goes through the model's own drop rules and the page's undoable move, exactly
as in the outline. The board follows the model (rebuilt once per reset or structural change)
and reports what the user picks; the page keeps the one current item.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.ui.scenes.shot_card import ShotCardDelegate
from storyboard_app.ui.scenes.tree_model import ITEM_ROLE, SceneTreeModel
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache

SPACING = 6
EMPTY_SCENE_HEIGHT = 56


class ShotStrip(QListView):
    """One scene's shots as wrapping cards; as tall as its rows (the board scrolls, not it)."""

    def __init__(
        self, model: SceneTreeModel, scene_row: int, delegate: ShotCardDelegate, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shotStrip")
        self.setModel(model)
        self.setRootIndex(model.index(scene_row, 0))
        self.setItemDelegate(delegate)
        self._card = delegate.card_size()
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(SPACING // 2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.height_for(800))

    def shot_count(self) -> int:
        return self.model().rowCount(self.rootIndex())

    def height_for(self, width: int) -> int:
        count = self.shot_count()
        if count == 0:
            return EMPTY_SCENE_HEIGHT
        step = self._card.width() + SPACING
        per_row = max(1, (max(width, step) - SPACING) // step)
        rows = math.ceil(count / per_row)
        return rows * (self._card.height() + SPACING) + SPACING

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self.height_for(event.size().width())
        if height != self.height():
            self.setFixedHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.shot_count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect(),
                Qt.AlignmentFlag.AlignCenter,
                "No shots yet — add one (Ctrl+Shift+T) or drop a shot here",
            )


class SceneHeader(QLabel):
    """A scene's title row; a click picks the scene for editing."""

    clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sceneHeader")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_current(False)

    def set_current(self, current: bool) -> None:
        weight = "700"
        background = "palette(highlight)" if current else "transparent"
        color = "palette(highlighted-text)" if current else "palette(text)"
        self.setStyleSheet(
            f"QLabel#sceneHeader {{ font-size: 14px; font-weight: {weight}; padding: 4px 6px;"
            f" border-radius: 4px; background: {background}; color: {color}; }}"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class SceneBoard(QScrollArea):
    """Every scene with its shot cards (GUI thread).

    picked(str, int): the user chose a scene or shot ("scene"/"shot", id).
    open_requested(int): the user wants to iterate on this shot (double-click or Enter).
    """

    picked = Signal(str, int)
    open_requested = Signal(int)

    def __init__(self, model: SceneTreeModel, thumbnails: ThumbnailCache, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sceneBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.model = model
        self.thumbnails = thumbnails
        self.delegate = ShotCardDelegate(thumbnails, self)
        self.strips: list[ShotStrip] = []
        self.headers: list[SceneHeader] = []
        self._current: tuple[str, int] | None = None
        self._syncing = False
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.layoutChanged,
        ):
            signal.connect(self._rebuild_timer.start)
        model.dataChanged.connect(self._repaint)
        thumbnails.images_ready.connect(self._repaint)
        thumbnails.image_missing.connect(self._repaint)
        self._read_only = False
        self.rebuild()

    # -- building --------------------------------------------------------------------------

    def set_aspect_ratio(self, aspect_ratio: str) -> None:
        if aspect_ratio != self.delegate.aspect_ratio:
            self.delegate.aspect_ratio = aspect_ratio
            self.rebuild()  # the cards' height follows the pictures' ratio

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for strip in self.strips:
            strip.setDragEnabled(not read_only)
            strip.setAcceptDrops(not read_only)

    def rebuild(self) -> None:
        """One section per scene, from the model as it is now; keeps the scroll position."""
        self._rebuild_timer.stop()
        scroll = self.verticalScrollBar().value()
        container = QWidget(self)
        container.setObjectName("sceneBoardContent")
        layout = QVBoxLayout(container)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.strips, self.headers = [], []
        for row, scene in enumerate(self.model.scenes()):
            header = SceneHeader(container)
            count = len(scene.shots)
            header.setText(
                f"Scene {scene.scene_number} — {scene.title}   ·   "
                f"{count} shot{'s' if count != 1 else ''}"
            )
            header.setToolTip(scene.description or scene.title)
            header.clicked.connect(lambda scene_id=scene.id: self._pick("scene", scene_id))
            strip = ShotStrip(self.model, row, self._delegate_for(scene), container)
            strip.setDragEnabled(not self._read_only)
            strip.setAcceptDrops(not self._read_only)
            strip.clicked.connect(self._on_strip_clicked)
            strip.activated.connect(self._on_strip_activated)
            strip.selectionModel().currentChanged.connect(self._on_strip_current_changed)
            layout.addWidget(header)
            layout.addWidget(strip)
            self.headers.append(header)
            self.strips.append(strip)
        layout.addStretch(1)
        self.setWidget(container)  # the old content is deleted with its strips
        if self._current is not None:
            self.show_current(*self._current, scroll=False)
        self.verticalScrollBar().setValue(scroll)

    def _delegate_for(self, scene: SceneInfo) -> ShotCardDelegate:
        # One delegate per strip: the card prints "scene.shot" numbers.
        delegate = ShotCardDelegate(self.thumbnails, self)
        delegate.aspect_ratio = self.delegate.aspect_ratio
        delegate.scene_number = scene.scene_number
        return delegate

    def _repaint(self, *_args: object) -> None:
        for strip in self.strips:
            delegate = strip.itemDelegate()
            if isinstance(delegate, ShotCardDelegate):
                delegate.aspect_ratio = self.delegate.aspect_ratio
            strip.viewport().update()

    # -- the current item ------------------------------------------------------------------

    def show_current(self, kind: str, item_id: int, *, scroll: bool = True) -> None:
        """Mark the page's current item on the board (no `picked` signal)."""
        self._current = (kind, item_id)
        index = self.model.index_of(kind, item_id)
        scene_row = -1
        if index.isValid():
            scene_row = index.row() if kind == "scene" else index.parent().row()
        self._syncing = True
        try:
            for row, (header, strip) in enumerate(zip(self.headers, self.strips, strict=True)):
                header.set_current(kind == "scene" and row == scene_row)
                selection = strip.selectionModel()
                if kind == "shot" and row == scene_row:
                    selection.setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    )
                    if scroll:
                        rect = strip.visualRect(index)
                        self.ensureVisible(
                            strip.x() + rect.center().x(),
                            strip.y() + rect.center().y(),
                            rect.width() // 2 + SPACING,
                            rect.height() // 2 + SPACING,
                        )
                elif selection.hasSelection() or selection.currentIndex().isValid():
                    selection.clear()
            if kind == "scene" and 0 <= scene_row < len(self.headers) and scroll:
                self.ensureWidgetVisible(self.headers[scene_row])
        finally:
            self._syncing = False

    def current_strip(self) -> ShotStrip | None:
        if self._current is None or self._current[0] != "shot":
            return None
        index = self.model.index_of("shot", self._current[1])
        row = index.parent().row() if index.isValid() else -1
        return self.strips[row] if 0 <= row < len(self.strips) else None

    def focus_current(self) -> None:
        strip = self.current_strip() or (self.strips[0] if self.strips else None)
        if strip is not None:
            strip.setFocus()
        else:
            self.setFocus()

    def _pick(self, kind: str, item_id: int) -> None:
        if not self._syncing:
            self.picked.emit(kind, item_id)

    def _on_strip_clicked(self, index: QModelIndex) -> None:
        shot = index.data(ITEM_ROLE)
        if isinstance(shot, ShotInfo):
            self._pick("shot", shot.id)

    def _on_strip_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        shot = current.data(ITEM_ROLE)
        if isinstance(shot, ShotInfo) and self._current != ("shot", shot.id):
            self._pick("shot", shot.id)

    def _on_strip_activated(self, index: QModelIndex) -> None:
        shot = index.data(ITEM_ROLE)
        if isinstance(shot, ShotInfo):
            self.open_requested.emit(shot.id)

    def sizeHint(self) -> QSize:
        return QSize(640, 480)
