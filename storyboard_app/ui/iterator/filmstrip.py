"""The lightbox's filmstrip: the round's variants in a row, the shown one marked; click to jump."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import image_label

HEIGHT = 92
GAP = 8
CURRENT = QColor("#4aa3ff")
STAR = QColor("#ffcc33")
FINAL = QColor("#3fb950")


class Filmstrip(QWidget):
    """Thumbnails of a round's variants (GUI thread); the current one has a blue frame.

    image_chosen(object): the user clicked this ImageInfo.
    """

    image_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lightboxFilmstrip")
        self.setFixedHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.images: list[ImageInfo] = []
        self.current_id: int | None = None
        self.final_id: int | None = None
        self._pixmaps: dict[str, QPixmap] = {}

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(600, HEIGHT)

    def set_images(
        self, images: list[ImageInfo], current_id: int | None, final_id: int | None
    ) -> None:
        self.images = list(images)
        self.current_id = current_id
        self.final_id = final_id
        self.setToolTip("Click a variant to show it · ←/→ move · Ctrl+←/→ other rounds")
        self.update()

    def set_current(self, image_id: int | None) -> None:
        """Mark another tile; only the two tiles whose frame changed are repainted."""
        if image_id == self.current_id:
            return
        rects = self.tile_rects()
        for image, rect in zip(self.images, rects, strict=True):
            if image.id in (image_id, self.current_id):
                self.update(rect.adjusted(-4, -4, 4, 4).toAlignedRect())
        self.current_id = image_id

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        if any(i.image_storage_id == storage_id for i in self.images):
            self._pixmaps[storage_id] = pixmap
            self.update()

    def has_pixmap(self, storage_id: str) -> bool:
        return storage_id in self._pixmaps

    def tile_rects(self) -> list[QRectF]:
        """Each variant's tile, centred in the strip (16:9 tiles, shrinking to fit)."""
        count = len(self.images)
        if not count:
            return []
        height = self.height() - 12.0
        width = height * 16 / 9
        total = count * width + (count - 1) * GAP
        if total > self.width() - 16:
            width = max(24.0, (self.width() - 16 - (count - 1) * GAP) / count)
            total = count * width + (count - 1) * GAP
        left = (self.width() - total) / 2
        return [QRectF(left + n * (width + GAP), 6.0, width, height) for n in range(count)]

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#0b0c0e"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        dirty = event.rect()
        for image, rect in zip(self.images, self.tile_rects(), strict=True):
            if rect.adjusted(-4, -4, 4, 4).intersects(dirty):
                self._paint_tile(painter, image, rect)
        painter.end()

    def _paint_tile(self, painter: QPainter, image: ImageInfo, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#24262b"))
        pixmap = self._pixmaps.get(image.image_storage_id or "")
        if pixmap is not None:
            size = pixmap.size().scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                rect.x() + (rect.width() - size.width()) / 2,
                rect.y() + (rect.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            painter.setOpacity(0.35 if image.is_rejected else 1.0)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            painter.setOpacity(1.0)
        else:
            painter.setPen(QColor("#c8c8c8"))
            words = {
                ImageStatus.FAILED: "Failed",
                ImageStatus.PENDING: "Waiting",
                ImageStatus.PROCESSING: "Drawing…",
            }.get(image.status, "…")
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), words)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            rect.adjusted(4, 2, -4, -2),
            int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
            str(image.variant_number + 1),
        )
        if image.is_favorite:
            painter.setPen(STAR)
            painter.drawText(
                rect.adjusted(4, 2, -4, -2),
                int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft),
                "★",
            )
        if image.id == self.final_id:
            painter.setPen(QPen(FINAL, 2))
            painter.drawRect(rect.adjusted(3, 3, -3, -3))
        if image.id == self.current_id:
            painter.setPen(QPen(CURRENT, 3))
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        for image, rect in zip(self.images, self.tile_rects(), strict=True):
            if rect.contains(event.position()):
                self.setToolTip(image_label(image))
                self.image_chosen.emit(image)
                event.accept()
                return
        super().mousePressEvent(event)
