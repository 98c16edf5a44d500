"""One shared queue for long generation work (variants, animations), at most N at a time.

Drawing a variant or animating a shot holds a pool thread for seconds to minutes while it
waits on the provider. Submitting them all at once would fill the shared QThreadPool (so
short loads — the storyboard, the iterator, the dashboard — would wait behind them) and
flood the provider with creates (429s). Every page submits that work here instead: at most
`settings.concurrency` jobs run, the rest wait in order on the GUI thread, holding no thread.

    queue = generation_queue(context)          # one per AppContext; follows the settings
    job = queue.submit(work, name="Animating 1.2", on_result=..., owner=self)
    job.cancel()                               # a waiting job ends at once as cancelled
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.worker import Task, TaskContext, TaskRunner

T = TypeVar("T")

EXTRA_THREADS = 4  # pool threads kept free for loads and thumbnails beyond the limit

_QUEUES: weakref.WeakKeyDictionary[AppContext, GenerationQueue] = weakref.WeakKeyDictionary()


class QueuedJob(Generic[T]):
    """A job of the queue: waiting (no thread yet), running (`task` set) or done."""

    def __init__(
        self,
        queue: GenerationQueue,
        fn: Callable[[TaskContext], T],
        name: str,
        callbacks: dict[str, Callable[..., object] | None],
        owner: QObject | None,
    ) -> None:
        self._queue = queue
        self.fn = fn
        self.name = name
        self.callbacks = callbacks
        self.owner = owner
        self.task: Task[T] | None = None
        self.cancelled = False
        self.done = False

    @property
    def is_waiting(self) -> bool:
        return self.task is None and not self.done

    def cancel(self) -> None:
        """Stop the job: a waiting one never starts (cancelled, then finished, soon after)."""
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()
        else:
            self._queue._drop_waiting(self)


class GenerationQueue(QObject):
    """Runs submitted jobs on the task runner, at most `limit` at once (GUI thread).

    changed(int, int): jobs running, jobs waiting.
    """

    changed = Signal(int, int)

    def __init__(self, tasks: TaskRunner, limit: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self._limit = max(1, limit)
        self._waiting: deque[QueuedJob[Any]] = deque()
        self._running: list[QueuedJob[Any]] = []
        self._ensure_threads()

    @property
    def limit(self) -> int:
        return self._limit

    def set_limit(self, limit: int) -> None:
        """Change how many jobs may run at once (e.g. the settings were saved)."""
        limit = max(1, limit)
        if limit == self._limit:
            return
        self._limit = limit
        self._ensure_threads()
        self._start_next()

    def running_count(self) -> int:
        return len(self._running)

    def waiting_count(self) -> int:
        return len(self._waiting)

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
    ) -> QueuedJob[T]:
        """Queue `fn(ctx)`; it starts on the pool when a slot is free (callbacks as for
        `TaskRunner.submit`, on the GUI thread)."""
        callbacks: dict[str, Callable[..., object] | None] = {
            "on_result": on_result,
            "on_error": on_error,
            "on_progress": on_progress,
            "on_cancelled": on_cancelled,
            "on_finished": on_finished,
        }
        job: QueuedJob[T] = QueuedJob(self, fn, name, callbacks, owner)
        self._waiting.append(job)
        self._start_next()
        self._emit_changed()
        return job

    def cancel_all(self) -> None:
        for job in list(self._waiting) + list(self._running):
            job.cancel()

    # -- internals -----------------------------------------------------------------------------

    def _ensure_threads(self) -> None:
        pool = self.tasks.pool
        wanted = self._limit + EXTRA_THREADS
        if pool.maxThreadCount() < wanted:
            pool.setMaxThreadCount(wanted)

    def _start_next(self) -> None:
        while self._waiting and len(self._running) < self._limit:
            job = self._waiting.popleft()
            if job.owner is not None and not shiboken6.isValid(job.owner):
                job.done = True  # its page is gone: nobody wants the result
                continue
            self._running.append(job)
            cb = {key: _guarded(callback, job.owner) for key, callback in job.callbacks.items()}
            on_finished = cb["on_finished"]

            # One callback (connected before the task starts, so a quick task cannot finish
            # unheard): the job's own `on_finished` (skipped once its owner is deleted), then
            # the slot frees (always).
            def finished(job: QueuedJob[Any] = job, then: Any = on_finished) -> None:
                try:
                    if then is not None:
                        then()
                finally:
                    self._on_job_finished(job)

            job.task = self.tasks.submit(
                job.fn,
                name=job.name,
                on_result=cb["on_result"],
                on_error=cb["on_error"],
                on_progress=cb["on_progress"],
                on_cancelled=cb["on_cancelled"],
                on_finished=finished,
            )
            if job.cancelled:
                job.task.cancel()

    def _on_job_finished(self, job: QueuedJob[Any]) -> None:
        job.done = True
        if job in self._running:
            self._running.remove(job)
        self._start_next()
        self._emit_changed()

    def _drop_waiting(self, job: QueuedJob[Any]) -> None:
        if job not in self._waiting:
            return
        self._waiting.remove(job)
        job.done = True
        self._emit_changed()

        def report() -> None:  # later, like a task's signals: callers may still be iterating
            if job.owner is not None and not shiboken6.isValid(job.owner):
                return
            for key in ("on_cancelled", "on_finished"):
                callback = job.callbacks[key]
                if callback is not None:
                    callback()

        QTimer.singleShot(0, self, report)

    def _emit_changed(self) -> None:
        self.changed.emit(len(self._running), len(self._waiting))


def _guarded(
    callback: Callable[..., object] | None, owner: QObject | None
) -> Callable[..., object] | None:
    """`callback`, skipped once `owner` (a page that may close first) is deleted."""
    if callback is None or owner is None:
        return callback

    def call(*args: object) -> object:
        return callback(*args) if shiboken6.isValid(owner) else None

    return call


def generation_queue(context: AppContext) -> GenerationQueue:
    """The app's one queue for `context`, its limit following `context.settings.concurrency`."""
    queue = _QUEUES.get(context)
    if queue is None:
        queue = GenerationQueue(context.tasks, context.settings.concurrency, context.tasks)
        _QUEUES[context] = queue
    else:
        queue.set_limit(context.settings.concurrency)
    return queue
