"""The worker primitive: results, progress, errors and cancellation reach the GUI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThreadPool
from pytestqt.qtbot import QtBot

from storyboard_app.ui.shared.worker import TaskContext, TaskRunner


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work(ctx: TaskContext) -> int:
        ctx.report_progress(50)
        return threading.get_ident()

    def on_progress(value: object) -> None:
        seen["progress"] = (value, threading.get_ident() == gui_thread)

    def on_result(worker_thread: int) -> None:
        seen["result"] = (worker_thread != gui_thread, threading.get_ident() == gui_thread)

    counts: list[int] = []
    runner.running_changed.connect(counts.append)
    task = runner.submit(work, on_result=on_result, on_progress=on_progress)
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert seen["progress"] == (50, True)
    assert seen["result"] == (True, True)
    assert counts == [1, 0]
    assert runner.running() == []


def test_an_exception_becomes_the_error_signal(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    errors: list[BaseException] = []
    results: list[object] = []

    def boom(_ctx: TaskContext) -> None:
        raise ValueError("broken input")

    task = runner.submit(boom, on_result=results.append, on_error=errors.append)
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert results == []
    assert len(errors) == 1 and isinstance(errors[0], ValueError)
    assert errors[0].__traceback__ is not None  # kept for the report and the log


def test_cancel_stops_a_running_task_and_emits_cancelled(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    started = threading.Event()
    forwarded = threading.Event()
    outcome: list[str] = []

    def loop(ctx: TaskContext) -> str:
        ctx.on_cancel(forwarded.set)
        started.set()
        while True:
            ctx.check_cancelled()
            forwarded.wait(0.01)

    task = runner.submit(
        loop,
        on_result=lambda _v: outcome.append("result"),
        on_error=lambda _e: outcome.append("error"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(5)
    with qtbot.waitSignal(task.signals.finished, timeout=5_000):
        task.cancel()
    assert outcome == ["cancelled"]
    assert forwarded.is_set()


def test_a_task_cancelled_before_it_starts_never_runs(qtbot: QtBot) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    runner = TaskRunner(pool)
    gate = threading.Event()
    ran: list[str] = []
    blocker = runner.submit(lambda _ctx: gate.wait(5))
    second = runner.submit(lambda _ctx: ran.append("ran"))
    second.cancel()
    gate.set()
    qtbot.waitUntil(lambda: second.done, timeout=5_000)
    qtbot.waitUntil(lambda: blocker.done)
    assert ran == []
    assert second.is_cancelled


def test_callbacks_of_a_deleted_owner_are_skipped(qtbot: QtBot) -> None:
    runner = TaskRunner(QThreadPool())
    owner = QObject()
    gate = threading.Event()
    results: list[object] = []
    task = runner.submit(lambda _ctx: gate.wait(5), on_result=results.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner))
    with qtbot.waitSignal(task.signals.finished, timeout=5_000):
        gate.set()
    assert results == []


def _deleted(obj: QObject) -> bool:
    import shiboken6

    return not shiboken6.isValid(obj)


def test_an_unhandled_error_is_logged(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner(QThreadPool())

    def boom(_ctx: TaskContext) -> None:
        raise RuntimeError("nobody listens")

    with caplog.at_level(logging.ERROR, logger="storyboard_app"):
        task = runner.submit(boom, name="lonely task")
        qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert "lonely task" in caplog.text
    assert "nobody listens" in caplog.text
