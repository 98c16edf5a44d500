"""The lightbox never makes the GUI thread wait: with another writer holding the database's
write lock and a slow provider drawing another shot, moving through variants and rounds and
starring keep the event loop ticking; the star lands once the lock is let go."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import (
    WAIT_MS,
    focus_cell,
    key,
    refine_from,
    wait_pixmaps,
    wait_round_settled,
)

SLOWEST_PRESS_MS = 250  # a press that took longer would mean the GUI thread waited


def test_lightbox_keeps_moving_while_the_database_is_locked_and_the_provider_is_slow(
    qtbot: QtBot,
    project: Project,
    data_paths: DataPaths,
    fake_replicate: FakeReplicate,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    fake_replicate.latency = 0.05
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 2, ", gulls", 0.5)
    wait_pixmaps(qtbot, page)

    fake_replicate.latency = 2.0  # another shot is being drawn slowly meanwhile
    assert page.jobs.start_round(project.shots[2])
    qtbot.waitUntil(lambda: fake_replicate.created_count >= 13, timeout=WAIT_MS)

    focus_cell(qtbot, page, 1)
    key(qtbot, page, Qt.Key.Key_Space)
    view = page.panels.lightbox.view
    assert view is not None and view.isVisible()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    store = open_store(data_paths)
    holder = sqlite3.connect(data_paths.database, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        slowest = 0.0
        for k in [Qt.Key.Key_Right] * 5 + [Qt.Key.Key_Left] * 5:
            start = time.monotonic()
            qtbot.keyClick(view, k)
            qtbot.wait(5)
            slowest = max(slowest, time.monotonic() - start)
        starred = view.image
        assert starred is not None and not starred.is_favorite
        start = time.monotonic()
        qtbot.keyClick(view, Qt.Key.Key_F)  # a write: it waits for the lock in a worker
        slowest = max(slowest, time.monotonic() - start)
        with qtbot.waitSignal(page.panels.lightbox.image_shown, timeout=WAIT_MS):
            start = time.monotonic()
            qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
            slowest = max(slowest, time.monotonic() - start)  # the round is read in a worker
        assert view.image is not None and view.image.iteration_number == 0
        before = len(ticks)
        qtbot.wait(300)
        assert len(ticks) - before >= 10  # the event loop kept running
        assert slowest * 1000 < SLOWEST_PRESS_MS
        assert not store.images.get(starred.id).is_favorite  # not written yet: locked
    finally:
        holder.rollback()
        holder.close()
        timer.stop()
    try:
        qtbot.waitUntil(lambda: store.images.get(starred.id).is_favorite, timeout=WAIT_MS)
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        qtbot.waitUntil(
            lambda: all(
                i.status == ImageStatus.COMPLETE for i in store.images.for_shot(project.shots[2])
            ),
            timeout=WAIT_MS,
        )
    finally:
        store.close()
