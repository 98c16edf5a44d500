"""The shot form's camera fields (shot type, angle, move as compact combo boxes), its script
fields (dialogue, action, notes) and the @-completion and chips of its prompt."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from storyboard_app.domain.shot_language import ANGLES, MOVES, SHOT_TYPES
from storyboard_app.store.dto import ElementInfo, ShotFields
from storyboard_app.store.services.shot_fields import FieldChanges
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.mentions import MentionChips

NONE = "—"


def _combo(parent: QWidget, name: str, values: tuple[str, ...], tip: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItem(NONE)
    combo.addItems(list(values))
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class ShotFieldsForm(QWidget):
    """Camera and script fields of one shot (GUI thread; no service calls)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shotFieldsForm")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        camera = QHBoxLayout()
        self.shot_type_combo = _combo(self, "shotTypeCombo", SHOT_TYPES, "Shot type")
        self.angle_combo = _combo(self, "angleCombo", ANGLES, "Camera angle")
        self.move_combo = _combo(self, "moveCombo", MOVES, "Camera move (used by animation)")
        for label, combo in (
            ("Type", self.shot_type_combo),
            ("Angle", self.angle_combo),
            ("Move", self.move_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            camera.addWidget(caption)
            camera.addWidget(combo)
        camera.addStretch(1)
        layout.addRow("Camera:", camera)
        self.dialogue_edit = QLineEdit(self)
        self.dialogue_edit.setObjectName("dialogueEdit")
        self.action_edit = QLineEdit(self)
        self.action_edit.setObjectName("actionEdit")
        self.notes_edit = QLineEdit(self)
        self.notes_edit.setObjectName("notesEdit")
        layout.addRow("Dialogue:", self.dialogue_edit)
        layout.addRow("Action:", self.action_edit)
        layout.addRow("Notes:", self.notes_edit)

    @staticmethod
    def _value(combo: QComboBox) -> str | None:
        text = combo.currentText()
        return None if text == NONE else text

    def set_fields(self, fields: ShotFields) -> None:
        self.shot_type_combo.setCurrentText(fields.shot_type or NONE)
        self.angle_combo.setCurrentText(fields.angle or NONE)
        self.move_combo.setCurrentText(fields.move or NONE)
        self.dialogue_edit.setText(fields.dialogue)
        self.action_edit.setText(fields.action)
        self.notes_edit.setText(fields.notes)

    def current(self) -> ShotFields:
        return ShotFields(
            shot_type=self._value(self.shot_type_combo),
            angle=self._value(self.angle_combo),
            move=self._value(self.move_combo),
            dialogue=self.dialogue_edit.text(),
            action=self.action_edit.text(),
            notes=self.notes_edit.text(),
        )

    def dirty(self, fields: ShotFields) -> bool:
        return self.current() != fields

    def changes(self) -> FieldChanges:
        now = self.current()
        return FieldChanges.checked(
            shot_type=now.shot_type or "",
            angle=now.angle or "",
            move=now.move or "",
            dialogue=now.dialogue,
            action=now.action,
            notes=now.notes,
        )


class ShotExtras:
    """What the scenes editor's shot form adds: prompt chips + completion, and the fields."""

    def __init__(self, context: AppContext, prompt_edit: QPlainTextEdit, parent: QWidget) -> None:
        self.context = context
        self.chips = MentionChips(prompt_edit, parent)
        self.fields = ShotFieldsForm(parent)
        self._project_id: int | None = None

    def set_visible(self, visible: bool) -> None:
        self.fields.setVisible(visible)
        self.chips.setVisible(visible and bool(self.chips.chips))

    def load_elements(self, project_id: int | None) -> None:
        """Fetch the project's elements on the pool; completion and chips follow them."""
        self._project_id = project_id
        if project_id is None:
            self.chips.set_elements([])
            return

        def read(_ctx: object) -> list[ElementInfo]:
            return self.context.store.elements.list(project_id)

        def show(elements: list[ElementInfo]) -> None:
            if self._project_id == project_id:
                self.chips.set_elements(elements)

        self.context.tasks.submit(
            read,
            name="Loading elements",
            on_result=show,
            on_error=lambda exc: self.context.errors.present(exc, title="Could not load"),
            owner=self.chips,
        )
