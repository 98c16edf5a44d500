"""Honest jobs, window side: the jobs panel lists and cancels every job; quitting with jobs
running asks, and "keep them" leaves the predictions running and the rows active for the
next start (no cancel sent); Esc leaves no stale "Cancelling…" in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.generation_jobs import generation_jobs
from storyboard_app.ui.shared.jobs_panel import JobsPanel
from tests.fakes.replicate_server import FakeReplicate
from tests.helpers import WindowOpener
from tests.ui.iterator.conftest import make_project

WAIT_MS = 20_000
Start = Callable[[], tuple[MainWindow, IteratorPage, list[int]]]


@pytest.fixture
def start_round(
    qtbot: QtBot, data_paths: DataPaths, fake_replicate: FakeReplicate
) -> Iterator[Start]:
    """The real window on a shot's iterator, a round of six running on a slow Replicate
    (two at a time, four waiting)."""
    Settings(concurrency=2).save(data_paths)
    setup = open_store(data_paths)
    project = make_project(setup)
    setup.close()
    opener = WindowOpener(qtbot, data_paths)

    def start() -> tuple[MainWindow, IteratorPage, list[int]]:
        window = opener.open()
        window.resize(1200, 800)
        window.show()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        with qtbot.waitSignals([page.shot_loaded, page.availability_changed], timeout=WAIT_MS):
            window.open_project(project.id, page="iterator")
        fake_replicate.latency = 60.0
        qtbot.waitUntil(page.refine_bar.generate_button.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
        jobs = generation_jobs(window.context)
        qtbot.waitUntil(lambda: fake_replicate.created_count == 2, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(jobs.jobs()) == 6, timeout=WAIT_MS)
        return window, page, [job.key.row_id for job in jobs.jobs()]

    yield start
    for window, _store in opener.opened:
        if window.isVisible():
            window.quit_guard.quit(keep_running=False)
    opener.close_all(cancel_tasks=True, wait_ms=WAIT_MS)


def test_the_jobs_panel_lists_and_cancels_every_job(
    qtbot: QtBot, start_round: Start, fake_replicate: FakeReplicate, store: Store
) -> None:
    window, _page, image_ids = start_round()
    button = window.jobs_label
    qtbot.waitUntil(lambda: button.text() == "Jobs: 2 running, 4 waiting", timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = window.findChild(JobsPanel, "jobsPanel")
    assert panel is not None and panel.isVisible()
    assert panel.table.rowCount() == 6
    # Each line names the shot (in creator words), what it makes and how far it is.
    qtbot.waitUntil(lambda: panel.table.item(0, 0).text().startswith("Shot 1.1"), timeout=WAIT_MS)
    progress = [panel.table.item(r, 2).text() for r in range(6)]
    assert sum(p.startswith(("Running", "Starting")) for p in progress) == 2, progress
    assert progress.count("Waiting for a free slot") == 4, progress
    assert all(panel.table.item(r, 1).text().startswith("Image") for r in range(6))

    # Cancel one job from its row: only that variant ends, as cancelled (never failed).
    first = panel.listed()[0].key.row_id
    cancel_button = panel.table.cellWidget(0, 3)
    assert isinstance(cancel_button, QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 5, timeout=WAIT_MS)
    assert store.images.get(first).error_kind == ErrorKind.CANCELLED

    # Cancel all: the panel empties and every row has ended cancelled.
    qtbot.mouseClick(panel.cancel_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0, timeout=WAIT_MS)
    assert panel.empty_label.isVisible()
    assert {store.images.get(i).error_kind for i in image_ids} == {ErrorKind.CANCELLED}
    qtbot.waitUntil(lambda: button.text() == "No jobs running", timeout=WAIT_MS)
    assert "Cancelling" not in window.statusBar().currentMessage()


def _quit_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    window.close()
    box = window.quit_guard.box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    assert window.isVisible()  # nothing is closed until the user chooses
    return box


def test_quitting_with_jobs_running_keeps_them_for_the_next_start(
    qtbot: QtBot,
    start_round: Start,
    fake_replicate: FakeReplicate,
    store: Store,
    data_paths: DataPaths,
) -> None:
    window, _page, image_ids = start_round()
    box = _quit_box(qtbot, window)
    keep = box.defaultButton()
    assert keep is not None and keep.text() == (
        "Keep them running on Replicate and finish them on the next start"
    )
    assert [b.text() for b in box.buttons()].count("Cancel them") == 1

    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert window.context.tasks.wait(WAIT_MS)
    rows = [store.images.get(i) for i in image_ids]
    # Left as after a crash: active, two with their prediction recorded, none cancelled.
    assert all(r.status in (ImageStatus.PENDING, ImageStatus.PROCESSING) for r in rows), [
        (r.status, r.error) for r in rows
    ]
    assert sum(1 for r in rows if r.replicate_image_id) == 2
    assert fake_replicate.cancel_count == 0

    # The next start resumes them: the two running predictions by their id (not created
    # again, not paid twice), the four that never started are created now.
    started = {r.id: r.replicate_image_id for r in rows if r.replicate_image_id}
    for prediction in fake_replicate.predictions.values():
        prediction.latency = 0.1  # Replicate finished them meanwhile
    fake_replicate.latency = 0.1
    resumed = GenerationEngine.for_paths(store, data_paths).resume()
    assert {r.id for r in resumed} == set(image_ids)
    assert all(r.status == ImageStatus.COMPLETE for r in resumed), [r.error for r in resumed]
    assert {i: store.images.get(i).replicate_image_id for i in started} == started
    assert fake_replicate.created_count == 6


def test_quitting_and_cancelling_ends_every_job_cancelled(
    qtbot: QtBot, start_round: Start, fake_replicate: FakeReplicate, store: Store
) -> None:
    window, _page, image_ids = start_round()
    box = _quit_box(qtbot, window)
    cancel = next(b for b in box.buttons() if b.text() == "Cancel them")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert window.context.tasks.wait(WAIT_MS)
    assert {store.images.get(i).error_kind for i in image_ids} == {ErrorKind.CANCELLED}
    assert fake_replicate.cancel_count == 2  # the two that had a prediction


def test_dont_quit_keeps_the_window_and_the_jobs(
    qtbot: QtBot, start_round: Start, store: Store
) -> None:
    window, _page, _ids = start_round()
    box = _quit_box(qtbot, window)
    stay = box.escapeButton()
    assert stay is not None and stay.text() == "Don't quit"
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    assert len(generation_jobs(window.context).jobs()) == 6


def test_esc_cancel_leaves_no_stale_cancelling_message(qtbot: QtBot, start_round: Start) -> None:
    window, page, _image_ids = start_round()
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Escape)
    jobs = generation_jobs(window.context)
    qtbot.waitUntil(lambda: not jobs.jobs(), timeout=WAIT_MS)
    assert "Cancelling" not in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.jobs_label.text() == "No jobs running", timeout=WAIT_MS)
