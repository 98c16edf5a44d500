"""Generate six needs a prompt; a round runs at most settings.concurrency variants at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import CANCELLED
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import NO_PROMPT, IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.iterator.conftest import WAIT_MS, Project
from tests.ui.iterator.scenario import wait_round_settled

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def _open(qtbot: QtBot, page: IteratorPage, shot_id: int) -> None:
    with qtbot.waitSignal(
        page.shot_loaded, timeout=WAIT_MS, check_params_cb=lambda s: s == shot_id
    ):
        page.open_shot(shot_id)


def _peak_in_flight(server: FakeReplicate) -> int:
    edges: list[tuple[float, int]] = []
    for p in server.predictions.values():
        end = p.canceled_at if p.canceled_at is not None else p.created + p.latency
        edges += [(p.created, 1), (end, -1)]
    peak = current = 0
    for _at, step in sorted(edges):  # at equal times an end (-1) sorts before a start
        current += step
        peak = max(peak, current)
    return peak


def test_a_shot_without_a_prompt_cannot_generate_and_says_why(
    open_iterator: Opener,
    project: Project,
    data_paths: DataPaths,
    offline_provider: str,
    qtbot: QtBot,
) -> None:
    store = open_store(data_paths)
    try:
        scene_id = store.scenes.get_shot(project.shots[0]).scene_id
        blank = store.scenes.add_shot(scene_id, "", "Added from the Scenes page").id
    finally:
        store.close()
    _window, page = open_iterator(project.id)
    messages: list[str] = []
    page.context.errors.status_message.connect(lambda text, _ms: messages.append(text))

    _open(qtbot, page, blank)
    bar = page.refine_bar
    assert not bar.generate_button.isEnabled()
    assert bar.generate_button.toolTip() == NO_PROMPT
    assert not page.generate_action.isEnabled()
    page.generate_six()  # e.g. Ctrl+G reaching it some other way: refused, with the reason
    assert messages[-1] == NO_PROMPT
    assert not page.jobs.is_busy() and page.rounds == []

    _open(qtbot, page, project.shots[0])  # a shot with a prompt can generate
    assert bar.generate_button.isEnabled() and page.generate_action.isEnabled()
    assert bar.generate_button.toolTip() != NO_PROMPT

    _open(qtbot, page, blank)
    assert not bar.generate_button.isEnabled()
    store = open_store(data_paths)
    try:
        store.scenes.edit_shot(blank, initial_prompt="a lighthouse keeper's empty chair")
    finally:
        store.close()
    page.reload_scenes()  # the prompt was written in Scenes: the iterator picks it up
    qtbot.waitUntil(lambda: bar.generate_button.isEnabled(), timeout=WAIT_MS)
    assert page.generate_action.isEnabled()
    qtbot.mouseClick(bar.generate_button, Qt.MouseButton.LeftButton)
    images = wait_round_settled(qtbot, page, 0)
    assert all(i.status == ImageStatus.COMPLETE for i in images)


def test_a_round_runs_at_most_the_concurrency_and_waiting_variants_cancel(
    open_iterator: Opener,
    project: Project,
    fake_replicate: FakeReplicate,
    data_paths: DataPaths,
    qtbot: QtBot,
) -> None:
    Settings(concurrency=2).save(data_paths)
    fake_replicate.latency = 0.4
    _window, page = open_iterator(project.id)
    assert page.jobs.queue.limit == 2

    qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
    images = wait_round_settled(qtbot, page, 0)
    assert all(i.status == ImageStatus.COMPLETE for i in images)
    assert fake_replicate.created_count == 6
    assert _peak_in_flight(fake_replicate) == 2

    # Two variants on the server, four waiting: cancelling the round never sends those four.
    fake_replicate.latency = 30.0
    qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fake_replicate.created_count == 8, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.round is not None and page.round.iteration == 1, timeout=WAIT_MS)
    assert page.jobs.queue.waiting_count() == 4
    qtbot.waitUntil(lambda: page.refine_bar.cancel_button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(page.refine_bar.cancel_button, Qt.MouseButton.LeftButton)
    cancelled = wait_round_settled(qtbot, page, 1)
    assert all(i.error == CANCELLED for i in cancelled)
    assert fake_replicate.created_count == 8
    assert fake_replicate.cancel_count >= 2
