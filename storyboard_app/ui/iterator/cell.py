"""One cell of the 2×3 grid: a variant's image or its live status, and its actions."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QFocusEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import (
    elapsed_text,
    provider_label,
    provider_short,
    status_text,
)

FAILED_RED = "#ffb4a8"
CANCELLED_GREY = "#b8b8b8"


class ImageBox(QWidget):
    """Paints a pixmap fitted to its rectangle (keeping its aspect), or a message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._message = ""
        self._message_color: QColor | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(96, 40)  # tiles shrink with the window

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(256, 144)

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
        rect = self.rect()
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Mid).darker(130))
        if self._pixmap is not None and not self._pixmap.isNull():
            size = self._pixmap.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = rect.x() + (rect.width() - size.width()) / 2
            y = rect.y() + (rect.height() - size.height()) / 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(
                QRectF(x, y, size.width(), size.height()),
                self._pixmap,
                QRectF(self._pixmap.rect()),
            )
        if self._message:
            painter.setPen(self._message_color or QColor("#f0f0f0"))
            painter.drawText(
                rect.adjusted(10, 6, -10, -6),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._message,
            )
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
    """A variant: image (thumbnail first) or status, star, refine, make final, retry (GUI thread).

    activated(int): the cell got focus or was clicked (its variant number).
    star_clicked(int), refine_clicked(int), final_clicked(int), retry_clicked(int),
    preview_requested(int): the user asked for that action on this variant.
    """

    activated = Signal(int)
    star_clicked = Signal(int)
    refine_clicked = Signal(int)
    final_clicked = Signal(int)
    retry_clicked = Signal(int)
    preview_requested = Signal(int)

    def __init__(self, variant: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variant = variant
        self.image: ImageInfo | None = None
        self.is_final = False
        self.is_parent_choice = False
        self.hide_rejected = True  # the grid's "Show rejected" toggle, inverted
        self.setObjectName(f"variantCell{variant + 1}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setLineWidth(2)
        self.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.number_label = QLabel(f"<b>{variant + 1}</b>", self)
        self.number_label.setToolTip(f"Press {variant + 1} to focus this variant")
        self.badge_label = QLabel("", self)
        self.badge_label.setObjectName("badgeLabel")
        self.star_button = self._tool("☆", "Star this variant (F)", self.star_clicked)
        top.addWidget(self.number_label)
        top.addWidget(self.badge_label, 1)
        top.addWidget(self.star_button)
        layout.addLayout(top)

        self.image_box = ImageBox(self)
        layout.addWidget(self.image_box, 1)

        self.info_label = ElidedLabel("", self)
        self.info_label.setObjectName("infoLabel")
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.info_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.refine_button = self._button("Refine", "Refine from this variant (R)")
        self.final_button = self._button("Make final", "Make this the shot's final image (Enter)")
        self.retry_button = self._button("Retry", "Run this variant again (R)")
        self.refine_button.clicked.connect(lambda: self.refine_clicked.emit(self.variant))
        self.final_button.clicked.connect(lambda: self.final_clicked.emit(self.variant))
        self.retry_button.clicked.connect(lambda: self.retry_clicked.emit(self.variant))
        for button in (self.refine_button, self.final_button, self.retry_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.show_image(None, None)

    def _tool(self, text: str, tip: str, signal: SignalInstance) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys act on the focused cell
        button.clicked.connect(lambda: signal.emit(self.variant))
        return button

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The tiles shrink with the window: a button's text never sets the grid's width.
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setMinimumWidth(36)
        return button

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
        self.star_button.setEnabled(image is not None)
        self.star_button.setText("★" if image and image.is_favorite else "☆")
        self.refine_button.setVisible(status != ImageStatus.FAILED)
        self.refine_button.setEnabled(complete)
        self.final_button.setVisible(status != ImageStatus.FAILED)
        self.final_button.setEnabled(complete and not is_final)
        self.final_button.setText("Final ✓" if is_final else "Make final")
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
        self._update_style()

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
        """Update the live status text (elapsed time of a running variant)."""
        image = self.image
        if image is None:
            return
        if image.status == ImageStatus.PENDING:
            self.image_box.set_message("Pending…\nWaiting to start")
        elif image.status == ImageStatus.PROCESSING:
            self.image_box.set_message(f"Processing… {elapsed_text(image)}")
        elif image.status == ImageStatus.FAILED and image.error_kind == ErrorKind.CANCELLED:
            # Cancelled by the user: quiet grey, never shown as a failure.
            self.image_box.set_message(
                "Cancelled\n\nPress R or Retry to run it again.", QColor(CANCELLED_GREY)
            )
        elif image.status == ImageStatus.FAILED:
            self.image_box.set_message(
                f"Failed\n{status_text(image)}\n\nPress R or Retry to run it again.",
                QColor(FAILED_RED),
            )

    def status_message(self) -> str:
        return self.image_box.message()

    @staticmethod
    def _info_text(image: ImageInfo) -> str:
        seed = f"seed {image.seed}" if image.seed is not None else "no seed"
        return f"{provider_short(image)} · {seed}"

    def _update_style(self) -> None:
        if self.hasFocus():
            color = self.palette().color(QPalette.ColorRole.Highlight).name()
            width = 3
        elif self.is_final:
            color, width = "#3fa34d", 3
        elif self.is_parent_choice:
            color, width = "#d9a400", 3
        else:
            color, width = "transparent", 3
        self.setStyleSheet(
            f"VariantCell {{ border: {width}px solid {color}; border-radius: 6px; }}"
        )

    # -- events ----------------------------------------------------------------------------

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
