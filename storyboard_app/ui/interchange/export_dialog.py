"""File → Export: PDF storyboard, OTIO timeline, CSV shot list, final images, project bundle.

`install_export_menu(window)` adds the submenu and an `ExportController` that asks for a
destination through its `chooser` (a QFileDialog by default; tests inject a callable: the
file dialog is the outside boundary), then runs the export as one `TaskRunner` task in an
`ExportDialog` that shows progress and ends with a clear message. Every exporter writes
under a temporary name and renames at the end, so a failure leaves no partial file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.interchange.images_export import slug
from storyboard_app.ui.context import AppContext
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

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow
    from storyboard_app.ui.storyboard.video_dialog import VideoDialog


@dataclass(frozen=True)
class FileRequest:
    """What a file chooser is asked: a caption, a suggested path, a filter; or a folder."""

    caption: str
    suggested: Path
    name_filter: str = ""
    folder: bool = False


FileChooser = Callable[[FileRequest], Path | None]
"""Returns the chosen path, or None when the user cancelled."""


def default_chooser(request: FileRequest) -> Path | None:
    """The platform's file dialog."""
    if request.folder:
        chosen = QFileDialog.getExistingDirectory(None, request.caption, str(request.suggested))
    else:
        chosen, _filter = QFileDialog.getSaveFileName(
            None, request.caption, str(request.suggested), request.name_filter
        )
    return Path(chosen) if chosen else None


@dataclass(frozen=True)
class ExportDone:
    """What an export wrote, in words for the user."""

    path: Path
    message: str
    notes: tuple[str, ...] = ()


Exporter = Callable[[AppContext, int, Path, TaskContext], ExportDone]


def _timeline(context: AppContext, project_id: int) -> Any:
    from storyboard_app.media.timeline import load_timeline

    return load_timeline(context.store, context.paths.media, project_id)


def _gap_notes(timeline: Any) -> tuple[str, ...]:
    return tuple(f"{e.label} has no final image yet." for e in timeline.gaps)


def _export_pdf(context: AppContext, project_id: int, target: Path, ctx: TaskContext) -> ExportDone:
    from storyboard_app.ui.interchange.pdf_storyboard import export_pdf

    timeline = _timeline(context, project_id)
    ctx.check_cancelled()
    pdf = export_pdf(timeline, target, context.settings.default_duration_seconds)
    return ExportDone(
        pdf.path,
        f"PDF storyboard saved: {pdf.pages} pages, {pdf.panels} shots.",
        _gap_notes(timeline),
    )


def _export_otio(
    context: AppContext, project_id: int, target: Path, ctx: TaskContext
) -> ExportDone:
    from storyboard_app.interchange.otio_export import export_otio

    timeline = _timeline(context, project_id)
    ctx.check_cancelled()
    result = export_otio(context.store, timeline, target, context.settings.default_duration_seconds)
    return ExportDone(
        result.path,
        f"Editorial timeline saved: {result.clips} clips, {result.alternates} alternates.",
        tuple(result.skipped),
    )


def _export_csv(context: AppContext, project_id: int, target: Path, ctx: TaskContext) -> ExportDone:
    from storyboard_app.interchange.csv_export import export_csv

    timeline = _timeline(context, project_id)
    ctx.check_cancelled()
    path = export_csv(timeline, target, context.settings.default_duration_seconds)
    return ExportDone(path, f"Shot list saved: {len(timeline.entries)} shots.")


def _export_images(
    context: AppContext, project_id: int, target: Path, ctx: TaskContext
) -> ExportDone:
    from storyboard_app.interchange.images_export import export_images

    timeline = _timeline(context, project_id)
    ctx.check_cancelled()
    result = export_images(timeline, target)
    return ExportDone(
        result.folder, f"Final images saved: {len(result.files)} files.", tuple(result.skipped)
    )


def _export_bundle(
    context: AppContext, project_id: int, target: Path, ctx: TaskContext
) -> ExportDone:
    from storyboard_app.interchange.bundle import export_bundle

    def progress(done: int, total: int) -> None:
        ctx.check_cancelled()  # raising here removes the half-written zip
        ctx.report_progress((done, total))

    report = export_bundle(context.store, context.paths.media, project_id, target, progress)
    notes = tuple(f"{item.source_id}: {item.reason}" for item in report.skipped)
    return ExportDone(
        Path(report.path),
        f"Project bundle saved: {report.media_files} media files, "
        f"{report.media_bytes / 1_048_576:.1f} MB.",
        notes,
    )


@dataclass(frozen=True)
class ExportKind:
    """One entry of File → Export."""

    key: str
    menu_text: str
    what: str  # "PDF storyboard", in messages
    suffix: str  # "" for a folder
    name_filter: str
    run: Exporter
    cancellable: bool = False
    needs_storyboard: bool = True  # v2 projects only

    @property
    def folder(self) -> bool:
        return not self.suffix


EXPORTS: tuple[ExportKind, ...] = (
    ExportKind("pdf", "&PDF storyboard…", "PDF storyboard", ".pdf", "PDF (*.pdf)", _export_pdf),
    ExportKind(
        "otio",
        "Editorial &timeline (OTIO)…",
        "editorial timeline",
        ".otio",
        "OpenTimelineIO (*.otio)",
        _export_otio,
    ),
    ExportKind("csv", "Shot &list (CSV)…", "shot list", ".csv", "CSV (*.csv)", _export_csv),
    ExportKind("images", "Final &images…", "final images", "", "", _export_images),
    ExportKind(
        "bundle",
        "Project &bundle…",
        "project bundle",
        ".sbbundle.zip",
        "Storyboard bundle (*.zip)",
        _export_bundle,
        cancellable=True,
        needs_storyboard=False,
    ),
)
EXPORTS_BY_KEY = {kind.key: kind for kind in EXPORTS}


def suggested_path(kind: ExportKind, title: str, folder: Path | None = None) -> Path:
    """`<folder>/<title>.<suffix>` (a folder `<title> images` for the images); the folder is
    the last one used, else Documents."""
    name = slug(title) or "storyboard"
    folder = folder or documents_folder()
    return folder / (f"{name} images" if kind.folder else f"{name}{kind.suffix}")


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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(f"Export {kind.what}")
        self.setMinimumWidth(520)
        self.context = context
        self.kind = kind
        self.project_id = project_id
        self.target = target
        self.task: Task[ExportDone] | None = None
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
        self.task = context.tasks.submit(
            lambda ctx: kind.run(context, project_id, target, ctx),
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

    def _on_export_result(self, done: ExportDone) -> None:
        self.done_result = done
        end_progress(self.progress, complete=True)
        self.label.setText(f"{done.message}\n{done.path}")
        self.open_folder_button.show()
        if done.notes:
            self.notes.setText("\n".join(f"• {note}" for note in done.notes[:12]))
            self.notes.show()
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
        self.chooser: FileChooser = default_chooser
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
        if target is None:
            caption = f"Export the {kind.what}" + (" into a folder" if kind.folder else "")
            chosen = self.chooser(
                FileRequest(
                    caption,
                    suggested_path(kind, project.title, start_folder(self.window.context.paths)),
                    kind.name_filter,
                    kind.folder,
                )
            )
            if chosen is None:
                return None
            target = chosen
            remember_folder(self.window.context.paths, target)
        target = with_suffix(Path(target).expanduser(), kind)
        dialog = ExportDialog(self.window.context, kind, project.id, target, self.window)
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
