"""The label kinds the dialogs share: a job's status line and a form's error line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def status_label(text: str, name: str, parent: QWidget) -> QLabel:
    """A wrapped, selectable label telling what a job is doing (and then how it ended)."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_label(parent: QWidget) -> QLabel:
    """A hidden red label (`errorLabel`) a form shows when its input is refused."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet("color: #d04040;")
    label.hide()
    return label
