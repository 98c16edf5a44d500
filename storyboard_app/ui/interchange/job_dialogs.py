"""Dialogs of the interchange jobs: import progress with Cancel, their reports, migration prompt.

`ImportDialog` runs one job (a Convex export import, a bundle import) as a `TaskRunner` task,
shows its progress with a Cancel button, and turns into the job's report when it ends: a
summary, counts per table and what was skipped and why. Failures go through the one error
path (`context.errors.present`). `ReportDialog` shows a finished report on its own (the
migration's). `migration_prompt` builds the confirmation shown before a migration.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.interchange.reports import stage_words, table_words
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.folders import open_folder_button
from storyboard_app.ui.shared.job_progress import busy_progress, end_progress
from storyboard_app.ui.shared.labels import status_label
from storyboard_app.ui.shared.worker import Task, TaskCancelled, TaskContext

if TYPE_CHECKING:
    from storyboard_app.interchange.reports import (
        BundleReport,
        ImportReport,
        MigrationReport,
        SkippedItem,
    )

MAX_SHOWN_SKIPS = 200  # the rest are counted; `import convex --json` lists them all


@dataclass(frozen=True)
class ReportContent:
    """What a report dialog shows: a summary, a table of counts, skipped items, notes."""

    title: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    skipped: tuple[str, ...] = ()
    skipped_total: int = 0
    notes: tuple[str, ...] = ()
    project_ids: tuple[int, ...] = field(default_factory=tuple)


def _skip_line(item: SkippedItem) -> str:
    """One skipped item in creator words (the ids are in `import convex --json`)."""
    where = f", line {item.line}" if item.line else ""
    return f"{table_words(item.table)}{where}: {item.reason}"


def convex_report_content(report: ImportReport) -> ReportContent:
    """The Convex import report as rows per table (read, added, updated, unchanged, skipped)."""
    rows = [
        (
            table_words(name),
            f"{c.read:,}",
            f"{c.inserted:,}",
            f"{c.updated:,}",
            f"{c.unchanged:,}",
            f"{c.skipped:,}",
        )
        for name, c in report.tables.items()
        if c.read or c.skipped
    ]
    rows.append(
        ("Stored files", "", f"{report.files_stored:,}", "", "", f"{report.files_skipped:,}")
    )
    notes = [
        f"{table_words(table)}: {n:,} items not imported (this app does not use them)."
        for table, n in report.ignored_tables.items()
    ]
    if not report.project_ids:
        notes.append("The export held no projects.")
    return ReportContent(
        title="Web app export imported",
        summary=report.describe(),
        columns=("What", "Read", "Added", "Updated", "Unchanged", "Skipped"),
        rows=tuple(rows),
        skipped=tuple(_skip_line(item) for item in report.skipped[:MAX_SHOWN_SKIPS]),
        skipped_total=report.skipped_total,
        notes=tuple(notes),
        project_ids=report.project_ids,
    )


def bundle_report_content(report: BundleReport) -> ReportContent:
    """The bundle import report: rows per table and the verified media files."""
    rows = [(table_words(name), f"{n:,}") for name, n in report.tables.items()]
    rows.append(("Media files (verified)", f"{report.media_files:,}"))
    return ReportContent(
        title="Project bundle imported",
        summary=f"Imported as a new project. {report.describe()}",
        columns=("What", "Count"),
        rows=tuple(rows),
        skipped=tuple(_skip_line(item) for item in report.skipped[:MAX_SHOWN_SKIPS]),
        skipped_total=len(report.skipped),
        project_ids=(report.project_id,),
    )


def migration_report_content(report: MigrationReport) -> ReportContent:
    """The migration report: what each legacy row became, and where the backup is."""
    counts = report.to_json()["counts"]
    labels = {
        "project_scenes": "scenes created",
        "scene_shots": "shots created",
        "shot_images": "images (iteration 0, final picks)",
        "storyboard_selections": "storyboard clips",
        "archived_scenes": "legacy scenes archived (kept)",
        "archived_video_clips": "legacy clips archived (kept)",
    }
    rows = tuple((labels.get(key, key), f"{value:,}") for key, value in counts.items())
    notes = []
    if report.backup:
        notes.append(f"The database was backed up first to {report.backup}")
    if report.redesign_status:
        notes.append(f"The project is now at the stage “{stage_words(report.redesign_status)}”.")
    return ReportContent(
        title="Project migrated" if report.outcome == "migrated" else "Nothing to migrate",
        summary=report.describe(),
        columns=("What", "Count"),
        rows=rows,
        skipped=tuple(_skip_line(item) for item in report.skipped),
        skipped_total=len(report.skipped),
        notes=tuple(notes),
        project_ids=(report.project_id,),
    )


class ReportView(QWidget):
    """A report's summary, counts table, notes and skipped list (GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setObjectName("reportHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.summary = QLabel(self)
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(self)
        self.table.setObjectName("reportTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.notes = QLabel(self)
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skipped_label = QLabel(self)
        self.skipped_label.setObjectName("reportSkippedLabel")
        self.skipped = QPlainTextEdit(self)
        self.skipped.setObjectName("reportSkipped")
        self.skipped.setReadOnly(True)
        self.skipped.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = (self.heading, self.summary, self.table, self.notes)
        for widget in (*widgets, self.skipped_label, self.skipped):
            layout.addWidget(widget)

    def show_content(self, content: ReportContent) -> None:
        self.heading.setText(content.title)
        self.summary.setText(content.summary)
        self.table.clear()
        self.table.setColumnCount(len(content.columns))
        self.table.setRowCount(len(content.rows))
        self.table.setHorizontalHeaderLabels(list(content.columns))
        for r, row in enumerate(content.rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(content.columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(rows_height + header.sizeHint().height() + 4)
        self.notes.setText("\n".join(content.notes))
        self.notes.setVisible(bool(content.notes))
        if content.skipped_total:
            more = content.skipped_total - len(content.skipped)
            self.skipped_label.setText(
                f"Skipped ({content.skipped_total:,}), and why:"
                + (f" the first {len(content.skipped)} are listed." if more > 0 else "")
            )
            self.skipped.setPlainText("\n".join(content.skipped))
        else:
            self.skipped_label.setText("Nothing was skipped.")
            self.skipped.clear()
        self.skipped.setVisible(bool(content.skipped_total))

    def table_rows(self) -> list[list[str]]:
        """The table's text, row by row (what the user reads)."""
        return [
            [
                item.text() if (item := self.table.item(r, c)) is not None else ""
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]


class ReportDialog(QDialog):
    """A finished report on its own, with Close (and Open project when given one)."""

    open_project_requested = Signal(int)

    def __init__(
        self, content: ReportContent, parent: QWidget | None = None, *, can_open: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(content.title)
        self.setMinimumWidth(560)
        self.content = content
        self.view = ReportView(self)
        self.view.show_content(content)
        self.open_button = QPushButton("Open project", self)
        self.open_button.setObjectName("openProjectButton")
        self.open_button.setVisible(can_open and bool(content.project_ids))
        self.open_button.clicked.connect(self._on_open_clicked)
        close = QPushButton("Close", self)
        close.setObjectName("closeButton")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)

    def _on_open_clicked(self) -> None:
        self.open_project_requested.emit(self.content.project_ids[0])
        self.accept()


class JobControl:
    """What an import job gets: a progress reporter and the user's Cancel (thread-safe).

    The job checks `cancelled` (or calls `check_cancelled`) between steps; a job that ends
    before it notices delivers its report, so the user is never told "nothing was imported"
    about an import that was committed.
    """

    def __init__(self, ctx: TaskContext) -> None:
        self._ctx = ctx
        self._event = threading.Event()
        ctx.on_cancel(self.cancel)  # closing the window cancels every task

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check_cancelled(self) -> None:
        """Raise `TaskCancelled` once the user cancelled (inside a transaction: rollback)."""
        if self._event.is_set():
            raise TaskCancelled()

    def progress(self, done: int, total: int) -> None:
        self._ctx.report_progress((done, total))


Job = Callable[[AppContext, JobControl], Any]
Describe = Callable[[Any], ReportContent]


class ImportDialog(QDialog):
    """Runs one import job in a worker: progress and Cancel, then its report (GUI thread).

    import_finished(object): the job's report (an ImportReport or a BundleReport).
    import_failed(str): the message the user was shown; nothing was imported.
    import_cancelled(): the user stopped it; nothing was imported.
    open_project_requested(int): the user wants to open an imported project.
    """

    import_finished = Signal(object)
    import_failed = Signal(str)
    import_cancelled = Signal()
    open_project_requested = Signal(int)

    def __init__(
        self,
        context: AppContext,
        what: str,
        source: str,
        job: Job,
        describe: Describe,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(f"Import {what}")
        self.setMinimumWidth(600)
        self.context = context
        self.what = what
        self.job = job
        self.describe = describe
        self.task: Task[Any] | None = None
        self.control: JobControl | None = None
        self.report: Any = None
        self.content: ReportContent | None = None

        self.label = status_label(f"Importing the {what} {source}…", "importLabel", self)
        self.progress = busy_progress("importProgress", self)
        self.report_view = ReportView(self)
        self.report_view.hide()
        self.open_button = QPushButton("Open project", self)
        self.open_button.setObjectName("openProjectButton")
        self.open_button.hide()
        self.open_button.clicked.connect(self._on_open_clicked)
        self.button = QPushButton("Cancel", self)
        self.button.setObjectName("importButton")
        self.button.clicked.connect(self._on_button_clicked)
        self.source_path: Path | None = None  # the imported file, for "Open folder"
        self.open_folder_button = open_folder_button(self, lambda: self.source_path)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.open_button)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.report_view)
        layout.addLayout(row)

    def start(self) -> None:
        context, job = self.context, self.job

        def run(ctx: TaskContext) -> Any:
            control = JobControl(ctx)
            self.control = control
            return job(context, control)

        self.task = context.tasks.submit(
            run,
            name=f"Importing the {self.what}",
            on_progress=self._on_task_progress,
            on_result=self._on_task_result,
            on_error=self._on_task_error,
            on_cancelled=self._on_task_cancelled,
            on_finished=self._on_task_finished,
            owner=self,
        )

    @property
    def running(self) -> bool:
        return self.task is not None

    def cancel(self) -> None:
        """Ask the running job to stop; its transaction is rolled back."""
        if self.task is None:
            return
        if self.control is not None:
            self.control.cancel()
        else:  # not started on a pool thread yet
            self.task.cancel()
        self.label.setText("Cancelling… nothing will be imported.")
        self.button.setEnabled(False)

    def _on_task_progress(self, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            done, total = value
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * int(done) / max(1, int(total))))

    def _on_task_result(self, report: Any) -> None:
        self.report = report
        self.content = self.describe(report)
        self.setWindowTitle(self.content.title)
        self.label.hide()
        self.progress.hide()
        self.report_view.show_content(self.content)
        self.report_view.show()
        self.open_button.setVisible(bool(self.content.project_ids))
        self.open_folder_button.setVisible(self.source_path is not None)
        self.adjustSize()
        self.context.errors.inform(self.content.summary, 10_000)
        self.import_finished.emit(report)

    def _on_task_error(self, exc: BaseException) -> None:
        if isinstance(exc, TaskCancelled):
            self._on_task_cancelled()
            return
        report = self.context.errors.present(exc, title=f"Could not import the {self.what}")
        end_progress(self.progress, complete=False)
        self.label.setText(
            f"{report.message}\n\nNothing was imported; your projects are unchanged."
        )
        self.import_failed.emit(report.message)

    def _on_task_cancelled(self) -> None:
        end_progress(self.progress, complete=False)
        self.label.setText("Cancelled. Nothing was imported; your projects are unchanged.")
        self.import_cancelled.emit()

    def _on_task_finished(self) -> None:
        self.task = None
        self.button.setText("Close")
        self.button.setEnabled(True)
        self.button.setDefault(True)

    def _on_button_clicked(self) -> None:
        if self.task is not None:
            self.cancel()
        else:
            self.accept()

    def _on_open_clicked(self) -> None:
        if self.content is not None and self.content.project_ids:
            self.open_project_requested.emit(self.content.project_ids[0])
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.cancel()  # closing while it runs cancels: the transaction is rolled back
        super().closeEvent(event)

    def reject(self) -> None:  # Qt override (Escape)
        self.cancel()
        super().reject()


def migration_prompt(title: str, parent: QWidget | None) -> tuple[QMessageBox, QPushButton]:
    """The confirmation before migrating a legacy project, and its Migrate button."""
    box = QMessageBox(parent)
    box.setObjectName("migrationPrompt")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Migrate to the new workflow")
    box.setText(f"Migrate “{title}” to the new workflow?")
    box.setInformativeText(
        "Each old scene becomes a scene with one shot. The scene's image becomes that shot's "
        "first image and its final pick; the scene's video clip becomes the shot's storyboard "
        "clip.\n\n"
        "The database is backed up first. The old scenes and clips are kept, marked archived, "
        "never deleted. Running the migration again changes nothing."
    )
    migrate = box.addButton("Migrate", QMessageBox.ButtonRole.AcceptRole)
    migrate.setObjectName("migrateConfirmButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, migrate
