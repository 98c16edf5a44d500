"""The jobs panel the status bar's jobs button opens: every running and waiting generation
job with its shot, kind and progress, cancel per job and cancel all (GUI thread)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.ui.shared.jobs_button import jobs_of
from storyboard_app.ui.shared.jobs_state import job_row, shot_name

if TYPE_CHECKING:
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.shared.generation_jobs import GenerationJob, GenerationJobs


class JobsPanel(QDialog):
    """Every running and waiting job; cancel one or all (GUI thread, non-modal)."""

    COLUMNS = ("Shot", "Job", "Progress", "")

    def __init__(
        self, context: AppContext, jobs: GenerationJobs | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.setWindowTitle("Jobs")
        self.context = context
        self.jobs = jobs
        self._names: dict[int, str] = {}
        self._asked: set[int] = set()
        self._shown: list[GenerationJob] = []
        layout = QVBoxLayout(self)
        self.empty_label = QLabel("Nothing is running or waiting.", self)
        self.empty_label.setObjectName("jobsEmpty")
        layout.addWidget(self.empty_label)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("jobsTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_all_button = QPushButton("Cancel all", self)
        self.cancel_all_button.setObjectName("cancelAllJobs")
        self.cancel_all_button.clicked.connect(self.cancel_all)
        buttons.addWidget(self.cancel_all_button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.hide)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(640, 320)
        self._tick = QTimer(self)  # elapsed times move while the panel is open
        self._tick.setInterval(1_000)
        self._tick.timeout.connect(self.refresh)
        if jobs is not None:
            jobs.jobs_changed.connect(self.refresh)

    def attach(self, jobs: GenerationJobs | None) -> None:
        """Use the job controller made after the panel was (a page made it later)."""
        if jobs is not None and self.jobs is None:
            self.jobs = jobs
            jobs.jobs_changed.connect(self.refresh)

    def showEvent(self, event: object) -> None:  # Qt override
        self.attach(jobs_of(self.context))
        self._tick.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # Qt override
        self._tick.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def listed(self) -> list[GenerationJob]:
        """The jobs in the table, in its order."""
        return list(self._shown)

    def refresh(self) -> None:
        jobs = self.jobs.jobs() if self.jobs is not None else []
        self._shown = jobs
        self._name_shots({j.shot_id for j in jobs if j.shot_id is not None})
        now = time.monotonic()
        self.table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            line = job_row(job, job.key.kind.value, self._names, now)
            for column, text in enumerate((line.shot, line.kind, line.progress)):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, column, item)
                item.setText(text)
                item.setToolTip(text)
            button = self.table.cellWidget(row, 3)
            if not isinstance(button, QPushButton):
                button = QPushButton("Cancel", self.table)
                button.setObjectName("cancelJob")
                button.setToolTip("Cancel this job")
                button.clicked.connect(lambda _c=False, b=button: self._on_cancel_clicked(b))
                self.table.setCellWidget(row, 3, button)
            button.setProperty("jobRow", row)
            button.setEnabled(line.can_cancel)
        self.empty_label.setVisible(not jobs)
        self.table.setVisible(bool(jobs))
        self.cancel_all_button.setEnabled(any(not j.cancel_requested for j in jobs))

    def _on_cancel_clicked(self, button: QPushButton) -> None:
        row = button.property("jobRow")
        if isinstance(row, int) and 0 <= row < len(self._shown):
            self.cancel_row(row)

    def cancel_row(self, row: int) -> None:
        """Cancel the job on this row of the table."""
        self._cancel(self._shown[row].key)

    def _cancel(self, key: object) -> None:
        if self.jobs is not None:
            self.jobs.cancel([key])  # type: ignore[list-item]
            self.refresh()

    def cancel_all(self) -> None:
        if self.jobs is not None:
            self.jobs.cancel_all()
            self.refresh()

    def _name_shots(self, shot_ids: set[int]) -> None:
        """Read the names of shots not yet known, in a worker."""
        missing = sorted(shot_ids - self._asked)
        if not missing:
            return
        self._asked.update(missing)
        context = self.context

        def read(_ctx: object) -> dict[int, str]:
            names: dict[int, str] = {}
            for shot_id in missing:
                shot = context.store.scenes.get_shot(shot_id)
                scene = context.store.scenes.get_scene(shot.scene_id)
                names[shot_id] = shot_name(
                    scene.scene_number, shot.shot_number, shot.description or shot.initial_prompt
                )
            return names

        context.tasks.submit(
            read,
            name="Naming the shots of the jobs",
            on_result=self._on_names_read,
            on_error=lambda exc: context.errors.present(exc, quiet=True),
            owner=self,
        )

    def _on_names_read(self, names: dict[int, str]) -> None:
        self._names.update(names)
        self.refresh()
