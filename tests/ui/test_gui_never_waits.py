"""The GUI thread never waits: with the database write lock held by another connection and a
slow Replicate, the user moves through the grid, the lightbox and the timeline (drag, trim,
scrub, play) while a 10 ms timer keeps ticking."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.page import StoryboardPage
from storyboard_app.ui.storyboard.timeline_view import RULER, TRACK_TOP
from tests.fakes.replicate_server import FakeReplicate
from tests.helpers import MULTIMEDIA_NOISE, WindowOpener
from tests.ui.iterator.scenario import focus_cell, key
from tests.ui.storyboard.conftest import build_board_project
from tests.ui.storyboard.timeline_helpers import click, drag

pytestmark = pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)

MAX_GAP_S = 0.2


class TickGaps:
    """A 10 ms timer on the GUI thread; the longest time between two of its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.last = 0.0
        self.longest = 0.0
        self.ticks = 0
        self.phase = ""
        self.worst = ""  # the step during which the longest gap happened

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest, self.ticks = 0.0, 0
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        if now - self.last > self.longest:
            self.worst = self.phase
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def locked(store: Store) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock (released by the test)."""
    holder = sqlite3.connect(store.paths.database, timeout=0)
    yield holder
    if holder.in_transaction:
        holder.rollback()
    holder.close()


def test_the_event_loop_keeps_ticking_through_grid_lightbox_and_timeline(
    qtbot: QtBot,
    store: Store,
    data_paths: DataPaths,
    fake_replicate: FakeReplicate,
    locked: sqlite3.Connection,
) -> None:
    board = build_board_project(store, data_paths)  # offline finals, storyboard not built
    store.storyboard.build(board.project_id)
    first, second, _third, _gap = board.shot_ids
    fake_replicate.latency = 30.0  # a slow provider: predictions stay "processing"
    opener = WindowOpener(qtbot, data_paths)
    window = opener.open()
    window.resize(1400, 900)
    window.show()
    iterator = window.page("iterator")
    assert isinstance(iterator, IteratorPage)
    with qtbot.waitSignals([iterator.shot_loaded, iterator.availability_changed], timeout=20_000):
        window.open_project(board.project_id, page="iterator")
    with qtbot.waitSignal(iterator.shot_loaded, timeout=20_000):
        iterator.open_shot(first)
    storyboard = window.page("storyboard")  # built now: making widgets is not waiting
    assert isinstance(storyboard, StoryboardPage)
    gaps = TickGaps()
    try:
        locked.execute("BEGIN IMMEDIATE")  # every write of the app now waits on a worker
        gaps.start()
        # The grid: a new round on the slow provider (its rows wait for the lock), cells.
        gaps.phase = "grid: a new round"
        iterator.generate_six()
        qtbot.wait(150)
        gaps.phase = "grid: cells"
        for number in (2, 3, 4, 1):
            focus_cell(qtbot, iterator, number)
            qtbot.wait(30)
        # The lightbox: open, move through the round, close.
        gaps.phase = "lightbox: open"
        key(qtbot, iterator, Qt.Key.Key_Space)
        lightbox = iterator.panels.lightbox.view
        assert lightbox.isVisible()
        gaps.phase = "lightbox: move"
        for k in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):
            qtbot.keyClick(lightbox, k)
            qtbot.wait(30)
        qtbot.keyClick(lightbox, Qt.Key.Key_Escape)
        assert not lightbox.isVisible()

        # The timeline: reorder, trim, scrub, play — its writes queue behind the lock.
        gaps.phase = "storyboard: open"
        with qtbot.waitSignal(storyboard.board_loaded, timeout=10_000):
            window.show_page("storyboard")
        view = storyboard.timeline.view
        one, two = view.block(first), view.block(second)
        assert one is not None and two is not None
        y = TRACK_TOP + 30
        gaps.phase = "timeline: drag"
        drag(view, QPointF(one.x + one.width / 2, y), QPointF(two.right - 4, y))
        qtbot.wait(50)
        moved = view.block(first)
        assert moved is not None and moved.index == 1  # shown at once, written later
        gaps.phase = "timeline: trim"
        drag(view, QPointF(moved.right, y), QPointF(moved.x + 5.2 * view.zoom, y))
        qtbot.wait(50)
        gaps.phase = "timeline: scrub"
        click(view, QPointF(geo.x_for_time(view.blocks, 2.0), RULER / 2))
        assert storyboard.timeline.playback.position == pytest.approx(2.0, abs=0.05)
        view.setFocus()
        gaps.phase = "timeline: play"
        qtbot.keyClick(view, Qt.Key.Key_Space)
        qtbot.wait(600)
        assert storyboard.timeline.playback.position > 2.3
        qtbot.keyClick(view, Qt.Key.Key_Space)
        gaps.phase = "storyboard: animate"
        storyboard.animate_shots([second])  # the slow provider again
        qtbot.wait(300)
        gaps.stop()
        assert gaps.ticks > 50
        stalled = f"the event loop stalled {gaps.longest:.3f} s ({gaps.worst})"
        assert gaps.longest < MAX_GAP_S, stalled
    finally:
        gaps.stop()
        if locked.in_transaction:
            locked.rollback()
    # Once the lock is gone the queued writes land: the move and the trim.
    qtbot.waitUntil(
        lambda: [s.id for s in store.scenes.list(board.project_id)[0].shots] == [second, first],
        timeout=15_000,
    )
    qtbot.waitUntil(
        lambda: (
            {s.shot_id: s.duration_seconds for s in store.storyboard.list(board.project_id)}[first]
            == 5.0
        ),
        timeout=15_000,
    )
    opener.close_all(cancel_tasks=True)
