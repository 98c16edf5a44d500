"""The "Project look" dialog: aspect ratio, style text and frame rate of a project."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.shot_language import ASPECT_RATIOS, FRAME_RATES
from storyboard_app.store.dto import ProjectInfo
from storyboard_app.ui.context import AppContext


class ProjectLookDialog(QDialog):
    """Edits the look; saving runs on the pool, then the dialog closes (GUI thread)."""

    def __init__(self, context: AppContext, project: ProjectInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.project = project
        self.saved: ProjectInfo | None = None
        self.setObjectName("projectLookDialog")
        self.setWindowTitle(f"Project look — {project.title}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Sent with every image: the aspect ratio (to models that take one) and the "
                "style text (added to every prompt). Images made before keep what they "
                "recorded.",
                self,
            )
        )
        form = QFormLayout()
        self.aspect_combo = QComboBox(self)
        self.aspect_combo.setObjectName("aspectCombo")
        self.aspect_combo.addItems(list(ASPECT_RATIOS))
        self.aspect_combo.setCurrentText(project.aspect_ratio)
        form.addRow("&Aspect ratio:", self.aspect_combo)
        self.fps_combo = QComboBox(self)
        self.fps_combo.setObjectName("fpsCombo")
        self.fps_combo.addItems([str(f) for f in FRAME_RATES])
        self.fps_combo.setCurrentText(str(project.fps))
        form.addRow("&Frame rate:", self.fps_combo)
        self.style_edit = QPlainTextEdit(project.style, self)
        self.style_edit.setObjectName("styleEdit")
        self.style_edit.setPlaceholderText("e.g. charcoal sketch, muted palette, 35 mm film grain")
        self.style_edit.setMaximumHeight(90)
        form.addRow("&Style:", self.style_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        project_id = self.project.id
        aspect = self.aspect_combo.currentText()
        style = self.style_edit.toPlainText()
        fps = int(self.fps_combo.currentText())
        self.buttons.setEnabled(False)

        def write(_ctx: object) -> ProjectInfo:
            return self.context.store.projects.set_look(
                project_id, aspect_ratio=aspect, style=style, fps=fps
            )

        self.context.tasks.submit(
            write,
            name="Saving the project look",
            on_result=self._on_saved,
            on_error=self._on_error,
            owner=self,
        )

    def _on_saved(self, info: ProjectInfo) -> None:
        self.saved = info
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.context.errors.present(exc, title="The project look was not saved")
