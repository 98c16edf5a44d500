"""The one error path: expected failures get a short message, bugs a report and a log entry."""

from __future__ import annotations

import errno

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.logs import setup_logging
from storyboard_app.paths import DataPaths
from storyboard_app.ui.shared.errors import ErrorPresenter, classify

TOKEN = "r8_SecretTokenThatMustNeverShow12345"


def _boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "errorMessageBox"
    ]


def test_expected_errors_keep_their_message() -> None:
    report = classify(InvalidInputError("The title cannot be empty: type a name."))
    assert report.expected
    assert report.message == "The title cannot be empty: type a name."
    assert report.details == ""


def test_a_full_disk_and_a_read_only_folder_are_told_plainly() -> None:
    full = classify(OSError(errno.ENOSPC, "No space left on device"))
    assert full.expected and "disk is full" in full.message
    denied = classify(PermissionError(errno.EACCES, "Permission denied", "/data/x"))
    assert (
        denied.expected and "/data/x" in denied.message and "another data folder" in denied.message
    )
    assert "--" not in denied.message  # no command-line flags in the app


def test_a_dropped_connection_is_expected() -> None:
    import httpx

    report = classify(httpx.ConnectError("connection refused"))
    assert report.expected
    assert "connection" in report.message.lower()


def test_a_bug_gets_a_report_dialog_and_a_scrubbed_log(
    qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", TOKEN)
    setup_logging(data_paths)
    presenter = ErrorPresenter()
    try:
        raise KeyError(f"bad state with {TOKEN}")
    except KeyError as exc:
        with qtbot.waitSignal(presenter.error_presented, timeout=2_000) as blocker:
            presenter.present(exc, title="Opening the project")
    report = blocker.args[0]
    assert not report.expected
    assert "KeyError" in report.message and "log" in report.message
    assert "Traceback" in report.details and TOKEN not in report.details
    boxes = _boxes()
    assert len(boxes) == 1
    assert boxes[0].icon() == QMessageBox.Icon.Critical
    assert TOKEN not in boxes[0].detailedText()
    for box in boxes:
        box.close()
    for handler in __import__("logging").getLogger("storyboard_app").handlers:
        handler.flush()
    log_text = (data_paths.logs / "storyboard.log").read_text(encoding="utf-8")
    assert "KeyError" in log_text
    assert TOKEN not in log_text


def test_quiet_expected_errors_only_reach_the_status_bar(qtbot: QtBot) -> None:
    presenter = ErrorPresenter()
    with qtbot.waitSignal(presenter.status_message, timeout=2_000) as blocker:
        presenter.present(InvalidInputError("Try again later."), quiet=True)
    assert blocker.args == ["Try again later.", 10_000]
    assert _boxes() == []
    assert presenter.reports[-1].expected
