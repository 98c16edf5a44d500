"""Paints a dashboard card: thumbnail, title, workflow badge, stage, counts, last edited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.time_format import relative_time
from storyboard_app.ui.dashboard.project_list_model import SUMMARY_ROLE, stage_text
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache

if TYPE_CHECKING:  # DTO modules stay off the start-up path
    from storyboard_app.store.dto import ProjectSummary

CARD_WIDTH = 248
THUMB_HEIGHT = 140  # 16:9-ish, the images' aspect
CARD_HEIGHT = THUMB_HEIGHT + 84
MARGIN = 8


class ProjectCardDelegate(QStyledItemDelegate):
    """Card painting in the palette's colours, so light and dark themes both work."""

    def __init__(self, thumbnails: ThumbnailCache) -> None:
        super().__init__()
        self._thumbnails = thumbnails

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(CARD_WIDTH + 2 * MARGIN, CARD_HEIGHT + 2 * MARGIN)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        summary: ProjectSummary | None = index.data(SUMMARY_ROLE)
        if summary is None:
            return
        palette: QPalette = option.palette
        state = option.state
        outer: QRect = option.rect
        card = outer.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 2 if selected or hovered else 1))
        painter.setBrush(base)
        painter.drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)

        thumb_rect = QRect(card.left() + 1, card.top() + 1, card.width() - 2, THUMB_HEIGHT)
        pixmap = self._thumbnails.request(summary.thumbnail_storage_id)  # reloads if dropped
        painter.save()
        painter.setClipRect(thumb_rect)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.scaled(
                thumb_rect.size() * pixmap.devicePixelRatio(),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            source = QRect(0, 0, scaled.width(), scaled.height())
            dx = (scaled.width() - thumb_rect.width() * pixmap.devicePixelRatio()) / 2
            dy = (scaled.height() - thumb_rect.height() * pixmap.devicePixelRatio()) / 2
            source.adjust(int(dx), int(dy), -int(dx), -int(dy))
            painter.drawPixmap(thumb_rect, scaled, source)
        else:
            placeholder = palette.color(QPalette.ColorRole.AlternateBase)
            painter.fillRect(thumb_rect, placeholder)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            initials = "".join(word[:1] for word in summary.title.split()[:2]).upper() or "?"
            font = QFont(option.font)
            font.setPointSizeF(font.pointSizeF() * 2.4)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(thumb_rect, Qt.AlignmentFlag.AlignCenter, initials)
        painter.restore()

        text_color = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        left = card.left() + 10
        width = card.width() - 20
        y = thumb_rect.bottom() + 8
        title_font = QFont(option.font)
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        painter.setFont(title_font)
        painter.setPen(text_color)
        metrics = QFontMetrics(title_font)
        title = metrics.elidedText(summary.title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, y, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, title)
        y += metrics.height() + 6

        small = QFont(option.font)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        legacy = summary.workflow_version == WorkflowVersion.V1_LEGACY
        badge_text = "Legacy" if legacy else "Project"
        badge_width = small_metrics.horizontalAdvance(badge_text) + 12
        badge = QRect(left, y, badge_width, small_metrics.height() + 2)
        badge_color = QColor("#b07a1e") if legacy else palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(badge_color)
        painter.drawRoundedRect(QRectF(badge), 4, 4)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.setPen(text_color)
        stage_rect = QRect(badge.right() + 8, y, width - badge_width - 8, badge.height())
        painter.drawText(
            stage_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(
                stage_text(summary), Qt.TextElideMode.ElideRight, stage_rect.width()
            ),
        )
        y += badge.height() + 6
        painter.setPen(muted)
        scenes = f"{summary.scene_count} scene{'s' if summary.scene_count != 1 else ''}"
        counts = (
            scenes
            if legacy
            else (f"{scenes} · {summary.shot_count} shot{'s' if summary.shot_count != 1 else ''}")
        )
        line = f"{counts} · edited {relative_time(summary.updated_at)}"
        painter.drawText(
            QRect(left, y, width, small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            small_metrics.elidedText(line, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()
