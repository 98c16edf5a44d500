"""Quitting with generation jobs running asks first: keep them running (the default: the
rows stay pending/processing and the next start resumes them by prediction id, as after a
crash) or cancel them (GUI thread)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    from storyboard_app.ui.main_window import MainWindow
    from storyboard_app.ui.shared.generation_jobs import GenerationJobs

KEEP_REPLICATE = "Keep them running on Replicate and finish them on the next start"
KEEP_LOCAL = "Finish them on the next start"
CANCEL = "Cancel them"
STAY = "Don't quit"
CANCEL_WAIT_MS = 15_000  # the longest "Cancel them" waits for the rows to end before closing


class QuitGuard:
    """Holds the window's close while jobs run and the user has not chosen (GUI thread)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.decided = False
        self.box: QMessageBox | None = None

    def _jobs(self) -> GenerationJobs | None:
        module = sys.modules.get("storyboard_app.ui.shared.generation_jobs")
        return None if module is None else module.existing_generation_jobs(self.window.context)

    def holds(self, event: QCloseEvent) -> bool:
        """True when the close is put off to ask (the event is ignored)."""
        jobs = self._jobs()
        if self.decided or jobs is None or not jobs.jobs():
            return False
        event.ignore()
        if self.box is None:
            self.ask(jobs)
        return True

    def ask(self, jobs: GenerationJobs) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox  # not on the start-up path

        count = len(jobs.jobs())
        on_replicate = jobs.provider_name == "replicate"
        box = QMessageBox(self.window)
        box.setObjectName("quitJobsBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Jobs are still running")
        box.setText(f"{count} image or clip job{'s are' if count != 1 else ' is'} still running.")
        box.setInformativeText(
            "Keep them: Replicate goes on drawing, and the next start picks up the results "
            "(nothing is paid for twice). Or cancel them now."
            if on_replicate
            else "Keep them: they are finished on the next start. Or cancel them now."
        )
        keep = box.addButton(
            KEEP_REPLICATE if on_replicate else KEEP_LOCAL, QMessageBox.ButtonRole.AcceptRole
        )
        cancel = box.addButton(CANCEL, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(STAY, QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepJobs")
        cancel.setObjectName("cancelJobs")
        stay.setObjectName("stayOpen")
        box.setDefaultButton(keep)
        box.setEscapeButton(stay)

        def clicked(button: QAbstractButton) -> None:
            self.box = None
            if button is keep:
                self.quit(keep_running=True)
            elif button is cancel:
                self.quit(keep_running=False)

        box.buttonClicked.connect(clicked)
        box.finished.connect(lambda _r: setattr(self, "box", None))
        box.open()
        self.box = box
        return box

    def quit(self, *, keep_running: bool) -> None:
        """Close the window once the choice is applied."""
        jobs = self._jobs()
        self.decided = True
        if jobs is None or keep_running:
            if jobs is not None:
                jobs.shutdown(keep_running=True)
            self.window.close()
            return
        # Cancel: each row is ended "cancelled" (and its prediction cancelled) before closing.
        from PySide6.QtCore import QTimer

        self.window.statusBar().showMessage("Cancelling the jobs before quitting…")
        jobs.cancel_all()
        deadline = QTimer(self.window)
        deadline.setSingleShot(True)

        closing = False

        def close_when_done() -> None:
            nonlocal closing
            if not closing and (not jobs.jobs() or not deadline.isActive()):
                closing = True
                deadline.stop()
                jobs.shutdown(keep_running=False)
                self.window.close()

        jobs.jobs_changed.connect(close_when_done)
        deadline.timeout.connect(close_when_done)
        deadline.start(CANCEL_WAIT_MS)
        close_when_done()
