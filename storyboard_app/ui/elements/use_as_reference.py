"""“Use as reference for @Name…”: make a generated image a reference of an element."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.mentions import KINDS, MAX_REFERENCES, check_element_name
from storyboard_app.store.dto import ElementInfo, ImageInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.mentions import load_elements

NEW = "New element…"


class UseAsReferenceDialog(QDialog):
    """Pick an element (or name a new one); the write runs on the pool (GUI thread)."""

    def __init__(self, context: AppContext, image: ImageInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.image = image
        self.elements: list[ElementInfo] = []
        self.setObjectName("useAsReferenceDialog")
        self.setWindowTitle("Use as reference")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"Round {image.iteration_number} · variant {image.variant_number + 1} becomes "
                "a reference image of:",
                self,
            )
        )
        form = QFormLayout()
        self.element_combo = QComboBox(self)
        self.element_combo.setObjectName("referenceElementCombo")
        self.element_combo.addItem(NEW)
        self.element_combo.currentIndexChanged.connect(self._on_element_changed)
        form.addRow("&Element:", self.element_combo)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Mara")
        form.addRow("New &name:", self.name_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItems(list(KINDS))
        form.addRow("&Kind:", self.kind_combo)
        layout.addLayout(form)
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: #b03a3a")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        load_elements(context, image.project_id, self, self._show)

    def _show(self, elements: list[ElementInfo]) -> None:
        self.elements = [e for e in elements if len(e.images) < MAX_REFERENCES]
        for element in self.elements:
            self.element_combo.addItem(f"@{element.name} ({element.kind})", element.id)
        if self.elements:
            self.element_combo.setCurrentIndex(1)

    def _on_element_changed(self, index: int) -> None:
        new = index <= 0
        self.name_edit.setEnabled(new)
        self.kind_combo.setEnabled(new)

    def save(self) -> None:
        element_id = self.element_combo.currentData()
        image_id, project_id = self.image.id, self.image.project_id
        elements = self.context.store.elements
        if isinstance(element_id, int):

            def write(_ctx: object) -> ElementInfo:
                return elements.add_references(element_id, from_images=[image_id])
        else:
            try:
                name = check_element_name(self.name_edit.text())
            except InvalidInputError as exc:
                self.problem.setText(str(exc))
                return
            kind = self.kind_combo.currentText()

            def write(_ctx: object) -> ElementInfo:
                return elements.add(project_id, name, kind, from_images=[image_id])

        self.buttons.setEnabled(False)
        self.context.tasks.submit(
            write,
            name="Adding the reference",
            on_result=lambda _e: self.accept(),
            on_error=self._on_error,
            owner=self,
        )

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.context.errors.present(exc, title="The reference was not added")
