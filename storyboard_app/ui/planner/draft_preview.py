"""The preview of drafted scenes and shots: the user edits and accepts before anything is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import clean_prompt, clean_title
from storyboard_app.domain.outline import DraftScene, DraftShot

_SCENE = 1
_SHOT = 2
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class DraftPreviewDialog(QDialog):
    """An editable tree of the drafted scenes (title, description) and shots (text, prompt)."""

    def __init__(
        self,
        drafts: list[DraftScene],
        existing_scenes: int,
        source: str = "the outline parser",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftPreviewDialog")
        self.setWindowTitle("Draft scenes and shots")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Drafted by {source}. Double-click to rename a scene or edit a shot's prompt; "
            "remove what you do not want. Nothing is saved until you accept.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("draftTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Scene title / shot", "Description / initial prompt"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setStretchLastSection(True)
        for scene in drafts:
            item = QTreeWidgetItem(self.tree, [scene.title, scene.description])
            item.setData(0, _KIND_ROLE, _SCENE)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            for shot in scene.shots:
                child = QTreeWidgetItem(item, [shot.description, shot.initial_prompt])
                child.setData(0, _KIND_ROLE, _SHOT)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setExpanded(True)
        layout.addWidget(self.tree, 1)

        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove selected", self)
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setShortcut("Delete")
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.replace_check = QCheckBox(
            f"Replace the {existing_scenes} existing scene(s) instead of adding after them", self
        )
        self.replace_check.setObjectName("replaceCheck")
        self.replace_check.setVisible(existing_scenes > 0)
        row.addWidget(self.replace_check)
        layout.addLayout(row)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #d04040;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.tree.model().rowsRemoved.connect(self._update_ok_text)
        self._update_ok_text()

    @property
    def replace(self) -> bool:
        return self.replace_check.isVisible() and self.replace_check.isChecked()

    def remove_selected(self) -> None:
        for item in self.tree.selectedItems():
            parent = item.parent()
            if parent is not None:
                parent.removeChild(item)
            else:
                index = self.tree.indexOfTopLevelItem(item)
                if index >= 0:
                    self.tree.takeTopLevelItem(index)
        self._update_ok_text()

    def _scene_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def drafts(self) -> list[DraftScene]:
        """The scenes as the user left them."""
        result: list[DraftScene] = []
        for item in self._scene_items():
            children = (item.child(j) for j in range(item.childCount()))
            shots = [
                DraftShot(description=child.text(0).strip(), initial_prompt=child.text(1).strip())
                for child in children
                if child is not None
            ]
            result.append(DraftScene(item.text(0).strip(), item.text(1).strip(), shots))
        return result

    def _update_ok_text(self, *_args: object) -> None:
        items = self._scene_items()
        scenes = len(items)
        shots = sum(item.childCount() for item in items)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Create {scenes} scene(s), {shots} shot(s)")
        ok.setEnabled(scenes > 0)

    def accept(self) -> None:
        try:
            drafts = self.drafts()
            if not drafts:
                raise InvalidInputError("Nothing left to create: keep at least one scene.")
            for number, scene in enumerate(drafts, start=1):
                clean_title(scene.title, f"The title of scene {number}")
                for shot in scene.shots:
                    clean_prompt(shot.initial_prompt)
        except InvalidInputError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        super().accept()
