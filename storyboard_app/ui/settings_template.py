"""A model's input template in Settings: the common inputs as labelled fields, the raw JSON
behind an "Advanced" disclosure (GUI thread). Both edit the same template."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# The inputs a creator recognises, in their words; any other input stays in the JSON.
COMMON_INPUTS = {
    "aspect_ratio": "Aspect ratio",
    "output_format": "Image format",
    "num_outputs": "Images per request",
    "prompt_strength": "Change from the parent (0–1)",
    "num_frames": "Frames per clip",
    "frames_per_second": "Frames per second",
    "max_tokens": "Longest reply (words ≈ ¾ of this)",
    "temperature": "Variety of the reply (0–1)",
}


def template_of(text: str) -> dict[str, Any] | None:
    """The JSON object in `text`, or None when it does not parse as one."""
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def typed_like(old: object, text: str) -> object:
    """`text` read as the type the input had (a number stays a number)."""
    text = text.strip()
    try:
        if isinstance(old, bool):
            return text.lower() in ("1", "true", "yes", "on")
        if isinstance(old, int):
            return int(text)
        if isinstance(old, float):
            return float(text)
    except ValueError:
        return text
    return text


class TemplateEditor(QWidget):
    """The fields of the common inputs and, folded away, the JSON of every input."""

    def __init__(self, purpose: str, template: dict[str, Any], mono: QFont, parent: QWidget):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in COMMON_INPUTS.items():
            if key in template and not isinstance(template[key], dict | list):
                edit = QLineEdit(str(template[key]), self)
                edit.setObjectName(f"input_{purpose}_{key}")
                edit.textEdited.connect(lambda text, k=key: self._on_field_edited(k, text))
                form.addRow(f"{label}:", edit)
                self.fields[key] = edit
        layout.addLayout(form)
        self.advanced_button = QToolButton(self)
        self.advanced_button.setObjectName(f"advanced_{purpose}")
        self.advanced_button.setText("Advanced: every input as JSON")
        self.advanced_button.setCheckable(True)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self._on_advanced_toggled)
        layout.addWidget(self.advanced_button)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName(f"template_{purpose}")
        self.text_edit.setFont(mono)
        self.text_edit.setPlainText(json.dumps(template, indent=2))
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.text_edit.setVisible(False)
        layout.addWidget(self.text_edit, 1)
        layout.addStretch(0)

    def _on_advanced_toggled(self, shown: bool) -> None:
        self.text_edit.setVisible(shown)
        self.advanced_button.setArrowType(self._arrow(shown))

    @staticmethod
    def _arrow(shown: bool) -> Any:
        from PySide6.QtCore import Qt

        return Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow

    def _on_field_edited(self, key: str, text: str) -> None:
        template = template_of(self.text_edit.toPlainText())
        if template is None:  # the JSON is being fixed by hand: it says what is wrong
            self.advanced_button.setChecked(True)
            return
        template[key] = typed_like(template.get(key), text)
        self.text_edit.blockSignals(True)
        self.text_edit.setPlainText(json.dumps(template, indent=2))
        self.text_edit.blockSignals(False)
        self.text_edit.textChanged.emit()  # the dialog re-checks every template

    def _on_text_changed(self) -> None:
        template = template_of(self.text_edit.toPlainText())
        if template is None:
            return
        for key, edit in self.fields.items():
            if key in template and not edit.hasFocus():
                edit.setText(str(template[key]))
