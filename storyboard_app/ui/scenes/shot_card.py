"""A shot drawn as a card on the scenes board: its picture at the project's aspect ratio,
its number, title and where it stands."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from storyboard_app.domain.shot_language import ratio_value
from storyboard_app.store.dto import ShotInfo
from storyboard_app.ui.scenes.tree_model import ITEM_ROLE
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache

Index = QModelIndex | QPersistentModelIndex

CARD_WIDTH = 196
PICTURE_BOX = 176  # the picture fits a square of this side, at the project's aspect ratio
PADDING = 8
TEXT_LINES = 3


def picture_size(aspect_ratio: str) -> QSize:
    """The picture's size on a card: as wide as the box for landscape, as tall for portrait."""
    ratio = ratio_value(aspect_ratio)
    if ratio >= 1:
        return QSize(PICTURE_BOX, max(1, round(PICTURE_BOX / ratio)))
    return QSize(max(1, round(PICTURE_BOX * ratio)), PICTURE_BOX)


def shot_status(shot: ShotInfo) -> str:
    """Where the shot stands, in a creator's words."""
    if shot.selected_image_id is not None:
        return "Final picked"
    if shot.image_count == 0:
        return "No images yet"
    rounds = f"{shot.round_count} round{'s' if shot.round_count != 1 else ''}"
    if shot.starred_storage_id is None:
        return f"{rounds} · nothing starred"
    return f"{rounds} · starred, no final"


def shot_title(shot: ShotInfo) -> str:
    return shot.description.strip() or shot.initial_prompt.strip() or "Untitled shot"


class ShotCardDelegate(QStyledItemDelegate):
    """Paints shots as cards; the pictures come from the thumbnail cache (decoded off the GUI
    thread — a card without its picture yet shows a placeholder)."""

    def __init__(self, thumbnails: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.aspect_ratio = "16:9"
        self.scene_number = 0

    def card_size(self) -> QSize:
        line = QFontMetrics(QFont()).lineSpacing()
        picture = picture_size(self.aspect_ratio)
        return QSize(CARD_WIDTH, PADDING * 3 + picture.height() + line * TEXT_LINES)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.card_size()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        shot = index.data(ITEM_ROLE)
        if not isinstance(shot, ShotInfo):
            return
        palette = option.palette
        rect: QRect = option.rect.adjusted(4, 4, -4, -4)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Base)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase) if selected else base)
        border = (
            palette.color(QPalette.ColorRole.Highlight)
            if selected or focused
            else QColor(palette.color(QPalette.ColorRole.Mid))
        )
        painter.setPen(QPen(border, 3 if selected else 1))
        painter.drawRoundedRect(rect, 6, 6)

        size = picture_size(self.aspect_ratio)
        box = QRect(rect.left() + PADDING - 4, rect.top() + PADDING - 4, PICTURE_BOX, size.height())
        picture = QRect(0, 0, size.width(), size.height())
        picture.moveCenter(box.center())
        pixmap = self.thumbnails.request(shot.board_cover)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.scaled(
                picture.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(picture.center())
            painter.fillRect(picture, QColor("#111"))
            painter.drawPixmap(target, scaled)
        else:
            painter.fillRect(picture, palette.color(QPalette.ColorRole.Window))
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            painter.drawRect(picture.adjusted(0, 0, -1, -1))
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            waiting = shot.board_cover is not None and shot.board_cover not in (
                self.thumbnails.missing
            )
            painter.drawText(
                picture,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                "Loading…" if waiting else "No final yet",
            )

        metrics = QFontMetrics(painter.font())
        line = metrics.lineSpacing()
        text_left = rect.left() + PADDING
        text_width = rect.width() - 2 * PADDING
        top = box.bottom() + PADDING
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        number = (
            f"{self.scene_number}.{shot.shot_number}"
            if self.scene_number
            else str(shot.shot_number)
        )
        kind = shot.fields.shot_type or ""
        header = f"{number}  {kind}".strip()
        painter.drawText(
            QRect(text_left, top, text_width, line), Qt.AlignmentFlag.AlignLeft, header
        )
        painter.setFont(option.font)
        title = metrics.elidedText(shot_title(shot), Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(text_left, top + line, text_width, line), Qt.AlignmentFlag.AlignLeft, title
        )
        final = shot.selected_image_id is not None
        painter.setPen(
            QColor("#2e8b57") if final else palette.color(QPalette.ColorRole.PlaceholderText)
        )
        status = metrics.elidedText(shot_status(shot), Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(text_left, top + 2 * line, text_width, line), Qt.AlignmentFlag.AlignLeft, status
        )
        painter.restore()
