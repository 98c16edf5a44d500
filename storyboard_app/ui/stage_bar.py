"""The bar under the toolbar: back to projects, the project's title, and its four stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from storyboard_app.domain.enums import RedesignStatus
from storyboard_app.ui.shared.elided_label import ElidedLabel

if TYPE_CHECKING:  # DTO modules stay off the start-up path
    from storyboard_app.store.dto import ProjectInfo

STAGES: tuple[tuple[str, str], ...] = (
    ("planner", "1  Planner"),
    ("scenes", "2  Scenes"),
    ("iterator", "3  Iterator"),
    ("storyboard", "4  Storyboard"),
)

_STAGE_OF_STATUS = {
    RedesignStatus.PROMPT_PLANNING: "planner",
    RedesignStatus.SCENES_SETUP: "scenes",
    RedesignStatus.SHOT_ITERATION: "iterator",
    RedesignStatus.STORYBOARD_FINAL: "storyboard",
    RedesignStatus.ANIMATION_COMPLETE: "storyboard",
}


def page_for_status(status: RedesignStatus | None) -> str:
    """The page a project opens on, given where its workflow is."""
    return _STAGE_OF_STATUS.get(status, "planner") if status else "planner"


class StageBar(QWidget):
    """Stage buttons; every stage is always clickable, the project's stage is marked (GUI).

    stage_clicked(str): the user picked a page key.
    back_clicked(): the user wants the dashboard.
    """

    stage_clicked = Signal(str)
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        back = QToolButton(self)
        back.setText("← Projects")
        back.setAutoRaise(True)
        back.setToolTip("Back to all projects (Ctrl+0)")
        back.clicked.connect(self.back_clicked)
        layout.addWidget(back)
        self.title_label = ElidedLabel("", self)  # a long title never widens the window
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        self._arrows: list[QLabel] = []
        for index, (key, text) in enumerate(STAGES):
            if index:
                arrow = QLabel("→", self)
                arrow.setEnabled(False)
                self._arrows.append(arrow)
                layout.addWidget(arrow)
            button = QToolButton(self)
            button.setText(text)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setObjectName(f"stage_{key}")
            button.clicked.connect(lambda _checked=False, k=key: self.stage_clicked.emit(k))
            self._group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("stageStatus")
        layout.addWidget(self.status_label)
        self._project_stage = "planner"

    @property
    def project_stage(self) -> str:
        """The page key of the stage the project's data is in."""
        return self._project_stage

    def show_project(self, project: ProjectInfo) -> None:
        self.title_label.setText(project.title)
        self._project_stage = page_for_status(project.redesign_status)
        label = project.redesign_status.label if project.redesign_status else "Legacy"
        self.status_label.setText(f"Stage: {label}")
        for key, text in STAGES:
            button = self.buttons[key]
            marked = key == self._project_stage
            button.setText(f"{text}  ●" if marked else text)
            button.setToolTip(
                "The project is at this stage" if marked else "Open this stage any time"
            )

    def set_stages_visible(self, visible: bool) -> None:
        """Show or hide the four stage buttons (a legacy project has no stages)."""
        for widget in [*self.buttons.values(), *self._arrows]:
            widget.setVisible(visible)

    def set_current(self, key: str) -> None:
        button = self.buttons.get(key)
        if button is not None:
            button.setChecked(True)
        else:  # a page outside the four stages (e.g. legacy): nothing checked
            self._group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self._group.setExclusive(True)
