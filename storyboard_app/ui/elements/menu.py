"""Project → Elements… and Project → Project look…, installed on the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from storyboard_app.domain.enums import WorkflowVersion

if TYPE_CHECKING:  # the dialogs load when first opened, not before the first paint
    from storyboard_app.ui.elements.look_dialog import ProjectLookDialog
    from storyboard_app.ui.elements.page import ElementsDialog
    from storyboard_app.ui.main_window import MainWindow


class CreativeMenu(QObject):
    """Opens the elements page and the look dialog for the window's open project (GUI thread)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("creativeMenu")
        self.window = window
        self.elements_action = QAction("&Elements (cast, locations)…", window)
        self.elements_action.setObjectName("elementsAction")
        self.elements_action.setShortcut("Ctrl+Shift+E")
        self.elements_action.triggered.connect(self.open_elements)
        self.look_action = QAction("Project &look…", window)
        self.look_action.setObjectName("projectLookAction")
        self.look_action.triggered.connect(self.open_look)
        window.add_page_actions("&Project", [self.elements_action, self.look_action])
        self.dialog: ElementsDialog | ProjectLookDialog | None = None

    def _project_ok(self) -> bool:
        project = self.window.project
        return project is not None and project.workflow_version == WorkflowVersion.V2_REDESIGN

    def open_elements(self) -> ElementsDialog | None:
        project = self.window.project
        if project is None or not self._project_ok():
            self.window.statusBar().showMessage("Open a project first.", 4000)
            return None
        from storyboard_app.ui.elements.page import ElementsDialog

        dialog = ElementsDialog(self.window.context, project, self.window)
        dialog.elements_changed.connect(self._on_elements_changed)
        dialog.open()
        self.dialog = dialog
        return dialog

    def open_look(self) -> ProjectLookDialog | None:
        project = self.window.project
        if project is None or not self._project_ok():
            self.window.statusBar().showMessage("Open a project first.", 4000)
            return None
        from storyboard_app.ui.elements.look_dialog import ProjectLookDialog

        dialog = ProjectLookDialog(self.window.context, project, self.window)
        dialog.accepted.connect(lambda: self._on_look_saved(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _on_look_saved(self, dialog: ProjectLookDialog) -> None:
        project = self.window.project
        if dialog.saved is not None and project is not None and dialog.saved.id == project.id:
            self.window.project = dialog.saved

    def _on_elements_changed(self, project_id: int) -> None:
        """Every prompt editor's completion and chips follow the edited elements."""
        for page in self.window.created_pages():
            reload = getattr(page, "reload_elements", None)
            if callable(reload):
                reload()
        from storyboard_app.ui.iterator.refine_bar import RefineBar

        for bar in self.window.findChildren(RefineBar):
            bar.reload_elements()


def install_creative_menu(window: MainWindow) -> CreativeMenu:
    return CreativeMenu(window)
