"""Two pictures compared: side by side with one zoom and pan, or overlaid with a draggable wipe.

In side-by-side both halves share one `ZoomState`, so zooming or panning either moves both.
In wipe mode the left picture is drawn left of the divider and the right one right of it,
both in the same frame (the left picture's shape) so the same point lines up. Drag the
divider (or press ←/→) to move it; drag anywhere else to pan; double-click fits; W toggles.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from storyboard_app.ui.iterator.picture_canvas import GROUND, MESSAGE, wheel_factor
from storyboard_app.ui.iterator.zoom import Rect, ZoomState, fit_scale

SIDE, WIPE = "side", "wipe"
GAP = 6
GRAB = 14  # pixels either side of the divider that grab it
KEY_STEP, BIG_KEY_STEP = 0.02, 0.1


class CompareCanvas(QWidget):
    """Paints the pair (GUI thread). Keys while focused: W side by side / wipe, ←/→ (Shift:
    bigger steps) move the wipe, + / − zoom, 0 fit, 1 actual size.

    mode_changed(str): "side" or "wipe".
    wipe_moved(float): the divider's position, 0 (left edge) … 1 (right edge).
    zoom_changed(): both pictures' zoom or pan moved.
    """

    mode_changed = Signal(str)
    wipe_moved = Signal(float)
    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareCanvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        self.zoom = ZoomState()
        self.mode = SIDE
        self.wipe = 0.5
        self.pixmaps: list[QPixmap | None] = [None, None]
        self.titles = ["", ""]
        self.messages = ["", ""]
        self._dragging_wipe = False
        self._pan_from: QPointF | None = None

    # -- content ---------------------------------------------------------------------------

    def set_side(self, side: int, pixmap: QPixmap | None, title: str, message: str = "") -> None:
        """Side 0 (left) or 1 (right): its picture (None: `message` instead) and title."""
        self.pixmaps[side] = pixmap if pixmap is not None and not pixmap.isNull() else None
        self.titles[side] = title
        self.messages[side] = message
        self.update()

    def set_pixmap(self, side: int, pixmap: QPixmap) -> None:
        self.pixmaps[side] = pixmap
        self.messages[side] = ""
        self.update()

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self.update()
            self.mode_changed.emit(mode)

    def toggle_mode(self) -> None:
        self.set_mode(WIPE if self.mode == SIDE else SIDE)

    def set_wipe(self, position: float) -> None:
        position = max(0.0, min(1.0, position))
        if position != self.wipe:
            self.wipe = position
            self.update()
            self.wipe_moved.emit(position)

    # -- geometry --------------------------------------------------------------------------

    def frame(self) -> tuple[float, float]:
        """The shape both pictures are drawn in: the left one's, else the right one's."""
        for pixmap in self.pixmaps:
            if pixmap is not None:
                return float(pixmap.width()), float(pixmap.height())
        return 16.0, 9.0

    def viewports(self) -> list[Rect]:
        w, h = float(self.width()), float(self.height())
        if self.mode == WIPE:
            return [(0.0, 0.0, w, h)]
        half = (w - GAP) / 2
        return [(0.0, 0.0, half, h), (half + GAP, 0.0, half, h)]

    def wipe_x(self) -> float:
        return self.wipe * self.width()

    def picture_rect(self, side: int) -> QRectF:
        """Where side 0/1's picture is drawn: fitted into the shared frame."""
        ports = self.viewports()
        port = ports[0] if self.mode == WIPE else ports[side]
        fx, fy, fw, fh = self.zoom.rect(port, *self.frame())
        pixmap = self.pixmaps[side]
        if pixmap is None:
            return QRectF(fx, fy, fw, fh)
        scale = fit_scale(fw, fh, pixmap.width(), pixmap.height())
        w, h = pixmap.width() * scale, pixmap.height() * scale
        return QRectF(fx + (fw - w) / 2, fy + (fh - h) / 2, w, h)

    def _port_at(self, x: float) -> Rect:
        ports = self.viewports()
        return ports[1] if len(ports) > 1 and x > ports[1][0] else ports[0]

    def percent(self) -> int:
        port = self.viewports()[0]
        return self.zoom.percent(port[2], port[3], *self.frame())

    # -- zoom (both sides at once) ---------------------------------------------------------

    def fit(self) -> None:
        self.zoom.fit()
        self._zoomed()

    def actual_size(self) -> None:
        self.zoom.actual_size()
        self._zoomed()

    def zoom_step(self, direction: int) -> None:
        port = self.viewports()[0]
        self.zoom.step(direction, (port[2], port[3]), self.frame())
        self._zoomed()

    def _zoomed(self) -> None:
        self.update()
        self.zoom_changed.emit()

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), GROUND)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.mode == WIPE:
            x = self.wipe_x()
            self._paint_side(painter, 0, QRectF(0, 0, x, self.height()))
            self._paint_side(painter, 1, QRectF(x, 0, self.width() - x, self.height()))
            self._paint_divider(painter, x)
        else:
            for side, port in enumerate(self.viewports()):
                self._paint_side(painter, side, QRectF(*port))
        painter.end()

    def _paint_side(self, painter: QPainter, side: int, clip: QRectF) -> None:
        painter.save()
        painter.setClipRect(clip)
        pixmap = self.pixmaps[side]
        if pixmap is not None:
            painter.drawPixmap(self.picture_rect(side), pixmap, QRectF(pixmap.rect()))
        elif self.messages[side]:
            painter.setPen(MESSAGE)
            area = QRectF(*self.viewports()[0 if self.mode == WIPE else side])
            if self.mode == WIPE:
                area = clip
            painter.drawText(
                area.adjusted(12, 12, -12, -12),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.messages[side],
            )
        title = self.titles[side]
        if title:
            port = self.viewports()[0 if self.mode == WIPE else side]
            align = (
                Qt.AlignmentFlag.AlignRight
                if self.mode == WIPE and side
                else Qt.AlignmentFlag.AlignLeft
            )
            metrics = painter.fontMetrics()
            room = int(port[2] / (2 if self.mode == WIPE else 1)) - 32
            title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(24, room))
            width = metrics.horizontalAdvance(title) + 16
            x = (
                port[0] + port[2] - width - 8
                if align == Qt.AlignmentFlag.AlignRight
                else port[0] + 8
            )
            chip = QRectF(x, port[1] + 8, width, metrics.height() + 8)
            painter.setClipping(False)
            painter.fillRect(chip, QColor(0, 0, 0, 170))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), title)
        painter.restore()

    def _paint_divider(self, painter: QPainter, x: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 0, 0, 120), 4))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        y = self.height() / 2
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QPointF(x, y), 13, 13)
        painter.setBrush(QColor("#202225"))
        for direction in (-1, 1):
            path = QPainterPath()
            path.moveTo(x + direction * 3, y - 5)
            path.lineTo(x + direction * 9, y)
            path.lineTo(x + direction * 3, y + 5)
            path.closeSubpath()
            painter.fillPath(path, QColor("#202225"))

    # -- mouse and keys --------------------------------------------------------------------

    def _near_wipe(self, x: float) -> bool:
        return self.mode == WIPE and abs(x - self.wipe_x()) <= GRAB

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        at = event.position()
        if self._near_wipe(at.x()):
            self._dragging_wipe = True
        else:
            self._pan_from = at
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt override
        at = event.position()
        if self._dragging_wipe:
            self.set_wipe(at.x() / max(1, self.width()))
        elif self._pan_from is not None:
            delta = at - self._pan_from
            self._pan_from = at
            self.zoom.pan(delta.x(), delta.y(), self._port_at(at.x()), *self.frame())
            self._zoomed()
        elif self._near_wipe(at.x()):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        self._dragging_wipe = False
        self._pan_from = None
        self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt override
        if not self._near_wipe(event.position().x()):
            self.fit()
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        at = event.position()
        port = self._port_at(at.x())
        self.zoom.zoom_at(wheel_factor(event), at.x(), at.y(), port, *self.frame())
        self._zoomed()
        event.accept()

    def handle_key(self, event: QKeyEvent) -> bool:
        """The canvas's keys (the lightbox forwards its own here); True when one was used."""
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        step = BIG_KEY_STEP if shift else KEY_STEP
        if key == Qt.Key.Key_W:
            self.toggle_mode()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.mode == WIPE:
            self.set_wipe(self.wipe + (step if key == Qt.Key.Key_Right else -step))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_step(1)
        elif key == Qt.Key.Key_Minus:
            self.zoom_step(-1)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_1:
            self.actual_size()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if self.handle_key(event):
            event.accept()
        else:
            super().keyPressEvent(event)
