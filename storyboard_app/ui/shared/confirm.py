"""The "Delete …?" confirmation the pages show before a deletion (non-blocking)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_delete(
    parent: QWidget,
    *,
    title: str,
    text: str,
    informative: str,
    on_yes: Callable[[], object],
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """Open a Yes/Cancel box (Cancel is the default) that runs `on_yes` when the user agrees."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDeleteBox")
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(
        lambda result: on_yes() if result == QMessageBox.StandardButton.Yes else None
    )
    box.open()
    return box
