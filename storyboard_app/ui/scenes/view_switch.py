"""Board or outline: how the Scenes page shows the project (remembered between sessions)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

SETTING = "scenes/view"


class ViewSwitch(QWidget):
    """Two exclusive buttons; changed() when the user picks the other view."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 0)
        layout.setSpacing(0)
        self.board_button = QToolButton(self)
        self.board_button.setText("Board")
        self.board_button.setToolTip("Shots as cards with their pictures (Ctrl+Shift+B)")
        self.outline_button = QToolButton(self)
        self.outline_button.setText("Outline")
        self.outline_button.setToolTip("Scenes and shots as a compact list (Ctrl+Shift+O)")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for button in (self.board_button, self.outline_button):
            button.setCheckable(True)
            button.setAutoRaise(False)
            self._group.addButton(button)
            layout.addWidget(button)
        shown = QSettings().value(SETTING, "board")
        (self.outline_button if shown == "outline" else self.board_button).setChecked(True)
        self._group.buttonToggled.connect(self._on_toggled)

    def board_shown(self) -> bool:
        return self.board_button.isChecked()

    def show_board(self, board: bool) -> None:
        (self.board_button if board else self.outline_button).setChecked(True)

    def _on_toggled(self, _button: QToolButton, checked: bool) -> None:
        if checked:
            QSettings().setValue(SETTING, "board" if self.board_shown() else "outline")
            self.changed.emit()
