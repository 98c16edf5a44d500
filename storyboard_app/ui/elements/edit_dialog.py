"""Add or edit one element: name (an @mention), kind, description, reference files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.mentions import KINDS, MAX_REFERENCES, NAME_RULE, check_element_name
from storyboard_app.store.dto import ElementInfo

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.gif)"


class ElementEditDialog(QDialog):
    """A form; the caller reads `values()` after it is accepted (no service calls here)."""

    def __init__(self, parent: QWidget | None, element: ElementInfo | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elementEditDialog")
        self.setWindowTitle("Edit element" if element else "New element")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(element.name if element else "", self)
        self.name_edit.setObjectName("elementName")
        self.name_edit.setPlaceholderText("Mara")
        self.name_edit.setToolTip(f"Used as @Name in prompts: {NAME_RULE}.")
        form.addRow("&Name:", self.name_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("elementKind")
        self.kind_combo.addItems(list(KINDS))
        if element:
            self.kind_combo.setCurrentText(element.kind)
        form.addRow("&Kind:", self.kind_combo)
        self.description_edit = QPlainTextEdit(element.description if element else "", self)
        self.description_edit.setMaximumHeight(80)
        form.addRow("&Description:", self.description_edit)
        self.files = QListWidget(self)
        self.files.setObjectName("elementFiles")
        self.files.setMaximumHeight(70)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        add = QPushButton("Add image…", self)
        add.clicked.connect(self._on_add_clicked)
        files_row.addWidget(add)
        if element is None:
            form.addRow(f"References (≤ {MAX_REFERENCES}):", files_row)
        else:
            for widget in (self.files, add):
                widget.hide()
        layout.addLayout(form)
        self.problem = QLabel("", self)
        self.problem.setObjectName("elementProblem")
        self.problem.setStyleSheet("color: #b03a3a")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            if self.files.count() < MAX_REFERENCES:
                self.files.addItem(str(path))

    def _on_add_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Reference images", "", IMAGE_FILTER)
        self.add_files([Path(n) for n in names])

    def values(self) -> tuple[str, str, str, list[Path]]:
        files = [Path(self.files.item(i).text()) for i in range(self.files.count())]
        return (
            self.name_edit.text().strip(),
            self.kind_combo.currentText(),
            self.description_edit.toPlainText(),
            files,
        )

    def _on_ok(self) -> None:
        try:
            check_element_name(self.name_edit.text())
        except InvalidInputError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()
