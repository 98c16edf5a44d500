"""File → Import: a Convex export of the original web app, a project bundle, a Storyboarder project.

`install_import_menu(window)` adds the submenu and an `ImportController` that asks for the
file through its `chooser` (a QFileDialog by default; tests inject a callable: the file
dialog is the outside boundary), then runs the import in an `ImportDialog` (progress,
Cancel, then the report) and refreshes the dashboard. Both imports run in one transaction:
a failed or cancelled import leaves the database unchanged. (File → Export → Project
bundle lives in `export_dialog`.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.interchange.job_dialogs import (
    ImportDialog,
    JobControl,
    bundle_report_content,
    convex_report_content,
)
from storyboard_app.ui.interchange.storyboarder_import import (
    NAME_FILTER as STORYBOARDER_FILTER,
)
from storyboard_app.ui.interchange.storyboarder_import import (
    run_storyboarder_import,
    storyboarder_report_content,
)
from storyboard_app.ui.shared.file_chooser import (
    FileChooser,
    FileMode,
    FileRequest,
    platform_chooser,
)
from storyboard_app.ui.shared.file_menu import find_file_menu
from storyboard_app.ui.shared.folders import remember_folder, start_folder
from storyboard_app.ui.shared.worker import TaskCancelled

if TYPE_CHECKING:
    from storyboard_app.interchange.reports import BundleReport, ImportReport
    from storyboard_app.ui.main_window import MainWindow


def run_convex_import(path: Path) -> Callable[[AppContext, JobControl], ImportReport]:
    """The job importing a Convex export (pool thread); cancellable between batches."""

    def run(context: AppContext, control: JobControl) -> ImportReport:
        from storyboard_app.interchange.convex import (
            ImportCancelled,
            import_convex_export,
        )

        control.check_cancelled()
        try:
            return import_convex_export(
                context.store,
                context.paths.media,
                path,
                progress=control.progress,
                cancel=lambda: control.cancelled,
            )
        except ImportCancelled as exc:  # rolled back: tell the dialog it was cancelled
            raise TaskCancelled() from exc

    return run


def run_bundle_import(path: Path) -> Callable[[AppContext, JobControl], BundleReport]:
    """The job importing a project bundle (pool thread); cancelling rolls the rows back."""

    def run(context: AppContext, control: JobControl) -> BundleReport:
        from storyboard_app.interchange.bundle import import_bundle

        def progress(done: int, total: int) -> None:
            control.check_cancelled()  # raising inside the transaction rolls it back
            control.progress(done, total)

        control.check_cancelled()
        return import_bundle(context.store, context.paths.media, path, progress)

    return run


def refresh_dashboard(window: QWidget) -> None:
    """Reload the dashboard's project list if the window has built it."""
    pages = getattr(window, "created_pages", None)
    if pages is None:
        return
    for page in pages():
        if page.objectName() == "page_dashboard":
            reload: Callable[[], Any] | None = getattr(page, "reload", None)
            if reload is not None:
                reload()


@dataclass(frozen=True)
class ImportKind:
    """One entry of File → Import."""

    key: str
    menu_text: str
    what: str  # "Convex export", in messages
    name_filter: str
    tip: str


IMPORTS: tuple[ImportKind, ...] = (
    ImportKind(
        "convex",
        "&Convex export (.zip)…",
        "Convex export",
        "Convex export (*.zip);;All files (*)",
        "Import the original web app's data (npx convex export --path backup.zip)",
    ),
    ImportKind(
        "bundle",
        "Project &bundle…",
        "project bundle",
        "Storyboard bundle (*.zip);;All files (*)",
        "Import a project bundle exported on this or another machine (a new copy)",
    ),
    ImportKind(
        "storyboarder",
        "&Storyboarder project…",
        "Storyboarder project",
        STORYBOARDER_FILTER,
        "Import a Storyboarder scene (.storyboarder) or a multi-scene project (its script)",
    ),
)


class ImportController(QObject):
    """File → Import for the main window (GUI thread).

    dialog_opened(object): an `ImportDialog` was shown.
    """

    dialog_opened = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("importController")
        self.window = window
        self.chooser: FileChooser = platform_chooser
        self.actions: dict[str, QAction] = {}
        self.menu = QMenu("&Import", window)
        self.menu.setObjectName("importMenu")
        for kind in IMPORTS:
            action = QAction(kind.menu_text, window)
            action.setObjectName(f"import_{kind.key}")
            action.setStatusTip(kind.tip)
            action.triggered.connect(lambda _checked=False, k=kind.key: self.start_import(k))
            self.actions[kind.key] = action
            self.menu.addAction(action)
            window.addAction(action)
            window.actions_by_name[action.objectName()] = action
        from storyboard_app.ui.interchange.screenplay_import import install_screenplay_action

        self.screenplay = install_screenplay_action(self)  # through the planner's preview

    def import_convex(self, path: Path | None = None) -> ImportDialog | None:
        return self.start_import("convex", path)

    def import_bundle(self, path: Path | None = None) -> ImportDialog | None:
        return self.start_import("bundle", path)

    def start_import(self, key: str, path: Path | None = None) -> ImportDialog | None:
        """Ask for the file (unless `path` is given), then import it in an `ImportDialog`."""
        kind = next(k for k in IMPORTS if k.key == key)
        if path is None:
            paths = self.window.context.paths
            path = self.chooser(
                FileRequest(
                    f"Import a {kind.what}", start_folder(paths), kind.name_filter, FileMode.OPEN
                )
            )
            if path is None:
                return None
            remember_folder(paths, Path(path).expanduser())
        path = Path(path).expanduser()
        if key == "convex":
            job: Any = run_convex_import(path)
            describe: Any = convex_report_content
        elif key == "storyboarder":
            job, describe = run_storyboarder_import(path), storyboarder_report_content
        else:
            job = run_bundle_import(path)
            describe = bundle_report_content
        dialog = ImportDialog(self.window.context, kind.what, path.name, job, describe, self.window)
        dialog.source_path = path  # "Open folder" shows it once imported
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.import_finished.connect(lambda _report: refresh_dashboard(self.window))
        dialog.open_project_requested.connect(self.window.open_project)
        dialog.open()
        dialog.start()
        self.dialog_opened.emit(dialog)
        return dialog


def install_import_menu(window: MainWindow) -> ImportController:
    """Put File → Import in the window's menu bar (before Export, else before Settings)."""
    controller = ImportController(window)
    file_menu = find_file_menu(window)
    if file_menu is None:
        window.add_page_actions("&Import", list(controller.actions.values()))
        return controller
    before: QAction | None = None
    for action in file_menu.actions():
        if action.menu() is not None and action.text().replace("&", "") == "Export":
            before = action
            break
    if before is not None:
        file_menu.insertMenu(before, controller.menu)
        return controller
    settings = window.actions_by_name.get("settings")
    if settings is not None and settings in file_menu.actions():
        file_menu.insertMenu(settings, controller.menu)
        file_menu.insertSeparator(settings)
    else:
        file_menu.addMenu(controller.menu)
    return controller


def import_controller(widget: QWidget) -> ImportController | None:
    """The controller installed on the window that holds `widget`, if any."""
    found = widget.window().findChild(ImportController, "importController")
    return found if isinstance(found, ImportController) else None
