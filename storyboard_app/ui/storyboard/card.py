"""One card of the storyboard timeline: picture, shot number, duration, status, motion prompt."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.shot_language import ratio_value
from storyboard_app.store.services.storyboard import MAX_DURATION_SECONDS
from storyboard_app.ui.shared.mentions import MentionChips
from storyboard_app.ui.storyboard.timeline_data import (
    ACTIVE_STATES,
    CardData,
    CardState,
    status_text,
)

PICTURE = QSize(224, 126)
CARD_WIDTH = PICTURE.width() + 20

STATE_COLORS = {
    CardState.GAP: "#8a8a8a",
    CardState.UNBUILT: "#8a6d00",
    CardState.NOT_ANIMATED: "#555555",
    CardState.PENDING: "#1f5fa8",
    CardState.PROCESSING: "#1f5fa8",
    CardState.COMPLETE: "#1d7a35",
    CardState.STALE: "#b35900",
    CardState.FAILED: "#b3261e",
}


class CardPicture(QWidget):
    """The card's picture, or a framed message when there is none (custom painted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(PICTURE)
        self._pixmap: QPixmap | None = None
        self._scaled: QPixmap | None = None  # the pixmap at this size, made once
        self._message = ""
        self._dashed = False
        self._clip = False

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self._pixmap = pixmap
        self._scaled = None
        self.update()

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    def set_message(self, message: str, *, dashed: bool = False) -> None:
        self._message = message
        self._dashed = dashed
        self.update()

    def set_ratio(self, ratio: float) -> None:
        """Take the project's aspect ratio inside the card's picture box."""
        if ratio >= PICTURE.width() / PICTURE.height():
            size = QSize(PICTURE.width(), max(40, round(PICTURE.width() / ratio)))
        else:
            size = QSize(max(40, round(PICTURE.height() * ratio)), PICTURE.height())
        self.setFixedSize(size)

    def set_clip_mark(self, on: bool) -> None:
        self._clip = on
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        painter.fillRect(rect, QColor("#f4f4f4" if self._dashed else "#20242a"))
        if self._pixmap is not None and not self._pixmap.isNull():
            scaled = self._scaled
            if scaled is None or not (
                scaled.width() == self.width() or scaled.height() == self.height()
            ):
                scaled = self._scaled = self._pixmap.scaled(
                    self.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            x = (self.width() - scaled.width()) // 2
            y = (self.height() - scaled.height()) // 2
            painter.drawPixmap(x, y, scaled)
        else:
            painter.setPen(QColor("#777777" if self._dashed else "#d0d0d0"))
            painter.drawText(
                rect.adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
        if self._clip:
            x = self.width() - 52
            painter.fillRect(x, 6, 46, 18, QColor(0, 0, 0, 190))
            painter.setPen(QColor("white"))
            painter.drawText(x, 6, 46, 18, Qt.AlignmentFlag.AlignCenter, "▶ clip")
        pen = QPen(QColor("#9a9a9a"))
        if self._dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect)
        painter.end()


class StoryboardCard(QFrame):
    """A shot on the timeline (GUI thread). A shot with no final pick shows as a gap.

    All signals carry the shot id.
    clicked(int, object): the card was clicked (with the keyboard modifiers).
    animate_requested(int): animate (or retry, or re-animate) this shot.
    animate_to_next_requested(int): animate from this final to the next shot's final.
    cancel_requested(int): stop this shot's running animation.
    play_requested(int): play this shot's clip inline.
    duration_edited(int, float): the user set a new duration in seconds.
    motion_prompt_edited(int, str): the user changed the motion prompt.
    open_iterator_requested(int): open this shot in the iterator (gaps).
    move_requested(int, int, bool): an arrow key: step -1/+1, and whether Shift extends.
    """

    clicked = Signal(int, object)
    animate_requested = Signal(int)
    animate_to_next_requested = Signal(int)
    cancel_requested = Signal(int)
    play_requested = Signal(int)
    duration_edited = Signal(int, float)
    motion_prompt_edited = Signal(int, str)
    open_iterator_requested = Signal(int)
    move_requested = Signal(int, int, bool)

    def __init__(
        self, card: CardData, parent: QWidget | None = None, aspect_ratio: str = "16:9"
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.shot_id = card.shot_id
        self._selected = False
        self._can_animate = True
        self._why_not = ""
        self.setObjectName(f"card_{card.shot_id}")
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        self.badge = QLabel("STALE", self)
        self.badge.setObjectName("staleBadge")
        self.badge.setStyleSheet(
            "background:#b35900; color:white; border-radius:3px; padding:1px 5px; font-weight:bold;"
        )
        self.reference_badge = QLabel("REF CHANGED", self)
        self.reference_badge.setObjectName("referenceChangedBadge")
        self.reference_badge.setStyleSheet(
            "background:#c77d1a; color:white; border-radius:3px; padding:1px 5px; font-weight:bold;"
        )
        self.picture = CardPicture(self)
        self.picture.set_ratio(ratio_value(aspect_ratio))
        self.made_at = QLabel(self)
        self.made_at.setObjectName("madeAtLabel")
        self.made_at.setStyleSheet("color: #8a8a8a;")
        self.description = QLabel(self)
        self.description.setObjectName("cardDescription")
        self.description.setFixedWidth(PICTURE.width())
        self.status = QLabel(self)
        self.status.setObjectName("cardStatus")
        self.status.setWordWrap(True)
        self.status.setFixedWidth(PICTURE.width())

        self.duration = QDoubleSpinBox(self)
        self.duration.setObjectName("durationSpin")
        self.duration.setRange(0.5, MAX_DURATION_SECONDS)
        self.duration.setSingleStep(0.5)
        self.duration.setDecimals(1)
        self.duration.setSuffix(" s")
        self.duration.setKeyboardTracking(False)
        self.duration.setToolTip("How long this shot lasts in the final video")
        self.duration_hint = QLabel(self)
        self.duration_hint.setObjectName("durationHint")
        self.motion = QLineEdit(self)
        self.motion.setObjectName("motionPrompt")
        self.motion.setPlaceholderText("Motion prompt (optional)")
        self.motion.setToolTip(
            "What should move in the clip; used for the next animation. Type @ to name an "
            "element of the project."
        )
        self.chips = MentionChips(self.motion, self)

        self.animate_button = QPushButton("Animate", self)
        self.animate_button.setObjectName("animateButton")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        self.play_button = QPushButton("Play", self)
        self.play_button.setObjectName("playClipButton")
        self.next_button = QPushButton("Animate to next shot", self)
        self.next_button.setObjectName("animateToNextButton")
        self._next_why = "The next shot has no final image yet"
        self.iterator_button = QPushButton("Open in iterator", self)
        self.iterator_button.setObjectName("openIteratorButton")
        self.iterator_button.setToolTip("Pick this shot's final image in the iterator")

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.badge)
        top.addWidget(self.reference_badge)
        duration_row = QHBoxLayout()
        self.duration_label = QLabel("Duration", self)
        duration_row.addWidget(self.duration_label)
        duration_row.addWidget(self.duration)
        duration_row.addWidget(self.duration_hint, 1)
        buttons = QHBoxLayout()
        for button in (self.animate_button, self.cancel_button, self.play_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.made_at, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.description)
        layout.addWidget(self.status)
        layout.addLayout(duration_row)
        layout.addWidget(self.motion)
        layout.addWidget(self.chips)
        layout.addLayout(buttons)
        layout.addWidget(self.next_button)
        layout.addWidget(self.iterator_button)

        self.animate_button.clicked.connect(lambda: self.animate_requested.emit(self.shot_id))
        self.next_button.clicked.connect(lambda: self.animate_to_next_requested.emit(self.shot_id))
        self.cancel_button.clicked.connect(lambda: self.cancel_requested.emit(self.shot_id))
        self.play_button.clicked.connect(lambda: self.play_requested.emit(self.shot_id))
        self.iterator_button.clicked.connect(
            lambda: self.open_iterator_requested.emit(self.shot_id)
        )
        self.duration.editingFinished.connect(self._on_duration_editing_finished)
        self.motion.editingFinished.connect(self._on_motion_editing_finished)
        self.set_card(card)

    # -- state ---------------------------------------------------------------------------------

    @property
    def is_gap(self) -> bool:
        return self.card.state == CardState.GAP

    @property
    def selected(self) -> bool:
        return self._selected

    def set_selected(self, on: bool) -> None:
        self._selected = on and not self.is_gap
        self._update_style()

    def set_availability(self, can_animate: bool, why: str) -> None:
        """Whether the provider can animate now (else the buttons say why)."""
        self._can_animate, self._why_not = can_animate, why
        self._update_buttons()

    def set_next(self, why_not: str) -> None:
        """Whether this shot can animate into the next one ("" when it can; else why not)."""
        self._next_why = why_not
        self._update_buttons()

    def set_card(self, card: CardData) -> None:
        """Show `card` (a new status, duration or prompt) without rebuilding the widget."""
        self.card = card
        gap = card.state == CardState.GAP
        self.title.setText(f"<b>Shot {card.shot_number}</b> · {card.code}")
        text = card.description or card.prompt or "(no description)"
        metrics = self.description.fontMetrics()
        self.description.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, PICTURE.width())
        )
        self.description.setToolTip(f"{text}\n\nPrompt: {card.prompt}" if card.prompt else text)
        for widget in (self.duration_label, self.duration, self.duration_hint, self.motion):
            widget.setVisible(not gap)
        if gap:
            self.chips.hide()
        self.iterator_button.setVisible(gap)
        if gap:
            self.picture.set_message("No final image yet.\nPick one in the iterator.", dashed=True)
        elif self.picture.pixmap() is None:
            self.picture.set_message("Loading…")
        self.picture.set_clip_mark(card.clip_path is not None and card.state != CardState.STALE)
        self.duration.blockSignals(True)
        self.duration.setValue(card.duration)
        self.duration.blockSignals(False)
        self.duration_hint.setText(
            {"set": "", "clip": "from clip", "default": "default"}[card.duration_source]
        )
        if not self.motion.hasFocus():
            self.motion.setText(card.motion_prompt)
        self.motion.setEnabled(card.selection is not None)
        self.duration.setEnabled(card.selection is not None)
        self.badge.setVisible(card.state == CardState.STALE)
        self.badge.setToolTip(card.stale_reason)
        self.reference_badge.setVisible(bool(card.reference_changed))
        self.reference_badge.setToolTip(card.reference_changed or "")
        self.made_at.setText(f"made at {card.made_at}" if card.made_at else "")
        self.made_at.setVisible(bool(card.made_at))
        self.made_at.setToolTip(
            f"This image was made at {card.made_at}, not at the project's aspect ratio; "
            "make it again in the iterator to match."
            if card.made_at
            else ""
        )
        self.refresh_status()
        self._update_buttons()
        self._update_style()

    def refresh_status(self, now: datetime | None = None) -> None:
        """Re-read the status line (the elapsed time of a running animation moves on)."""
        state = self.card.state
        self.status.setText(status_text(self.card, now))
        sheet = f"color: {STATE_COLORS[state]};"
        if self.status.styleSheet() != sheet:  # re-polishing is slow; the tick calls this
            self.status.setStyleSheet(sheet)
        tip = ""
        if state == CardState.STALE:
            tip = self.card.stale_reason
        elif state == CardState.FAILED and self.card.selection is not None:
            tip = self.card.selection.error or ""
        self.status.setToolTip(tip)

    def status_message(self) -> str:
        return self.status.text()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.picture.set_pixmap(pixmap)
        if pixmap is None and not self.is_gap:
            self.picture.set_message("No picture (file missing)")

    def _update_buttons(self) -> None:
        state = self.card.state
        active = state in ACTIVE_STATES
        self.animate_button.setVisible(not self.is_gap)
        self.cancel_button.setVisible(not self.is_gap)
        self.play_button.setVisible(not self.is_gap)
        label = {
            CardState.FAILED: "Retry",
            CardState.STALE: "Re-animate",
            CardState.COMPLETE: "Re-animate",
        }.get(state, "Animate")
        self.animate_button.setText(label)
        can = self._can_animate and not active and self.card.image_id is not None
        self.animate_button.setEnabled(can)
        if not self._can_animate:
            self.animate_button.setToolTip(self._why_not)
        elif state == CardState.UNBUILT:
            self.animate_button.setToolTip("Builds the storyboard entry, then animates the shot")
        else:
            self.animate_button.setToolTip("Make a clip from this shot's final image")
        self.cancel_button.setEnabled(active)
        self.next_button.setVisible(not self.is_gap)
        self.next_button.setEnabled(can and not self._next_why)
        self.next_button.setToolTip(
            self._why_not
            if not self._can_animate
            else self._next_why
            or "A clip from this final to the next shot's final (first and last frame; "
            "its model is in Settings → First and last frame)"
        )
        self.play_button.setEnabled(self.card.clip_path is not None and not active)
        self.play_button.setToolTip(
            "Play the clip" if self.card.clip_path is not None else "No clip yet"
        )

    def _update_style(self) -> None:
        border = "#2f6fdf" if self._selected else "#c8c8c8"
        width = 2 if self._selected else 1
        background = "#eef4ff" if self._selected else ("#fafafa" if self.is_gap else "white")
        sheet = (
            f"StoryboardCard {{ background: {background}; border: {width}px solid {border}; "
            "border-radius: 6px; }"
        )
        if sheet != self.styleSheet():  # re-polishing the card and its children is slow
            self.setStyleSheet(sheet)

    # -- events --------------------------------------------------------------------------------

    def _on_duration_editing_finished(self) -> None:
        value = round(self.duration.value(), 1)
        if abs(value - self.card.duration) >= 0.05:
            self.duration_edited.emit(self.shot_id, value)

    def _on_motion_editing_finished(self) -> None:
        text = self.motion.text()
        if text != self.card.motion_prompt:
            self.motion_prompt_edited.emit(self.shot_id, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.clicked.emit(self.shot_id, event.modifiers())
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is not None:
            extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.move_requested.emit(self.shot_id, step, extend)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.is_gap:
            self.open_iterator_requested.emit(self.shot_id)
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # Qt override
        if self.is_gap:
            self.open_iterator_requested.emit(self.shot_id)
        elif self.card.clip_path is not None:
            self.play_requested.emit(self.shot_id)
        super().mouseDoubleClickEvent(event)
