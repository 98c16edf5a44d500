"""The timeline track: a time ruler, every shot as wide as its duration, the playhead
(custom painted, GUI thread).

Drag a shot to reorder, drag its right edge to trim (snaps to half seconds; with Shift to
frames at the project's frame rate), click or drag on the ruler to scrub, Ctrl+wheel to
zoom. The view only reports what the user did; the controller writes and reloads.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from storyboard_app.domain.shot_language import ratio_value
from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.timeline_data import BoardData, CardData, CardState

RULER = 24
PICTURE_HEIGHT = 72
LABEL = 20
TRACK_TOP = RULER + 6
EDGE = 6  # pixels either side of a right edge that grab a trim


class TimelineView(QWidget):
    """The ruler and the track of one board (GUI thread).

    clicked(int, object): a shot was clicked (shot id, keyboard modifiers).
    move_requested(int, int): a shot was dropped at this index of the order without it.
    trimmed(int, float): a shot's right edge was dragged to this many seconds.
    scrubbed(float): the user put the playhead here (seconds).
    zoom_changed(float): pixels per second, after Ctrl+wheel.
    open_requested(int): a double-click: play from this shot, or pick a gap's final.
    transport_requested(str): "toggle", "home", "end" (Space, Home, End on the track),
        "previous shot" / "next shot" (←/→) or "previous frame" / "next frame" (Shift+←/→).
    """

    clicked = Signal(int, object)
    move_requested = Signal(int, int)
    trimmed = Signal(int, float)
    scrubbed = Signal(float)
    zoom_changed = Signal(float)
    open_requested = Signal(int)
    transport_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "Shots as wide as their duration. Space plays, Home and End jump, the arrows "
            "step by shot (with Shift by frame), Ctrl+wheel zooms; drag to reorder, drag a "
            "right edge to trim."
        )
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.board: BoardData | None = None
        self.zoom = geo.DEFAULT_ZOOM
        self.blocks: list[geo.Block] = []
        self.playhead = 0.0
        self.current: int | None = None  # the shot under the playhead
        self.selected: set[int] = set()
        self.pictures: dict[int, QPixmap] = {}
        self._tiles: dict[int, QPixmap] = {}
        self._cards: dict[int, CardData] = {}
        self._trim: tuple[int, float] | None = None  # shot id, previewed seconds
        self._press: tuple[int, QPoint] | None = None  # shot id, where the press started
        self._drop: int | None = None  # while dragging: the index it would land at
        self._scrubbing = False

    # -- what the controller sets --------------------------------------------------------------

    @property
    def cards(self) -> list[CardData]:
        return self.board.cards if self.board is not None else []

    def set_board(self, board: BoardData | None) -> None:
        self.board = board
        self._cards = {c.shot_id: c for c in board.cards} if board is not None else {}
        if board is not None and self._tiles:  # another ratio: tiles of another width
            self._tiles.clear()
        self._trim = None
        self._relayout()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = geo.clamp_zoom(zoom)
        self._relayout()

    def set_playhead(self, seconds: float, current: int | None) -> None:
        self.playhead, self.current = seconds, current
        self.update()

    def set_selected(self, shot_ids: set[int]) -> None:
        self.selected = set(shot_ids)
        self.update()

    def set_picture(self, shot_id: int, pixmap: QPixmap | None) -> None:
        if pixmap is None:
            self.pictures.pop(shot_id, None)
        elif self.pictures.get(shot_id) is not pixmap:
            self.pictures[shot_id] = pixmap
            self._tiles.pop(shot_id, None)
        self.update()

    def _tile(self, shot_id: int, width: int) -> QPixmap | None:
        """The shot's picture scaled once to a tile of the track (not on every paint)."""
        pixmap = self.pictures.get(shot_id)
        if pixmap is None or pixmap.isNull():
            return None
        cached = self._tiles.get(shot_id)
        if cached is None or cached.width() < width:
            cached = pixmap.scaled(
                width,
                PICTURE_HEIGHT,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._tiles[shot_id] = cached
        return cached

    def block(self, shot_id: int) -> geo.Block | None:
        return next((b for b in self.blocks if b.shot_id == shot_id), None)

    def _relayout(self) -> None:
        cards = self.cards
        if self._trim is not None:
            shot_id, seconds = self._trim
            cards = [c if c.shot_id != shot_id else _with_duration(c, seconds) for c in self.cards]
        self.blocks = geo.layout_blocks(cards, self.zoom)
        self.setMinimumWidth(int(geo.track_width(self.blocks)) + 1)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(int(geo.track_width(self.blocks)) + 1, TRACK_TOP + PICTURE_HEIGHT + LABEL + 8)

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(200, TRACK_TOP + PICTURE_HEIGHT + LABEL + 8)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#2a2e35"))
        exposed = event.rect()  # in a scroll area: only what is in sight is drawn
        self._paint_ruler(painter, exposed.left() - 80, exposed.right() + 10)
        cards = self._cards
        previous_scene: int | None = None
        for block in self.blocks:
            card = cards.get(block.shot_id)
            scene, previous_scene = previous_scene, block.scene_id
            if card is None or block.right < exposed.left() or block.x > exposed.right() + 4:
                continue
            if scene is not None and block.scene_id != scene:
                painter.fillRect(QRectF(block.x - 2, TRACK_TOP - 4, 2, 110), QColor("#e0e4ea"))
            if block.is_gap:
                self._paint_gap(painter, block, card)
            else:
                self._paint_shot(painter, block, card)
        if self._drop is not None:
            self._paint_drop(painter)
        self._paint_playhead(painter)
        painter.end()

    def _paint_ruler(self, painter: QPainter, left: float, right: float) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), RULER), QColor("#1c1f24"))
        if not self.blocks:
            return
        step, minor = geo.ruler_step(self.zoom)
        total = geo.total_seconds(self.blocks)
        painter.setPen(QColor("#9aa3ad"))
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        tick = step / minor
        first = max(0, int(geo.time_at_x(self.blocks, left) / tick))
        last = min(int(total / tick) + 1, int(geo.time_at_x(self.blocks, right) / tick) + 1)
        for i in range(first, last + 1):
            seconds = min(total, i * tick)
            x = geo.x_for_time(self.blocks, seconds)
            major = i % minor == 0
            painter.drawLine(QPointF(x, RULER - (10 if major else 5)), QPointF(x, RULER))
            if major:
                painter.drawText(QPointF(x + 3, 11), geo.ruler_label(seconds))

    def _picture_rect(self, block: geo.Block) -> QRectF:
        return QRectF(block.x, TRACK_TOP, block.width, PICTURE_HEIGHT)

    def _paint_shot(self, painter: QPainter, block: geo.Block, card: CardData) -> None:
        rect = self._picture_rect(block)
        painter.fillRect(rect, QColor("#14171b"))
        ratio = ratio_value(self.board.aspect_ratio if self.board is not None else "16:9")
        tile_w = PICTURE_HEIGHT * ratio
        tile = self._tile(block.shot_id, int(tile_w))
        if tile is not None:
            painter.save()
            painter.setClipRect(rect)
            x = rect.x() if rect.width() >= tile_w else rect.center().x() - tile_w / 2
            while x < rect.right():
                painter.drawPixmap(QPointF(x, rect.y()), tile, QRectF(0, 0, tile_w, PICTURE_HEIGHT))
                x += tile_w
            painter.restore()
        label = QRectF(block.x, TRACK_TOP + PICTURE_HEIGHT, block.width, LABEL)
        color = "#35506e" if card.plays_clip else "#4a4f57"
        painter.fillRect(label, QColor(color))
        painter.setPen(QColor("#f1f3f5"))
        text = f"{card.code} · {card.duration:g} s" + (" · clip" if card.plays_clip else "")
        elided = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, int(block.width) - 8
        )
        painter.drawText(label.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, elided)
        self._paint_badges(painter, block, card)
        whole = QRectF(block.x, TRACK_TOP, block.width, PICTURE_HEIGHT + LABEL)
        if block.shot_id == self.current:
            painter.setPen(QPen(QColor("#ffd24a"), 3))
            painter.drawRect(whole.adjusted(1.5, 1.5, -1.5, -1.5))
        elif block.shot_id in self.selected:
            painter.setPen(QPen(QColor("#5c9dff"), 2))
            painter.drawRect(whole.adjusted(1, 1, -1, -1))
        painter.fillRect(QRectF(block.right - 3, TRACK_TOP, 3, PICTURE_HEIGHT), QColor(0, 0, 0, 90))

    def _paint_badges(self, painter: QPainter, block: geo.Block, card: CardData) -> None:
        badges: list[tuple[str, str]] = []
        if card.state == CardState.STALE:
            badges.append(("STALE", "#b35900"))
        if card.reference_changed:
            badges.append(("REF", "#c77d1a"))
        if card.made_at:
            badges.append((card.made_at, "#5a6270"))
        x, y = block.x + 3, TRACK_TOP + 3
        metrics = painter.fontMetrics()
        for text, color in badges:
            w = metrics.horizontalAdvance(text) + 8
            if x + w > block.right - 3:
                break
            painter.fillRect(QRectF(x, y, w, 15), QColor(color))
            painter.setPen(QColor("white"))
            painter.drawText(QRectF(x, y, w, 15), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 3

    def _paint_gap(self, painter: QPainter, block: geo.Block, card: CardData) -> None:
        rect = QRectF(block.x, TRACK_TOP, block.width, PICTURE_HEIGHT + LABEL)
        painter.fillRect(rect, QBrush(QColor("#6b6f75"), Qt.BrushStyle.BDiagPattern))
        pen = QPen(QColor("#c9a227"), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.save()
        painter.translate(rect.center())
        painter.rotate(-90)
        painter.setPen(QColor("#f0d77a"))
        painter.drawText(
            QRectF(-rect.height() / 2, -rect.width() / 2, rect.height(), rect.width()),
            Qt.AlignmentFlag.AlignCenter,
            "no final",
        )
        painter.restore()

    def _paint_drop(self, painter: QPainter) -> None:
        rest = [b for b in self.blocks if self._press is None or b.shot_id != self._press[0]]
        assert self._drop is not None
        if self._drop < len(rest):
            x = rest[self._drop].x - geo.SPACING / 2
        else:
            x = rest[-1].right + geo.SPACING / 2 if rest else geo.MARGIN
        height = PICTURE_HEIGHT + LABEL + 8
        painter.fillRect(QRectF(x - 2, TRACK_TOP - 4, 4, height), QColor("#5c9dff"))

    def _paint_playhead(self, painter: QPainter) -> None:
        if not any(not b.is_gap for b in self.blocks):
            return
        x = geo.x_for_time(self.blocks, self.playhead)
        painter.setPen(QPen(QColor("#ff4d4d"), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setBrush(QColor("#ff4d4d"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF([QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x, 9)]))

    # -- the mouse -----------------------------------------------------------------------------

    def edge_at(self, x: float, y: float) -> geo.Block | None:
        """The shot whose right edge is under the pointer (trim handle)."""
        if y < TRACK_TOP:
            return None
        for block in self.blocks:
            if block.is_gap or abs(x - block.right) > EDGE:
                continue
            card = self._cards.get(block.shot_id)
            if card is not None and card.selection is not None:
                return block
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        if pos.y() < RULER:
            self._scrubbing = True
            self.scrubbed.emit(geo.time_at_x(self.blocks, pos.x()))
            return
        edge = self.edge_at(pos.x(), pos.y())
        if edge is not None:
            self._trim = (edge.shot_id, edge.duration)
            return
        block = geo.block_at_x(self.blocks, pos.x())
        if block is not None:
            self._press = (block.shot_id, event.position().toPoint())
            self.clicked.emit(block.shot_id, event.modifiers())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt override
        pos = event.position()
        if self._scrubbing:
            self.scrubbed.emit(geo.time_at_x(self.blocks, pos.x()))
        elif self._trim is not None:
            block = self.block(self._trim[0])
            if block is not None:
                frames = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                fps = self.board.fps if self.board is not None else 24
                seconds = geo.snap_seconds((pos.x() - block.x) / self.zoom, fps, frames=frames)
                self._trim = (self._trim[0], min(seconds, 600.0))
                self._relayout()
        elif self._press is not None:
            moved = (pos.toPoint() - self._press[1]).manhattanLength()
            if self._drop is not None or moved >= QApplication.startDragDistance():
                self._drop = geo.drop_index(self.blocks, pos.x(), self._press[0])
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
        else:
            near = self.edge_at(pos.x(), pos.y()) is not None
            self.setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self._trim is not None:
            shot_id, seconds = self._trim
            card = self.board.card_for_shot(shot_id) if self.board is not None else None
            self._trim = None
            self._relayout()
            if card is not None and abs(card.duration - seconds) > 1e-6:
                self.trimmed.emit(shot_id, seconds)
        elif self._press is not None and self._drop is not None:
            shot_id, index = self._press[0], self._drop
            self._end_drag()
            self.move_requested.emit(shot_id, index)
        self._scrubbing = False
        self._end_drag()

    def _end_drag(self) -> None:
        self._press, self._drop = None, None
        self.unsetCursor()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape and (self._drop is not None or self._trim):
            self._trim = None
            self._end_drag()
            self._relayout()
            return
        transport = {
            Qt.Key.Key_Space: "toggle",
            Qt.Key.Key_Home: "home",
            Qt.Key.Key_End: "end",
        }.get(Qt.Key(event.key()))
        if transport is not None and not event.modifiers():
            self.transport_requested.emit(transport)  # the page's shortcut did not take it
            return
        step = {Qt.Key.Key_Left: "previous", Qt.Key.Key_Right: "next"}.get(Qt.Key(event.key()))
        if step is not None:
            frames = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.transport_requested.emit(f"{step} frame" if frames else f"{step} shot")
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt override
        block = geo.block_at_x(self.blocks, event.position().x())
        if block is not None and event.position().y() >= RULER:
            self.open_requested.emit(block.shot_id)

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.ignore()  # the scroll area scrolls
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_changed.emit(geo.clamp_zoom(self.zoom * (1.25**steps)))
        event.accept()

    def event(self, event: object) -> bool:  # Qt override
        from PySide6.QtCore import QEvent

        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self.tooltip_at(event.pos()), self)
            return True
        return super().event(event)  # type: ignore[arg-type]

    def tooltip_at(self, pos: QPoint) -> str:
        """What the pointer is over, in words (shot, duration, badges; a gap)."""
        if pos.y() < RULER:
            return "Click or drag to move the playhead"
        block = geo.block_at_x(self.blocks, pos.x())
        card = self.board.card_for_shot(block.shot_id) if block and self.board else None
        if card is None or self.board is None:
            return ""
        if card.image_id is None:
            return (
                f"{card.code} has no final image yet; the animatic and the video skip it. "
                "Double-click to pick one in the iterator."
            )
        lines = [f"{card.code} — {card.description or card.prompt}", f"{card.duration:g} s"]
        if card.state == CardState.STALE:
            lines.append(f"Stale clip: {card.stale_reason or 'made from an earlier pick'}")
        if card.reference_changed:
            lines.append(f"Reference changed: {card.reference_changed}")
        if card.made_at:
            lines.append(f"Made at {card.made_at} (the project is {self.board.aspect_ratio})")
        lines.append("Drag to reorder · drag the right edge to trim (Shift: frames)")
        return "\n".join(lines)


def _with_duration(card: CardData, seconds: float) -> CardData:
    from dataclasses import replace

    return replace(card, duration=seconds)
