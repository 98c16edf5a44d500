"""The row of actions floating over a tile's picture on hover and focus: star, refine, make
final, reject, open — the row a Midjourney or InvokeAI user expects."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QToolButton, QWidget

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo

BUTTON = QSize(24, 22)


class TileActions(QWidget):
    """Five small buttons; the tile connects them (GUI thread). Keys do the same on the
    focused tile: F, R, Enter, X, Space."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tileActions")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#tileActions { background: rgba(20, 22, 26, 200); border-radius: 6px; }"
            "#tileActions QToolButton { color: #f2f2f2; border: none; font-size: 14px; }"
            "#tileActions QToolButton:hover { background: rgba(255, 255, 255, 40);"
            " border-radius: 4px; }"
            "#tileActions QToolButton:disabled { color: #777; }"
        )
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        row.setContentsMargins(2, 1, 2, 1)
        row.setSpacing(1)
        self._row = row
        self.star_button = self._button("☆", "Star this variant (F)")
        self.refine_button = self._button("✎", "Refine from this variant (R)")
        self.final_button = self._button("✓", "Make this the shot's final image (Enter)")
        self.reject_button = self._button("⊘", "Reject: hide it, never delete it (X)")
        self.open_button = self._button("⤢", "Open it large (Space or double-click)")
        for button in self.buttons():
            row.addWidget(button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_vertical(self, on: bool) -> None:
        """A column along the picture's side, for narrow tiles (tall pictures in one row)."""
        direction = QBoxLayout.Direction.TopToBottom if on else QBoxLayout.Direction.LeftToRight
        if self._row.direction() != direction:
            self._row.setDirection(direction)
            self._row.activate()

    @property
    def vertical(self) -> bool:
        return self._row.direction() == QBoxLayout.Direction.TopToBottom

    def _button(self, glyph: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(glyph)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.setFixedSize(BUTTON)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys act on the focused tile
        return button

    def buttons(self) -> list[QToolButton]:
        return [
            self.star_button,
            self.refine_button,
            self.final_button,
            self.reject_button,
            self.open_button,
        ]

    def show_state(self, image: ImageInfo | None, *, is_final: bool) -> None:
        """Enable what makes sense for `image` and say so in the tooltips."""
        status = image.status if image else None
        complete = status == ImageStatus.COMPLETE
        starred = bool(image and image.is_favorite)
        self.star_button.setEnabled(image is not None)
        self.star_button.setText("★" if starred else "☆")
        self.star_button.setToolTip("Unstar (F)" if starred else "Star this variant (F)")
        self.refine_button.setEnabled(complete)
        self.final_button.setEnabled(complete and not is_final)
        self.final_button.setToolTip(
            "This is the shot's final image"
            if is_final
            else "Make this the shot's final image (Enter)"
        )
        rejected = bool(image and image.is_rejected)
        self.reject_button.setEnabled(image is not None)
        self.reject_button.setText("↺" if rejected else "⊘")
        self.reject_button.setToolTip(
            "Bring it back (X)" if rejected else "Reject: hide it, never delete it (X)"
        )
        self.open_button.setEnabled(complete)
