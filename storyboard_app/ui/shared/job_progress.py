"""The progress bar of a job dialog (export, import): busy, then figures, then the outcome."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


def busy_progress(name: str, parent: QWidget) -> QProgressBar:
    """A progress bar that shows "busy" until the job reports figures."""
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.setRange(0, 0)
    return bar


def show_count_progress(bar: QProgressBar, value: object) -> None:
    """Show a job's `(done, total)` progress report; anything else is ignored."""
    if isinstance(value, tuple) and len(value) == 2:
        done, total = value
        bar.setRange(0, max(1, int(total)))
        bar.setValue(int(done))


def end_progress(bar: QProgressBar, complete: bool) -> None:
    """Stop the busy bar: full when the job completed, empty when it failed or was cancelled."""
    bar.setRange(0, 1)
    bar.setValue(1 if complete else 0)
