"""The shared generation queue: at most N jobs hold a pool thread; waiting ones can be cancelled."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from storyboard_app.ui.shared.generation_queue import EXTRA_THREADS, GenerationQueue
from storyboard_app.ui.shared.worker import TaskContext, TaskRunner


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    tasks = TaskRunner(pool)
    yield tasks
    tasks.cancel_all()
    assert tasks.wait(10_000)


def test_jobs_beyond_the_limit_wait_without_a_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    queue = GenerationQueue(runner, limit=2)
    assert runner.pool.maxThreadCount() >= 2 + EXTRA_THREADS  # loads keep free threads
    release = threading.Event()
    lock = threading.Lock()
    running = [0]
    peak = [0]
    started: list[int] = []
    results: list[int] = []
    events: list[str] = []

    def job(number: int) -> Callable[[TaskContext], int]:
        def work(ctx: TaskContext) -> int:
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
                started.append(number)
            try:
                release.wait(10)
            finally:
                with lock:
                    running[0] -= 1
            return number

        return work

    jobs = [
        queue.submit(
            job(n),
            name=f"job {n}",
            on_result=results.append,
            on_cancelled=lambda n=n: events.append(f"cancelled {n}"),
            on_finished=lambda n=n: events.append(f"finished {n}"),
        )
        for n in range(5)
    ]
    qtbot.waitUntil(lambda: len(started) == 2, timeout=5_000)
    assert queue.running_count() == 2 and queue.waiting_count() == 3
    assert [j.is_waiting for j in jobs] == [False, False, True, True, True]
    assert len(runner.running()) == 2  # waiting jobs are not on the pool at all

    # A waiting job cancelled never runs, and still reports cancelled then finished.
    jobs[3].cancel()
    qtbot.waitUntil(lambda: "finished 3" in events, timeout=5_000)
    assert events == ["cancelled 3", "finished 3"]
    assert queue.waiting_count() == 2

    # A short load submitted directly runs at once, although two jobs are busy.
    loaded: list[str] = []
    with qtbot.waitSignal(runner.running_changed, timeout=5_000):
        runner.submit(lambda _ctx: "board", on_result=loaded.append)
    qtbot.waitUntil(lambda: loaded == ["board"], timeout=5_000)

    release.set()
    qtbot.waitUntil(lambda: sorted(results) == [0, 1, 2, 4], timeout=10_000)
    assert peak[0] == 2
    assert 3 not in started
    qtbot.waitUntil(lambda: queue.running_count() == 0, timeout=5_000)  # finished follows result
    assert queue.waiting_count() == 0


def test_raising_the_limit_starts_waiting_jobs(qtbot: QtBot, runner: TaskRunner) -> None:
    queue = GenerationQueue(runner, limit=1)
    release = threading.Event()
    started: list[int] = []

    def work(ctx: TaskContext, n: int) -> None:
        started.append(n)
        release.wait(10)

    for n in range(3):
        queue.submit(lambda ctx, n=n: work(ctx, n))
    qtbot.waitUntil(lambda: len(started) == 1, timeout=5_000)
    assert queue.waiting_count() == 2
    queue.set_limit(3)
    qtbot.waitUntil(lambda: len(started) == 3, timeout=5_000)
    queue.set_limit(0)
    assert queue.limit == 1  # never below one
    release.set()
    qtbot.waitUntil(lambda: queue.running_count() == 0, timeout=10_000)
