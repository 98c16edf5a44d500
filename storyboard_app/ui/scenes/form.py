"""The scenes editor's detail form: a scene's title and description, or a shot's description
and initial prompt, with Revert and Apply."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.scenes.shot_fields_form import ShotExtras
from storyboard_app.ui.scenes.state import form_is_dirty, form_title


class ItemForm(QWidget):
    """The fields of the scene or shot selected in the tree (GUI thread)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.item: SceneInfo | ShotInfo | None = None  # what the form shows
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 0, 0, 0)
        self.form_title = QLabel("", self)
        self.form_title.setObjectName("formTitle")
        outer.addWidget(self.form_title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.title_label = QLabel("&Title:", self)
        self.title_label.setBuddy(self.title_edit)
        form.addRow(self.title_label, self.title_edit)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(96)  # compact: the board is the hero
        description_label = QLabel("&Description:", self)
        description_label.setBuddy(self.description_edit)
        form.addRow(description_label, self.description_edit)
        self.prompt_edit = QPlainTextEdit(self)
        self.prompt_edit.setObjectName("promptEdit")
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_edit.setPlaceholderText("What the image model should draw for this shot")
        self.prompt_edit.setMaximumHeight(140)
        self.prompt_label = QLabel("Initial &prompt:", self)
        self.prompt_label.setBuddy(self.prompt_edit)
        form.addRow(self.prompt_label, self.prompt_edit)
        self.extras = ShotExtras(context, self.prompt_edit, self)  # @-chips, camera, script
        form.addRow("", self.extras.chips)
        form.addRow(self.extras.fields)
        outer.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("Revert", self)
        self.apply_button = QPushButton("Apply (Ctrl+Enter)", self)
        self.apply_button.setObjectName("applyButton")
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        outer.addLayout(buttons)
        outer.addStretch(1)

    def show_item(self, item: SceneInfo | ShotInfo | None, scenes: list[SceneInfo]) -> None:
        """Fill the fields from `item` (None: nothing selected)."""
        self.item = item
        is_scene = isinstance(item, SceneInfo)
        self.title_label.setVisible(is_scene)
        self.title_edit.setVisible(is_scene)
        self.prompt_label.setVisible(not is_scene)
        self.prompt_edit.setVisible(not is_scene)
        self.extras.set_visible(isinstance(item, ShotInfo))
        self.form_title.setText(form_title(item, scenes))
        if isinstance(item, SceneInfo):
            self.title_edit.setText(item.title)
            self.description_edit.setPlainText(item.description)
            self.prompt_edit.clear()
        elif isinstance(item, ShotInfo):
            self.title_edit.clear()
            self.description_edit.setPlainText(item.description)
            self.prompt_edit.setPlainText(item.initial_prompt)
            self.extras.fields.set_fields(item.fields)
        else:
            self.title_edit.clear()
            self.description_edit.clear()
            self.prompt_edit.clear()

    def is_dirty(self) -> bool:
        """The fields differ from the item shown (unapplied edits)."""
        if isinstance(self.item, ShotInfo) and self.extras.fields.dirty(self.item.fields):
            return True
        return form_is_dirty(
            self.item,
            self.title_edit.text(),
            self.description_edit.toPlainText(),
            self.prompt_edit.toPlainText(),
        )
