"""Project → Cost… on the main window; the dialog loads on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction  # not QtCore.Qt: its enums cost ~60 ms before the first paint

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow


def install_cost_view(window: MainWindow) -> QAction:
    """Add Project → Cost… for the open project."""
    action = QAction("Cost…", window)
    action.setObjectName("projectCost")
    action.setStatusTip("What this project's predictions cost, by shot, model and day")

    def show() -> None:
        from PySide6.QtCore import Qt

        from storyboard_app.ui.costs.dialog import CostDialog

        project = window.project
        if project is None:
            window.context.errors.inform("Open a project first to see its cost.")
            return
        dialog = CostDialog(window.context, project.id, project.title, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.cost_dialog = dialog  # type: ignore[attr-defined]  # tests find it here
        dialog.show()

    action.triggered.connect(show)
    window.add_page_actions("&Project", [action])
    return action
