"""What a draft proposes beside its scenes: the project style and the recurring characters
and places as elements — each ticked or not by the creator before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.outline import ProposedElement

_ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_WORDS = {"character": "character", "location": "place"}


class ProposalsPanel(QGroupBox):
    """The proposed style (editable, used when ticked) and the proposed elements (ticked ones
    are created). Hidden when the draft proposes nothing."""

    def __init__(
        self,
        style: str,
        elements: list[ProposedElement],
        parent: QWidget,
        *,
        current_style: str = "",
    ) -> None:
        super().__init__("Proposed from the draft", parent)
        self.setObjectName("proposalsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        row = QHBoxLayout()
        self.style_check = QCheckBox("Use as the project's &style:", self)
        self.style_check.setObjectName("useStyleCheck")
        self.style_edit = QLineEdit(style, self)
        self.style_edit.setObjectName("styleEdit")
        self.style_edit.setToolTip("Added to every image prompt of the project")
        # An empty project style takes the proposal by default; an existing one is kept
        # unless the creator ticks the box.
        self.style_check.setChecked(bool(style) and not current_style.strip())
        self.style_edit.setEnabled(self.style_check.isChecked())
        self.style_check.toggled.connect(self.style_edit.setEnabled)
        row.addWidget(self.style_check)
        row.addWidget(self.style_edit, 1)
        self.style_row = QWidget(self)
        self.style_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.style_row.setVisible(bool(style))
        layout.addWidget(self.style_row)
        if current_style.strip() and style:
            kept = QLabel(f"The project's style now: “{current_style.strip()[:120]}”", self)
            kept.setWordWrap(True)
            layout.addWidget(kept)
        self.elements_label = QLabel(
            "Recurring characters and places — ticked ones become elements you can name with "
            "@Name in prompts (add their reference images on the Elements page):",
            self,
        )
        self.elements_label.setWordWrap(True)
        self.elements_list = QListWidget(self)
        self.elements_list.setObjectName("proposedElements")
        self.elements_list.setFlow(QListWidget.Flow.LeftToRight)
        self.elements_list.setWrapping(True)
        self.elements_list.setMaximumHeight(72)
        for element in elements:
            item = QListWidgetItem(
                f"@{element.name} ({KIND_WORDS.get(element.kind, element.kind)})"
            )
            item.setToolTip(element.description)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(_ELEMENT_ROLE, element)
            self.elements_list.addItem(item)
        for widget in (self.elements_label, self.elements_list):
            widget.setVisible(bool(elements))
            layout.addWidget(widget)
        self.setVisible(bool(style) or bool(elements))

    def chosen_style(self) -> str | None:
        """The style to set on the project, or None to leave it as it is."""
        if not self.style_check.isChecked():
            return None
        return self.style_edit.text().strip() or None

    def chosen_elements(self) -> list[ProposedElement]:
        chosen = []
        for row in range(self.elements_list.count()):
            item = self.elements_list.item(row)
            element = item.data(_ELEMENT_ROLE)
            if item.checkState() == Qt.CheckState.Checked and isinstance(element, ProposedElement):
                chosen.append(element)
        return chosen
