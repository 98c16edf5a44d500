"""One picture at its aspect ratio on a dark ground: wheel zoom, drag to pan, double-click fit."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from storyboard_app.ui.iterator.zoom import WHEEL_FACTOR, Rect, ZoomState

GROUND = QColor("#0b0c0e")
MESSAGE = QColor("#d8d8d8")


def wheel_factor(event: QWheelEvent) -> float:
    """One wheel notch zooms by a quarter; a touchpad's small steps zoom proportionally."""
    notches = event.angleDelta().y() / 120
    return float(WHEEL_FACTOR**notches) if notches else 1.0


class PictureCanvas(QWidget):
    """Paints one pixmap fitted or zoomed (GUI thread); never scales the pixmap itself, the
    painter draws it straight into its rectangle, so a new picture costs one paint.

    zoom_changed(): the zoom or pan moved (the caption shows the percentage).
    """

    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pictureCanvas")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(False)
        self.zoom = ZoomState()
        self.paint_count = 0  # benchmarks and tests wait for the next paint
        self._pixmap: QPixmap | None = None
        self._message = ""
        self._drag_from: QPointF | None = None

    # -- content ---------------------------------------------------------------------------

    def set_pixmap(self, pixmap: QPixmap | None, message: str = "") -> None:
        self._pixmap = pixmap if pixmap is not None and not pixmap.isNull() else None
        self._message = message
        self.update()

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    def message(self) -> str:
        return self._message

    # -- zoom ------------------------------------------------------------------------------

    def _view(self) -> Rect:
        return (0.0, 0.0, float(self.width()), float(self.height()))

    def _size(self) -> tuple[float, float]:
        pixmap = self._pixmap
        return (float(pixmap.width()), float(pixmap.height())) if pixmap else (1.0, 1.0)

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn, in widget coordinates (empty without a picture)."""
        if self._pixmap is None:
            return QRectF()
        return QRectF(*self.zoom.rect(self._view(), *self._size()))

    def percent(self) -> int:
        return self.zoom.percent(self.width(), self.height(), *self._size())

    def fit(self) -> None:
        self.zoom.fit()
        self._zoomed()

    def actual_size(self) -> None:
        self.zoom.actual_size()
        self._zoomed()

    def zoom_step(self, direction: int) -> None:
        self.zoom.step(direction, (self.width(), self.height()), self._size())
        self._zoomed()

    def _zoomed(self) -> None:
        self.update()
        self.zoom_changed.emit()

    # -- Qt overrides ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        if self._pixmap is None:
            painter.fillRect(self.rect(), GROUND)
        else:
            target = self.picture_rect()
            # Only the bars around the picture are filled: the picture covers the rest.
            painter.setClipRegion(QRegion(self.rect()) - QRegion(target.toAlignedRect()))
            painter.fillRect(self.rect(), GROUND)
            painter.setClipping(False)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        if self._message:
            painter.setPen(MESSAGE)
            painter.drawText(
                self.rect().adjusted(24, 24, -24, -24),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._message,
            )
        painter.end()
        self.paint_count += 1

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self.zoom_changed.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        if self._pixmap is None:
            return
        at = event.position()
        self.zoom.zoom_at(wheel_factor(event), at.x(), at.y(), self._view(), *self._size())
        self._zoomed()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self._drag_from is not None and self._pixmap is not None:
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            self.zoom.pan(delta.x(), delta.y(), self._view(), *self._size())
            self._zoomed()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        self._drag_from = None
        self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt override
        self.fit()
        event.accept()
