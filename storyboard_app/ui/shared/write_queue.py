"""A view's database writes, run one after another off the GUI thread, in the order submitted.

Usage (GUI thread)::

    self.writes = WriteQueue(context, self, on_failed=self.reload)
    self.writes.submit(lambda: store.projects.rename(pid, title), on_result=self._renamed)

One pool task (`context.tasks`) drains the queue, so write N+1 starts only after write N
finished: undo/redo commands that apply their change optimistically to a model and submit the
write keep their order in the database. A failed write is presented (`context.errors`) and,
once the queue is empty, `on_failed` runs (views reload from the database there).

`flush(timeout_ms)` is for closing only: it waits (bounded) for the write in flight, then runs
what is still queued on the calling thread, so closing the window mid-typing loses nothing
(the worker pool is cancelled right after `shutdown`, and a queued task would be skipped).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.worker import TaskContext


@dataclass
class _Write:
    fn: Callable[[], object]
    name: str
    on_result: Callable[[Any], object] | None
    on_error: Callable[[BaseException], object] | None
    title: str


@dataclass
class _Outcome:
    write: _Write
    value: object = None
    error: BaseException | None = None


class WriteQueue(QObject):
    """Serialises one view's writes on a pool thread; results come back on the GUI thread.

    drained(): the queue is empty and no write is running (results delivered).
    """

    drained = Signal()

    def __init__(
        self,
        context: AppContext,
        owner: QObject,
        on_failed: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(owner)
        self._context = context
        self._owner = owner
        self._on_failed = on_failed
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._pending: deque[_Write] = deque()
        self._draining = False  # a drain task is submitted and has not given up yet
        self._active = False  # a write is running on a pool thread
        self._hold = False  # `flush` took over: the drain task stops taking writes
        self._failed = False
        self._drain_seq = 0  # the newest drain task; an older one's finish is stale

    @property
    def busy(self) -> bool:
        """True while a write is queued or running."""
        with self._lock:
            return bool(self._pending) or self._active or self._draining

    def submit(
        self,
        fn: Callable[[], object],
        *,
        name: str = "Saving",
        on_result: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        title: str = "The change was not saved",
    ) -> None:
        """Queue `fn()` (runs on a pool thread, after every write submitted before it).

        `on_result(value)` runs on the GUI thread. Without `on_error` a failure is presented
        with `title`; either way `on_failed` runs once the queue is empty.
        """
        write = _Write(fn, name, on_result, on_error, title)
        with self._lock:
            self._pending.append(write)
            if self._draining:
                return
            self._draining = True
        self._start_drain(name)

    def _start_drain(self, name: str) -> None:
        self._drain_seq += 1
        seq = self._drain_seq
        self._context.tasks.submit(
            self._drain,
            name=name,
            on_progress=self._deliver,
            on_finished=lambda: self._on_drain_finished(seq),
            owner=self._owner,
        )

    def flush(self, timeout_ms: int = 12_000) -> bool:
        """Closing only: finish every queued write now; False if the one in flight timed out.

        Waits at most `timeout_ms` for the write already running (SQLite's busy timeout is
        10 s, so an import holding the lock can delay it that long), then runs the rest on
        this thread. On a timeout the rest stays queued for the pool, which the app waits for
        before it exits.
        """
        with self._lock:
            self._hold = True
            done = self._changed.wait_for(lambda: not self._active, timeout_ms / 1000)
            if not done:
                self._hold = False
                return False
            writes = list(self._pending)
            self._pending.clear()
        try:
            for write in writes:
                self._deliver(self._run(write))
        finally:
            with self._lock:
                self._hold = False
        return True

    # -- pool thread -----------------------------------------------------------------------

    def _drain(self, ctx: TaskContext) -> None:
        while True:
            with self._lock:
                if not self._pending or self._hold:
                    self._draining = False
                    self._changed.notify_all()
                    return
                write = self._pending.popleft()
                self._active = True
            try:
                ctx.report_progress(self._run(write))
            finally:
                with self._lock:
                    self._active = False
                    self._changed.notify_all()

    @staticmethod
    def _run(write: _Write) -> _Outcome:
        try:
            return _Outcome(write, value=write.fn())
        except Exception as exc:
            return _Outcome(write, error=exc)

    # -- GUI thread ------------------------------------------------------------------------

    def _deliver(self, outcome: object) -> None:
        if not isinstance(outcome, _Outcome):
            return
        write = outcome.write
        if outcome.error is None:
            if write.on_result is not None:
                write.on_result(outcome.value)
            return
        self._failed = True
        if write.on_error is not None:
            write.on_error(outcome.error)
        else:
            self._context.errors.present(outcome.error, title=write.title)

    def _on_drain_finished(self, seq: int) -> None:
        if seq != self._drain_seq:
            # An older drain task's finish arrived after a newer one was started (it gave up
            # just before a submit): the newer task is the one that reports, or the queue
            # would count as drained, and be drained twice at once, while it still runs.
            return
        with self._lock:
            self._draining = False  # also when the task was cancelled before it started
            restart = bool(self._pending) and not self._hold
            if restart:
                self._draining = True
        if restart:  # a write queued while the drain task was giving up
            self._start_drain("Saving")
            return
        if self.busy:
            return
        if self._failed:
            self._failed = False
            if self._on_failed is not None:
                self._on_failed()
        self.drained.emit()
