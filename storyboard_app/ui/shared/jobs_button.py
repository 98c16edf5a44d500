"""The status bar's jobs button: how many generation jobs run and wait; a click opens the
jobs panel (`jobs_panel.py`, imported on first use) (GUI thread)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

if TYPE_CHECKING:
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.shared.generation_jobs import GenerationJobs
    from storyboard_app.ui.shared.jobs_panel import JobsPanel


def jobs_of(context: AppContext) -> GenerationJobs | None:
    """The window's job controller once a page made it (the button never builds it: the
    generation modules stay off the start-up path)."""
    module = sys.modules.get("storyboard_app.ui.shared.generation_jobs")
    return None if module is None else module.existing_generation_jobs(context)


class JobsButton(QToolButton):
    """The status bar's "Jobs" button: a summary; a click opens the jobs panel (GUI thread).

    panel_opened(object): the `JobsPanel` now shown.
    """

    panel_opened = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsButton")
        self.setAutoRaise(True)
        self.setToolTip("Show every running and waiting job")
        self.context = context
        self._jobs: GenerationJobs | None = None
        self._tasks = 0
        self.panel: JobsPanel | None = None
        self.setText("No jobs running")
        context.tasks.running_changed.connect(self._on_tasks_running_changed)
        self.clicked.connect(self.open_panel)

    @property
    def jobs(self) -> GenerationJobs | None:
        """The job controller, attached the first time a page has made one."""
        if self._jobs is None:
            self._jobs = jobs_of(self.context)
            if self._jobs is not None:
                self._jobs.jobs_changed.connect(self.refresh)
        return self._jobs

    def _on_tasks_running_changed(self, count: int) -> None:
        self._tasks = count
        self.refresh()

    def refresh(self) -> None:
        from storyboard_app.ui.shared.jobs_state import jobs_summary  # not before first paint

        jobs = self.jobs.jobs() if self.jobs is not None else []
        waiting = sum(1 for j in jobs if j.is_waiting)
        cancelling = sum(1 for j in jobs if j.cancel_requested)
        self.setText(jobs_summary(len(jobs) - waiting, waiting, cancelling, self._tasks))

    def open_panel(self) -> JobsPanel:
        """Show the jobs panel (one per window, non-modal)."""
        from storyboard_app.ui.shared.jobs_panel import JobsPanel

        if self.panel is None:
            self.panel = JobsPanel(self.context, self.jobs, self.window())
        self.panel.show()
        self.panel.raise_()
        self.panel.refresh()
        self.panel_opened.emit(self.panel)
        return self.panel
