"""File → Export: PDF, OTIO timeline, CSV shot list, final images, bundle, Storyboarder project.

`install_export_menu(window)` adds the submenu and an `ExportController` that asks for a
destination through its `chooser` (a QFileDialog by default; tests inject a callable: the
file dialog is the outside boundary), then runs the export through `exports.run` (the
entry the command line calls too) as one `TaskRunner` task in an `ExportDialog` that shows
progress and ends with a clear message. Every export is written under a temporary name,
flushed, checked and renamed at the end, so a failure leaves no partial file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.file_names import file_slug
from storyboard_app.exports.pdf_layout import PdfOptions
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.interchange.export_results import (
    ExportDone,
    bundle_done,
    csv_done,
    editorial_done,
    images_done,
    otio_done,
    pdf_done,
    storyboarder_done,
)
from storyboard_app.ui.interchange.pdf_options import (
    PdfOptionsAsker,
    ask_pdf_options,
    choose_layout,
)
from storyboard_app.ui.shared.file_chooser import (
    FileChooser,
    FileMode,
    FileRequest,
    platform_chooser,
)
from storyboard_app.ui.shared.file_menu import find_file_menu
from storyboard_app.ui.shared.folders import (
    documents_folder,
    open_folder_button,
    remember_folder,
    start_folder,
)
from storyboard_app.ui.shared.job_progress import busy_progress, end_progress, show_count_progress
from storyboard_app.ui.shared.labels import status_label
from storyboard_app.ui.shared.worker import Task, TaskCancelled, TaskContext

if TYPE_CHECKING:  # the exports are imported when one runs: not before the first paint
    from storyboard_app.exports.run import ExportResult
    from storyboard_app.ui.main_window import MainWindow
    from storyboard_app.ui.storyboard.video_dialog import VideoDialog


def run_export_task(
    context: AppContext,
    key: str,
    project_id: int,
    target: Path,
    ctx: TaskContext,
    pdf_options: PdfOptions | None = None,
) -> ExportResult:
    """One export through `exports.run` (pool thread): the same entry as the command line."""
    from storyboard_app.exports.run import ExportRequest, run_export

    seconds = context.settings.default_duration_seconds
    moved: str | None = None
    if key == "editorial":  # a folder of other files: write into a new one, never over them
        from storyboard_app.exports.editorial_destination import choose_folder

        title = context.store.projects.get(project_id).title
        target, moved = choose_folder(target, title)
    request = ExportRequest(project_id, default_seconds=seconds, pdf_options=pdf_options)
    request = request.writing(key, target)

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0:  # until there are figures, the bar stays "busy"
            ctx.report_progress((round(fraction * 1000), 1000))

    result = run_export(
        context.store,
        context.paths.media,
        context.paths.cache,
        request,
        progress=progress,
        cancel=lambda: ctx.cancelled,
    )
    if moved is not None:
        result.notes.insert(0, moved)
    return result


@dataclass(frozen=True)
class ExportKind:
    """One entry of File → Export."""

    key: str
    menu_text: str
    what: str  # "PDF storyboard", in messages
    suffix: str  # "" for a folder
    name_filter: str
    done: Callable[[ExportResult], ExportDone]
    cancellable: bool = False
    needs_storyboard: bool = True  # v2 projects only
    folder_name: str = "images"  # a folder's suggested name: "<title> images"

    @property
    def folder(self) -> bool:
        return not self.suffix


EXPORTS: tuple[ExportKind, ...] = (
    ExportKind(
        "pdf",
        "&PDF storyboard…",
        "PDF storyboard",
        ".pdf",
        "PDF (*.pdf)",
        pdf_done,
        cancellable=True,  # between pages
    ),
    ExportKind(
        "otio",
        "Editorial &timeline (OTIO)…",
        "editorial timeline",
        ".otio",
        "OpenTimelineIO (*.otio)",
        otio_done,
    ),
    ExportKind(
        "editorial",
        "E&ditorial folder (OTIO, EDL, XML)…",
        "editorial folder",
        "",
        "",
        editorial_done,
        cancellable=True,
        folder_name="editorial",
    ),
    ExportKind("csv", "Shot &list (CSV)…", "shot list", ".csv", "CSV (*.csv)", csv_done),
    ExportKind("images", "Final &images…", "final images", "", "", images_done),
    ExportKind(
        "storyboarder", "&Storyboarder project…", "Storyboarder project", "", "", storyboarder_done
    ),
    ExportKind(
        "bundle",
        "Project &bundle…",
        "project bundle",
        ".sbbundle.zip",
        "Storyboard bundle (*.zip)",
        bundle_done,
        cancellable=True,
        needs_storyboard=False,
    ),
)
EXPORTS_BY_KEY = {kind.key: kind for kind in EXPORTS}


def suggested_path(kind: ExportKind, title: str, folder: Path | None = None) -> Path:
    """`<folder>/<title>.<suffix>` (a folder `<title> images` for the images); the folder is
    the last one used, else Documents."""
    name = file_slug(title, 60, "storyboard")
    folder = folder or documents_folder()
    if kind.key == "storyboarder":  # the folder Storyboarder names its project after
        return folder / name
    return folder / (f"{name} {kind.folder_name}" if kind.folder else f"{name}{kind.suffix}")


def with_suffix(path: Path, kind: ExportKind) -> Path:
    """Add the kind's extension when the user typed a name without it."""
    if kind.folder or path.name.lower().endswith(kind.suffix):
        return path
    if kind.key == "bundle" and path.suffix.lower() == ".zip":
        return path
    return path.with_name(path.name + kind.suffix)


