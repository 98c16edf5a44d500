"""The preview of drafted scenes and shots: the user edits and accepts before anything is saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from storyboard_app.domain import shot_language
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import clean_prompt, clean_title
from storyboard_app.domain.outline import DraftScene, DraftShot, ProposedElement
from storyboard_app.domain.shot_language import SHOT_TYPES
from storyboard_app.ui.planner.proposals_panel import ProposalsPanel

_SCENE = 1
_SHOT = 2
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_DRAFT_ROLE = Qt.ItemDataRole.UserRole + 2  # the draft the row came from: fields not shown


class DraftPreviewDialog(QDialog):
    """An editable tree of the drafted scenes (title, description) and shots (text, prompt)."""

    def __init__(
        self,
        drafts: list[DraftScene],
        existing_scenes: int,
        source: str = "the outline parser",
        parent: QWidget | None = None,
        *,
        look: list[str] | None = None,
        notes: list[str] | None = None,
        style: str = "",
        elements: list[ProposedElement] | None = None,
        current_style: str = "",
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
        self.look_label = _note_label(
            self,
            "lookLabel",
            "Look of the film (kept in the plan, not made into scenes)",
            look or [],
        )
        layout.addWidget(self.look_label)
        self.notes_label = _note_label(self, "notesLabel", "Left out of the draft", notes or [])
        layout.addWidget(self.notes_label)
        self.proposals = ProposalsPanel(style, elements or [], self, current_style=current_style)
        layout.addWidget(self.proposals)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("draftTree")
        # a screenplay's draft also shows the script's scene numbers and each shot's dialogue
        self.from_script = any(d.number or any(sh.dialogue for sh in d.shots) for d in drafts)
        headers = ["Scene title / shot", "Description / initial prompt"]
        if self.from_script:
            headers.append("Script scene / dialogue")
        self.type_column = len(headers)  # the shot type, read from the shot's words
        self.tree.setColumnCount(len(headers) + 1)
        self.tree.setHeaderLabels([*headers, "Shot type"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        if self.from_script:  # heading, prompt and dialogue share the width in thirds
            for column in range(3):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        if not self.from_script:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.type_column, QHeaderView.ResizeMode.ResizeToContents)
        for scene in drafts:
            item = QTreeWidgetItem(self.tree, [scene.title, scene.description, scene.number])
            item.setData(0, _KIND_ROLE, _SCENE)
            item.setData(0, _DRAFT_ROLE, scene)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            for shot in scene.shots:
                columns = [shot.description, shot.initial_prompt]
                if self.from_script:
                    columns.append(shot.dialogue)
                child = QTreeWidgetItem(item, [*columns, shot.shot_type or ""])
                child.setToolTip(
                    self.type_column,
                    "Shot type: " + ", ".join(SHOT_TYPES) + " (empty: none)",
                )
                child.setData(0, _KIND_ROLE, _SHOT)
                child.setData(0, _DRAFT_ROLE, shot)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsEditable)
                if shot.notes:
                    child.setToolTip(0, f"Notes: {shot.notes}")
            item.setExpanded(True)
        layout.addWidget(self.tree, 1)

        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove selected", self)
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setShortcut("Delete")
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.existing = existing_scenes
        self._replace: bool | None = None  # with scenes already there, the user chooses
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
        # Drafting again: add after the scenes already there, or replace them — asked, never
        # assumed (a silent "add" duplicated every scene).
        self.add_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.setObjectName("addScenesButton")
        self.add_button.clicked.connect(lambda: self.choose(replace=False))
        self.replace_button = self.buttons.addButton(
            "Replace", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.replace_button.setObjectName("replaceScenesButton")
        self.replace_button.clicked.connect(lambda: self.choose(replace=True))
        asks = existing_scenes > 0
        self.add_button.setVisible(asks)
        self.replace_button.setVisible(asks)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setVisible(not asks)
        layout.addWidget(self.buttons)
        self.tree.model().rowsRemoved.connect(self._update_ok_text)
        self._update_ok_text()

    @property
    def replace(self) -> bool:
        """The user chose to replace the existing scenes (False: add after them)."""
        return bool(self._replace)

    def choose(self, *, replace: bool) -> None:
        """Add after, or replace, the scenes already there; then accept."""
        self._replace = replace
        self.accept()

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
                _shot_of(child, self.from_script, self.type_column)
                for child in children
                if child is not None
            ]
            scene = item.data(0, _DRAFT_ROLE)
            scene = scene if isinstance(scene, DraftScene) else DraftScene("")
            result.append(
                replace(
                    scene,
                    title=item.text(0).strip(),
                    description=item.text(1).strip(),
                    shots=shots,
                    number=item.text(2).strip() if self.from_script else scene.number,
                )
            )
        return result

    def _update_ok_text(self, *_args: object) -> None:
        items = self._scene_items()
        scenes = len(items)
        shots = sum(item.childCount() for item in items)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Create {_n(scenes, 'scene')}, {_n(shots, 'shot')}")
        ok.setEnabled(scenes > 0)
        there = _n(self.existing, "scene")
        self.add_button.setText(f"Add {_n(scenes, 'scene')} after the {there} there")
        self.replace_button.setText(f"Replace the {there} with these {scenes}")
        for button in (self.add_button, self.replace_button):
            button.setEnabled(scenes > 0)

    def accept(self) -> None:
        try:
            drafts = self.drafts()
            if not drafts:
                raise InvalidInputError("Nothing left to create: keep at least one scene.")
            if self.existing and self._replace is None:
                raise InvalidInputError(
                    f"The project already has {_n(self.existing, 'scene')}: choose whether "
                    "to add these after them or to replace them."
                )
            for number, scene in enumerate(drafts, start=1):
                clean_title(scene.title, f"The title of scene {number}")
                for shot in scene.shots:
                    clean_prompt(shot.initial_prompt)
                    shot_language.shot_type(shot.shot_type)
        except InvalidInputError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        super().accept()


def _shot_of(item: QTreeWidgetItem, from_script: bool, type_column: int) -> DraftShot:
    """The shot as the user left the row; what the row does not show is kept as drafted."""
    shot = item.data(0, _DRAFT_ROLE)
    shot = shot if isinstance(shot, DraftShot) else DraftShot("", "")
    return replace(
        shot,
        description=item.text(0).strip(),
        initial_prompt=item.text(1).strip(),
        dialogue=item.text(2).strip() if from_script else shot.dialogue,
        shot_type=item.text(type_column).strip() or None,
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _note_label(parent: QWidget, name: str, heading: str, lines: list[str]) -> QLabel:
    """A boxed list under the intro (hidden when there is nothing to say)."""
    from html import escape

    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    label.setText(f"<b>{escape(heading)}</b><ul style='margin:2px 0'>{items}</ul>")
    label.setStyleSheet("QLabel { border: 1px solid palette(mid); padding: 4px 8px; }")
    label.setVisible(bool(lines))
    return label
