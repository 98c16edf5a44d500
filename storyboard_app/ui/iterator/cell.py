"""One tile of the grid: a variant's picture at the project's aspect ratio, or its live status,
with the row of actions a creator expects on hover and focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import (
    elapsed_text,
    made_at_ratio,
    made_at_tip,
    provider_label,
    provider_short,
    status_text,
)
from storyboard_app.ui.iterator.tile_actions import TileActions

FAILED_RED = "#ffb4a8"
CANCELLED_GREY = "#b8b8b8"
QUIET_GREY = "#d4d4d4"
STAR_GOLD = "#f5c518"
FINAL_GREEN = "#3fa34d"
PARENT_AMBER = "#d9a400"
RING = 3.0


def aspect_rect(outer: QRect, aspect: float) -> QRect:
    """The largest rectangle of `aspect` (width / height) centred in `outer`."""
    if outer.width() <= 0 or outer.height() <= 0 or aspect <= 0:
        return QRect(outer)
    width = min(outer.width(), round(outer.height() * aspect))
    height = min(outer.height(), round(width / aspect))
    x = outer.x() + (outer.width() - width) // 2
    y = outer.y() + (outer.height() - height) // 2
    return QRect(x, y, width, height)


class ImageBox(QWidget):
    """Paints a pixmap fitted to its frame (keeping its aspect), or a message over the frame.

    With `aspect` set, the frame is the largest rectangle of that shape in the widget (the
    project's aspect ratio); without, the whole widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._message = ""
        self._message_color: QColor | None = None
        self.aspect: float | None = None
        self.starred = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(24, 24)  # tiles shrink with the window (the grid sizes them)

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(256, 144)

    def set_aspect(self, aspect: float | None) -> None:
        self.aspect = aspect
        self.update()

    def frame_rect(self) -> QRect:
        """Where the picture goes: the project's shape, centred."""
        return aspect_rect(self.rect(), self.aspect) if self.aspect else self.rect()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self._pixmap = pixmap
        self.update()

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    def set_message(self, message: str, color: QColor | None = None) -> None:
        self._message = message
        self._message_color = color
        self.update()

    def message(self) -> str:
        return self._message

    def message_color(self) -> QColor | None:
        return self._message_color

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        frame = self.frame_rect()
        painter.fillRect(frame, self.palette().color(QPalette.ColorRole.Mid).darker(130))
        if self._pixmap is not None and not self._pixmap.isNull():
            size = self._pixmap.size().scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = frame.x() + (frame.width() - size.width()) / 2
            y = frame.y() + (frame.height() - size.height()) / 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(
                QRectF(x, y, size.width(), size.height()),
                self._pixmap,
                QRectF(self._pixmap.rect()),
            )
        if self._message:
            # A tile's status is quiet and keeps the foot free for Retry; elsewhere (compare)
            # the message reads as before.
            tile = self.aspect is not None
            painter.setPen(self._message_color or QColor(QUIET_GREY if tile else "#f0f0f0"))
            painter.drawText(
                frame.adjusted(8, 6, -8, -34) if tile else frame.adjusted(10, 6, -10, -6),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._message,
            )
        if self.starred:  # the star at a glance, in the picture's corner
            font = QFont(painter.font())
            font.setPixelSize(max(14, min(26, frame.height() // 7)))
            painter.setFont(font)
            corner = QRect(frame.right() - 34, frame.top() + 2, 32, 30)
            painter.setPen(QColor(0, 0, 0, 160))
            painter.drawText(corner.translated(1, 1), int(Qt.AlignmentFlag.AlignCenter), "★")
            painter.setPen(QColor(STAR_GOLD))
            painter.drawText(corner, int(Qt.AlignmentFlag.AlignCenter), "★")
        painter.end()


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit (full text in `text()`)."""

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        metrics = self.fontMetrics()
        rect = self.contentsRect()
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        painter.end()


class VariantCell(QFrame):
    """A variant: picture or status, badges, and star/refine/final/reject/open (GUI thread).

    activated(int): the cell got focus or was clicked (its variant number).
    star_clicked(int), refine_clicked(int), final_clicked(int), retry_clicked(int),
    reject_clicked(int), preview_requested(int): the user asked for that action on this
        variant.
    """

    activated = Signal(int)
    star_clicked = Signal(int)
    refine_clicked = Signal(int)
    final_clicked = Signal(int)
    retry_clicked = Signal(int)
    reject_clicked = Signal(int)
    preview_requested = Signal(int)

    def __init__(self, variant: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variant = variant
        self.image: ImageInfo | None = None
        self.is_final = False
        self.is_parent_choice = False
        self.hide_rejected = True  # the grid's "Show rejected" toggle, inverted
        self.project_ratio = ""  # the project's aspect ratio ("16:9"), for "made at" badges
        self._hovered = False
        self.setObjectName(f"variantCell{variant + 1}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 5, 6, 5)  # room for the painted ring
        layout.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(4)
        self.number_label = QLabel(f"<b>{variant + 1}</b>", self)
        self.number_label.setToolTip(f"Press {variant + 1} to focus this variant")
        self.badge_label = QLabel("", self)
        self.badge_label.setObjectName("badgeLabel")
        self.ratio_badge = QLabel("", self)
        self.ratio_badge.setObjectName("madeAtBadge")
        self.ratio_badge.setStyleSheet(
            "QLabel { color: #d8d8d8; background: #4a4f58; border-radius: 6px; padding: 0 5px;"
            " font-size: 10px; }"
        )
        self.ratio_badge.hide()
        top.addWidget(self.number_label)
        top.addWidget(self.badge_label)
        top.addWidget(self.ratio_badge)
        top.addStretch(1)
        layout.addLayout(top)

        self.image_box = ImageBox(self)
        self.image_box.installEventFilter(self)
        layout.addWidget(self.image_box, 1)

        self.info_label = ElidedLabel("", self)
        self.info_label.setObjectName("infoLabel")
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.info_label)

        # The action row floats over the picture's foot, shown on hover and on focus.
        self.actions_row = TileActions(self.image_box)
        self.star_button = self.actions_row.star_button
        self.refine_button = self.actions_row.refine_button
        self.final_button = self.actions_row.final_button
        self.reject_button = self.actions_row.reject_button
        self.open_button = self.actions_row.open_button
        for button, signal in (
            (self.star_button, self.star_clicked),
            (self.refine_button, self.refine_clicked),
            (self.final_button, self.final_clicked),
            (self.reject_button, self.reject_clicked),
            (self.open_button, self.preview_requested),
        ):
            button.clicked.connect(lambda _c=False, s=signal: s.emit(self.variant))
        self.retry_button = QPushButton("Retry", self.image_box)
        self.retry_button.setObjectName("tileRetry")
        self.retry_button.setToolTip("Run this variant again, same seed (R)")
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retry_button.clicked.connect(lambda: self.retry_clicked.emit(self.variant))
        self.show_image(None, None)

    # -- geometry --------------------------------------------------------------------------

    def chrome_size(self) -> QSize:
        """The room the tile needs around its picture (badges row, caption, margins)."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        frame = 2 * self.frameWidth()
        top = max(self.number_label.sizeHint().height(), self.ratio_badge.sizeHint().height())
        height = (
            margins.top()
            + margins.bottom()
            + frame
            + top
            + self.info_label.sizeHint().height()
            + 2 * layout.spacing()
        )
        return QSize(margins.left() + margins.right() + frame, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.image_box and event.type() == QEvent.Type.Resize:
            self._place_overlays()
        return False

    def _place_overlays(self) -> None:
        frame = self.image_box.frame_rect()
        box = self.image_box.rect()
        bar = self.actions_row
        bar.set_vertical(False)
        hint = bar.sizeHint()
        if hint.width() > box.width():
            bar.set_vertical(True)  # a narrow tile: the row stands along the picture's side
            hint = bar.sizeHint()
        if bar.vertical and hint.height() <= box.height():
            x = min(frame.right() - hint.width() + 1, box.width() - hint.width())
            y = frame.y() + (frame.height() - hint.height()) // 2
            bar.setGeometry(max(0, x), max(0, y), hint.width(), hint.height())
        else:
            bar.set_vertical(False)
            hint = bar.sizeHint()
            width = min(hint.width(), box.width())
            x = frame.x() + (frame.width() - width) // 2
            x = max(0, min(x, box.width() - width))
            bar.setGeometry(x, frame.bottom() - hint.height() - 3, width, hint.height())
        retry = self.retry_button.sizeHint()
        self.retry_button.setGeometry(
            frame.x() + (frame.width() - retry.width()) // 2,
            frame.bottom() - retry.height() - 4,
            retry.width(),
            retry.height(),
        )

    def set_project_ratio(self, ratio: str, aspect: float) -> None:
        """Tiles take the project's shape; pictures made at another ratio say so."""
        self.project_ratio = ratio
        self.image_box.set_aspect(aspect)
        self._place_overlays()
        self._show_ratio_badge()

    # -- state -----------------------------------------------------------------------------

    def show_image(
        self,
        image: ImageInfo | None,
        pixmap: QPixmap | None,
        *,
        is_final: bool = False,
        missing: bool = False,
    ) -> None:
        """Show `image` (None: an empty slot) with its pixmap if already loaded."""
        self.image = image
        self.is_final = is_final
        status = image.status if image else None
        complete = status == ImageStatus.COMPLETE
        self.actions_row.show_state(image, is_final=is_final)
        self.image_box.starred = bool(image and image.is_favorite)
        self.retry_button.setVisible(status == ImageStatus.FAILED)
        if image is None:
            self.image_box.set_pixmap(None)
            self.image_box.set_message("No variant")
            self.info_label.setText("")
            self.badge_label.setText("")
        else:
            self.info_label.setText(self._info_text(image))
            self.info_label.setToolTip(f"{provider_label(image)}\n\n{image.iteration_prompt}")
            badges = ["FINAL" if is_final else "", "REJECTED" if image.is_rejected else ""]
            self.badge_label.setText(" · ".join(b for b in badges if b))
            if image.is_rejected and self.hide_rejected:
                self.image_box.set_pixmap(None)
                self.image_box.set_message(
                    "Rejected — hidden\n\nPress X to bring it back,\nor tick “Show rejected”.",
                    QColor("#f2f2f2"),
                )
                self.refine_button.setEnabled(False)
                self.final_button.setEnabled(False)
            elif complete:
                self.image_box.set_pixmap(pixmap)
                if pixmap is not None:
                    self.image_box.set_message("")
                else:
                    self.image_box.set_message(
                        "Image file missing — run “media verify”" if missing else "Loading…"
                    )
            else:
                self.image_box.set_pixmap(None)
                self.refresh_status()
        self._show_ratio_badge()
        self._update_style()

    def _show_ratio_badge(self) -> None:
        made_at = made_at_ratio(self.image, self.project_ratio) if self.image else None
        self.ratio_badge.setVisible(made_at is not None)
        if made_at is not None:
            self.ratio_badge.setText(f"made at {made_at}")
            self.ratio_badge.setToolTip(made_at_tip(made_at, self.project_ratio))

    @property
    def is_hidden(self) -> bool:
        """True while the cell hides a rejected variant."""
        return self.image is not None and self.image.is_rejected and self.hide_rejected

    def set_pixmap(self, pixmap: QPixmap) -> None:
        if (
            self.image is not None
            and self.image.status == ImageStatus.COMPLETE
            and not self.is_hidden
        ):
            self.image_box.set_pixmap(pixmap)
            self.image_box.set_message("")

    def set_parent_choice(self, on: bool) -> None:
        """Mark the variant chosen as the parent of the next round."""
        self.is_parent_choice = on
        self._update_style()

    def refresh_status(self) -> None:
        """Update the live status text (elapsed time of a waiting or running variant)."""
        image = self.image
        if image is None:
            return
        if image.status == ImageStatus.PENDING:
            self.image_box.set_message(f"Pending… {elapsed_text(image)}".strip())
        elif image.status == ImageStatus.PROCESSING:
            self.image_box.set_message(f"Processing… {elapsed_text(image)}".strip())
        elif image.status == ImageStatus.FAILED and image.error_kind == ErrorKind.CANCELLED:
            # Cancelled by the user: quiet grey, never shown as a failure.
            self.image_box.set_message(
                "Cancelled\n\nR or Retry runs it again.", QColor(CANCELLED_GREY)
            )
        elif image.status == ImageStatus.FAILED:
            self.image_box.set_message(f"Failed\n{status_text(image)}", QColor(FAILED_RED))

    def status_message(self) -> str:
        return self.image_box.message()

    @staticmethod
    def _info_text(image: ImageInfo) -> str:
        seed = f"seed {image.seed}" if image.seed is not None else "no seed"
        return f"{provider_short(image)} · {seed}"

    def ring_color(self) -> QColor | None:
        """The tile's ring: focus (thick, highlight colour: visible at a glance), else the
        final pick (green), else the parent chosen for the next round (amber)."""
        if self.hasFocus():
            return self.palette().color(QPalette.ColorRole.Highlight)
        if self.is_final:
            return QColor(FINAL_GREEN)
        if self.is_parent_choice:
            return QColor(PARENT_AMBER)
        return None

    def _update_style(self) -> None:
        # Painted, not a style sheet: re-styling six tiles cost milliseconds on every change.
        self.update()
        self.actions_row.setVisible(self.image is not None and (self._hovered or self.hasFocus()))
        self.actions_row.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        color = self.ring_color()
        if color is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color)
        pen.setWidthF(RING)
        painter.setPen(pen)
        half = RING / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 6, 6)
        painter.end()

    # -- events ----------------------------------------------------------------------------

    def enterEvent(self, event: QEnterEvent) -> None:  # Qt override
        self._hovered = True
        self._update_style()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # Qt override
        self._hovered = False
        self._update_style()
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusInEvent(event)
        self._update_style()
        self.activated.emit(self.variant)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusOutEvent(event)
        self._update_style()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt override
        self.preview_requested.emit(self.variant)