class ExportDialog(QDialog):
    """Runs one export in a worker and shows its progress and outcome (GUI thread).

    export_finished(object): the `ExportDone` of a finished export.
    export_failed(str): the message the user was shown.
    export_cancelled(): the user stopped it; nothing was written.
    """

    export_finished = Signal(object)
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(
        self,
        context: AppContext,
        kind: ExportKind,
        project_id: int,
        target: Path,
        parent: QWidget | None = None,
        pdf_options: PdfOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.pdf_options = pdf_options
        self.setWindowTitle(f"Export {kind.what}")
        self.setMinimumWidth(520)
        self.context = context
        self.kind = kind
        self.project_id = project_id
        self.target = target
        self.task: Task[ExportResult] | None = None
        self.done_result: ExportDone | None = None

        self.label = status_label(f"Writing the {kind.what} to {target}…", "exportLabel", self)
        self.progress = busy_progress("exportProgress", self)
        self.notes = QLabel(self)
        self.notes.setObjectName("exportNotes")
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.button = QPushButton("Cancel", self)
        self.button.setObjectName("exportButton")
        self.button.clicked.connect(self._on_button_clicked)
        if not kind.cancellable:
            self.button.setEnabled(False)
            self.button.setToolTip("This export takes a moment and stops only when complete.")
        self.open_folder_button = open_folder_button(self, lambda: self.target)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.notes)
        layout.addLayout(row)

    def start(self) -> None:
        context, kind, project_id, target = self.context, self.kind, self.project_id, self.target
        options = self.pdf_options
        self.task = context.tasks.submit(
            lambda ctx: run_export_task(context, kind.key, project_id, target, ctx, options),
            name=f"Exporting the {kind.what}",
            on_progress=self._on_export_progress,
            on_result=self._on_export_result,
            on_error=self._on_export_error,
            on_cancelled=self._on_export_cancelled,
            on_finished=self._on_export_finished,
            owner=self,
        )

    def cancel(self) -> None:
        if self.task is not None and self.kind.cancellable:
            self.task.cancel()
            self.label.setText("Cancelling…")

    def _on_export_progress(self, value: object) -> None:
        show_count_progress(self.progress, value)

    def _on_export_result(self, result: ExportResult) -> None:
        done = self.kind.done(result)
        self.done_result = done
        self.target = done.path  # where it was written ("Open folder" shows it)
        end_progress(self.progress, complete=True)
        self.label.setText(f"{done.message}\n{done.path}")
        self.open_folder_button.show()
        if done.notes:
            self.notes.setText("\n".join(f"• {note}" for note in done.notes[:12]))
            self.notes.show()
            self.adjustSize()  # a wrapped note is shown whole, never clipped
        self.context.errors.inform(f"{done.message} {done.path}", 10_000)
        self.export_finished.emit(done)

    def _on_export_error(self, exc: BaseException) -> None:
        if isinstance(exc, TaskCancelled):
            self._on_export_cancelled()
            return
        report = self.context.errors.present(exc, title=f"Could not export the {self.kind.what}")
        end_progress(self.progress, complete=False)
        self.label.setText(report.message)
        self.export_failed.emit(report.message)

    def _on_export_cancelled(self) -> None:
        end_progress(self.progress, complete=False)
        self.label.setText(f"Cancelled; no {self.kind.what} was written.")
        self.export_cancelled.emit()

    def _on_export_finished(self) -> None:
        self.task = None
        self.button.setText("Close")
        self.button.setEnabled(True)
        self.button.setToolTip("")

    def _on_button_clicked(self) -> None:
        if self.task is not None:
            self.cancel()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.task is not None and not self.kind.cancellable:
            event.ignore()  # it finishes in a moment; closing now would hide the outcome
            return
        self.cancel()
        super().closeEvent(event)

    def reject(self) -> None:  # Qt override (Escape)
        if self.task is not None and not self.kind.cancellable:
            return
        self.cancel()
        super().reject()


