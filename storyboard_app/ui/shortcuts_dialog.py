"""Help → Keyboard shortcuts (F1): every shortcut, grouped by where it works. The rows come
from the live actions and from the iterator's key lists (`ui/iterator/keys.py`), the same
definitions the menus, buttons and hints use, so the table never goes stale."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SIZE = (620, 560)  # fits a 1024×700 window with room around it


class ShortcutsDialog(QDialog):
    """Lists (where, action, keys) rows; the place is written once at the top of its group."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(*SIZE)
        self.rows = rows
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Where", "Action", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        bold = QFont(self.font())
        bold.setBold(True)
        previous = ""
        for row, (where, action, keys) in enumerate(rows):
            place = QTableWidgetItem(where if where != previous else "")
            place.setFont(bold)
            place.setToolTip(where)
            self.table.setItem(row, 0, place)
            self.table.setItem(row, 1, QTableWidgetItem(action))
            self.table.setItem(row, 2, QTableWidgetItem(keys))
            previous = where
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
