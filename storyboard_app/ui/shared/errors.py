"""THE error-presentation path of the GUI: one place decides what the user sees.

`classify(exc)` sorts a failure into *expected* (the user or the machine can fix it: every
`StoryboardError`, a full disk, a read-only folder, a dropped connection) with a short
message saying what to do, or *unexpected* (our bug). `ErrorPresenter.present(exc)` then
shows an expected failure as a short message (a non-blocking message box, or only the status
bar with `quiet=True`), and an unexpected one as a report dialog after writing the
traceback to the log (which scrubs tokens). Views pass `context.errors.present` as the
`on_error` of their tasks and call it in `except` blocks around service calls.
"""

from __future__ import annotations

import errno
import logging
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from storyboard_app import APP_NAME
from storyboard_app.domain.errors import StoryboardError

if TYPE_CHECKING:  # QMessageBox loads on the first message (start-up time)
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorReport:
    """What the user was told about one failure."""

    expected: bool
    title: str
    message: str
    details: str = ""  # the scrubbed traceback of an unexpected failure


def scrub(text: str) -> str:
    """Remove tokens from a message (the logs module loads lazily: start-up time)."""
    from storyboard_app.logs import scrub as scrub_tokens

    return scrub_tokens(text)


def _network_message(exc: BaseException) -> str | None:
    """A message for a connection failure from requests/httpx, without importing them."""
    module = type(exc).__module__ or ""
    name = type(exc).__name__
    if module.startswith(("httpx", "httpcore", "requests", "urllib3")) and any(
        word in name for word in ("Connect", "Timeout", "Network", "RemoteProtocol", "Read")
    ):
        return (
            "The connection to the server failed or dropped. Check your internet connection "
            "and try again; nothing was lost."
        )
    return None


def classify(exc: BaseException, title: str = "") -> ErrorReport:
    """Decide whether `exc` is expected, and the message the user sees."""
    title = title or APP_NAME
    if isinstance(exc, StoryboardError):
        return ErrorReport(True, title, scrub(str(exc)))
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return ErrorReport(
                True, title, "The disk is full. Free some space and try again; nothing was lost."
            )
        if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
            where = f" ({exc.filename})" if exc.filename else ""
            return ErrorReport(
                True,
                title,
                f"A file could not be written{where}: permission denied or read-only. "
                "Fix the folder's permissions, or start the app on another data folder.",
            )
    if isinstance(exc, ConnectionError | TimeoutError):
        return ErrorReport(
            True, title, "The connection failed or timed out. Check your network and try again."
        )
    network = _network_message(exc)
    if network:
        return ErrorReport(True, title, network)
    details = scrub("".join(traceback.format_exception(exc)))
    message = (
        f"Something went wrong that the app did not expect ({type(exc).__name__}). "
        "Your data is safe. The details were written to the log; please report them."
    )
    return ErrorReport(False, title, message, details)


class ErrorPresenter(QObject):
    """Shows failures to the user (GUI thread); records each in `reports`.

    error_presented(ErrorReport): after a failure was shown.
    status_message(str, int): a short message for the status bar and its timeout in ms.
    """

    error_presented = Signal(object)
    status_message = Signal(str, int)

    def __init__(self, parent_widget: QWidget | None = None, log_hint: str = "") -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._log_hint = log_hint
        self.reports: list[ErrorReport] = []
        self._boxes: list[QMessageBox] = []  # a box without a parent needs a Python owner

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """The window message boxes are centred on."""
        self._parent_widget = widget

    def set_log_hint(self, hint: str) -> None:
        """Where the log lives, named in unexpected-error reports."""
        self._log_hint = hint

    def present(self, exc: BaseException, *, title: str = "", quiet: bool = False) -> ErrorReport:
        """Tell the user about `exc` (quiet: status bar only, for expected failures)."""
        report = classify(exc, title)
        if report.expected:
            log.info("%s: %s", report.title, report.message)
            self.status_message.emit(report.message, 10_000)
            if not quiet:
                self._show(critical=False, report=report)
        else:
            log.error("unexpected error: %s", report.title, exc_info=exc)
            self.status_message.emit(report.message, 10_000)
            self._show(critical=True, report=report)
        self.reports.append(report)
        self.error_presented.emit(report)
        return report

    def inform(self, message: str, timeout_ms: int = 5_000) -> None:
        """A passing note in the status bar (saved, drafted, …)."""
        self.status_message.emit(message, timeout_ms)

    def _show(self, *, critical: bool, report: ErrorReport) -> None:
        from PySide6.QtCore import Qt  # the Qt namespace is slow to import: not at start-up
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._parent_widget)
        box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
        box.setWindowTitle(report.title)
        box.setText(report.message)
        if report.details:
            hint = f"\n\nLog: {self._log_hint}" if self._log_hint else ""
            box.setInformativeText(f"Please include the details when you report it.{hint}")
            box.setDetailedText(report.details)
        box.setObjectName("errorMessageBox")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._boxes.append(box)
        box.finished.connect(lambda _result: self._on_box_finished(box))
        box.open()  # never blocks the event loop: workers keep reporting meanwhile

    def _on_box_finished(self, box: QMessageBox) -> None:
        if box in self._boxes:
            self._boxes.remove(box)
        box.deleteLater()
