"""THE background-work primitive: run a function on the QThreadPool, hear back through signals.

Usage (on the GUI thread)::

    task = context.tasks.submit(
        lambda ctx: store.projects.list(),           # runs on a pool thread
        name="Loading projects",
        on_result=self._on_projects_loaded,          # GUI thread, gets the return value
        on_error=context.errors.present,             # GUI thread, gets the exception
    )
    task.cancel()                                    # sets the flag the function checks

The function receives a `TaskContext`: `ctx.check_cancelled()` raises `TaskCancelled` once
`cancel()` was called, `ctx.cancelled` reads the flag, `ctx.on_cancel(fn)` forwards the
cancellation to another flag (a library's own token), `ctx.report_progress(value)` emits
`progress` (any value: a percentage, a (done, total) pair, a DTO). Functions receive ids or
DTOs and return DTOs; they never touch widgets or share an ORM object with the GUI thread.

Every exception the function raises is caught and emitted as `error` (the exception object,
traceback attached); a cancelled task emits `cancelled` instead. `finished` is always last.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class TaskCancelled(Exception):
    """Raised inside a task by `TaskContext.check_cancelled()` after `cancel()`."""


class CancelToken:
    """A thread-safe cancellation flag shared by the GUI thread and one task."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], object]] = []

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def add_callback(self, callback: Callable[[], object]) -> None:
        """Call `callback` on cancel (at once if already cancelled), e.g. to stop a client."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class TaskContext:
    """What a running task function gets: the cancel flag and a progress reporter."""

    def __init__(self, token: CancelToken, signals: TaskSignals) -> None:
        self._token = token
        self._signals = signals

    @property
    def cancelled(self) -> bool:
        return self._token.cancelled

    def check_cancelled(self) -> None:
        """Raise `TaskCancelled` when the user cancelled; call it between steps."""
        if self._token.cancelled:
            raise TaskCancelled()

    def on_cancel(self, callback: Callable[[], object]) -> None:
        """Forward a cancellation to another flag (e.g. the generation engine's token)."""
        self._token.add_callback(callback)

    def report_progress(self, value: object) -> None:
        """Emit `progress(value)`; delivered on the GUI thread."""
        self._signals.progress.emit(value)


class TaskSignals(QObject):
    """Signals of one task. Created on the GUI thread, so slots run there (queued).

    started(): the function began on a pool thread.
    progress(object): whatever the function passed to `report_progress`.
    result(object): the function's return value.
    error(object): the exception the function raised (never for a cancellation).
    cancelled(): the task was cancelled (before or while running).
    finished(): always emitted last, after result, error or cancelled.
    """

    started = Signal()
    progress = Signal(object)
    result = Signal(object)
    error = Signal(object)
    cancelled = Signal()
    finished = Signal()


class Task(QRunnable, Generic[T]):
    """One unit of background work (runs on a pool thread); build it with `TaskRunner.submit`."""

    def __init__(self, fn: Callable[[TaskContext], T], name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python reference until `finished`
        self.name = name or getattr(fn, "__name__", "task")
        self.signals = TaskSignals()
        self.token = CancelToken()
        self._fn = fn
        self.done = False

    def cancel(self) -> None:
        """Ask the task to stop; it emits `cancelled` once it notices."""
        self.token.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.token.cancelled

    def run(self) -> None:  # pool thread
        try:
            self._run()
        except RuntimeError:  # the signals object is gone: the app is shutting down
            log.debug("task %r finished after its receiver was deleted", self.name)

    def _run(self) -> None:
        signals = self.signals
        try:
            if self.token.cancelled:
                signals.cancelled.emit()
                return
            signals.started.emit()
            value = self._fn(TaskContext(self.token, signals))
            if self.token.cancelled:
                signals.cancelled.emit()
            else:
                signals.result.emit(value)
        except TaskCancelled:
            signals.cancelled.emit()
        except BaseException as exc:  # nothing may escape a pool thread silently
            if self.token.cancelled:
                signals.cancelled.emit()
            else:
                signals.error.emit(exc)
        finally:
            signals.finished.emit()


class TaskRunner(QObject):
    """Submits tasks to a QThreadPool and keeps them alive until they finish (GUI thread).

    running_changed(int): the number of unfinished tasks, for the status bar.
    """

    running_changed = Signal(int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._tasks: list[Task[Any]] = []

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def running(self) -> list[Task[Any]]:
        """Unfinished tasks, oldest first."""
        return list(self._tasks)

    def submit(
        self,
        fn: Callable[[TaskContext], T],
        *,
        name: str = "",
        on_result: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[object], object] | None = None,
        on_cancelled: Callable[[], object] | None = None,
        on_finished: Callable[[], object] | None = None,
        owner: QObject | None = None,
    ) -> Task[T]:
        """Start `fn(ctx)` on the pool; the callbacks run on the GUI thread.

        Without `on_error`, an error is logged with its traceback (so nothing is ever lost);
        views should pass `context.errors.present` to tell the user. With `owner` (a widget
        that may close first, e.g. a dialog), the callbacks are skipped once it is deleted.
        """
        task: Task[T] = Task(fn, name)
        signals = task.signals

        def guarded(callback: Callable[..., object]) -> Callable[..., object]:
            if owner is None:
                return callback

            def call(*args: object) -> object:
                if not shiboken6.isValid(owner):
                    return None
                return callback(*args)

            return call

        if on_result is not None:
            signals.result.connect(guarded(on_result))
        if on_error is not None:
            signals.error.connect(guarded(on_error))
        else:
            signals.error.connect(lambda exc: self._log_unhandled(task, exc))
        if on_progress is not None:
            signals.progress.connect(guarded(on_progress))
        if on_cancelled is not None:
            signals.cancelled.connect(guarded(on_cancelled))
        if on_finished is not None:
            signals.finished.connect(guarded(on_finished))
        signals.finished.connect(lambda: self._on_task_finished(task))
        self._tasks.append(task)
        self.running_changed.emit(len(self._tasks))
        self._pool.start(task)
        return task

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown and tests only; never from a view)."""
        return bool(self._pool.waitForDone(timeout_ms))

    def _on_task_finished(self, task: Task[Any]) -> None:
        task.done = True
        if task in self._tasks:
            self._tasks.remove(task)
            self.running_changed.emit(len(self._tasks))

    @staticmethod
    def _log_unhandled(task: Task[Any], exc: BaseException) -> None:
        log.error("background task %r failed", task.name, exc_info=exc)