class ExportController(QObject):
    """File → Export for the window's open project (GUI thread).

    dialog_opened(object): an `ExportDialog` or `VideoDialog` was shown.
    """

    dialog_opened = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("exportController")
        self.window = window
        self.chooser: FileChooser = platform_chooser
        self.pdf_options_asker: PdfOptionsAsker = ask_pdf_options  # layout, before the path
        self.actions: dict[str, QAction] = {}
        self.menu = QMenu("&Export", window)
        self.menu.setObjectName("exportMenu")
        video = QAction("Final &video…", window)
        video.setObjectName("export_video")
        video.setShortcut(QKeySequence("Ctrl+Shift+V"))  # as the storyboard's button says
        video.setStatusTip("Assemble the storyboard's clips and stills into one video")
        video.triggered.connect(lambda _checked=False: self.open_video())
        self.actions["video"] = video
        self.menu.addAction(video)
        self.menu.addSeparator()
        for kind in EXPORTS:
            action = QAction(kind.menu_text, window)
            action.setObjectName(f"export_{kind.key}")
            action.setStatusTip(f"Export the open project's {kind.what}")
            action.triggered.connect(lambda _checked=False, k=kind.key: self.export(k))
            self.actions[kind.key] = action
            self.menu.addAction(action)
        for action in self.actions.values():
            window.addAction(action)  # the shortcut works everywhere and Help lists it
            window.actions_by_name[action.objectName()] = action
        window.project_opened.connect(self._on_window_changed)
        window.page_changed.connect(self._on_window_changed)
        self._on_window_changed()

    def _project_id(self) -> int | None:
        project = self.window.project
        return project.id if project is not None else None

    def _on_window_changed(self, *_args: object) -> None:
        project = self.window.project
        v2 = project is not None and project.workflow_version == WorkflowVersion.V2_REDESIGN
        for key, action in self.actions.items():
            kind = EXPORTS_BY_KEY.get(key)
            needs_v2 = kind.needs_storyboard if kind is not None else True
            action.setEnabled(project is not None and (v2 or not needs_v2))

    def export(self, key: str, target: Path | None = None) -> ExportDialog | None:
        """Ask where (unless `target` is given), then run the export in an `ExportDialog`."""
        kind = EXPORTS_BY_KEY[key]
        project = self.window.project
        if project is None:
            self.window.context.errors.inform("Open a project first.")
            return None
        pdf_options = None
        if key == "pdf":  # the layout first (the last one when a path is given), then where
            paths, asker = self.window.context.paths, self.pdf_options_asker
            pdf_options = choose_layout(asker, self.window, paths, ask=target is None)
            if pdf_options is None:
                return None
        if target is None:
            title = f"Export the {kind.what}" + (" into a folder" if kind.folder else "")
            mode = FileMode.FOLDER if kind.folder else FileMode.SAVE
            chosen = self.chooser(
                FileRequest(
                    title,
                    suggested_path(kind, project.title, start_folder(self.window.context.paths)),
                    kind.name_filter,
                    mode,
                )
            )
            if chosen is None:
                return None
            target = chosen
            remember_folder(self.window.context.paths, target)
        target = with_suffix(Path(target).expanduser(), kind)
        dialog = ExportDialog(
            self.window.context, kind, project.id, target, self.window, pdf_options
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.start()
        self.dialog_opened.emit(dialog)
        return dialog

    def open_video(self) -> VideoDialog | None:
        """The final-video dialog for the open project."""
        from storyboard_app.ui.storyboard.video_dialog import open_video_dialog

        project_id = self._project_id()
        if project_id is None:
            self.window.context.errors.inform("Open a project first.")
            return None
        dialog = open_video_dialog(self.window.context, project_id, self.window, self.chooser)
        self.dialog_opened.emit(dialog)
        return dialog


def install_export_menu(window: MainWindow) -> ExportController:
    """Put File → Export in the window's menu bar (before Settings)."""
    controller = ExportController(window)
    file_menu = find_file_menu(window)
    if file_menu is None:
        window.add_page_actions("&Export", list(controller.actions.values()))
        return controller
    before = window.actions_by_name.get("settings")
    if before is not None and before in file_menu.actions():
        file_menu.insertMenu(before, controller.menu)
        file_menu.insertSeparator(before)
    else:
        file_menu.addMenu(controller.menu)
    return controller


def export_controller(widget: QWidget) -> ExportController | None:
    """The controller installed on the window that holds `widget`, if any."""
    window = widget.window()
    found = window.findChild(ExportController, "exportController")
    return found if isinstance(found, ExportController) else None
