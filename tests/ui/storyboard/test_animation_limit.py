"""“Animate all” honours settings.concurrency: later shots wait, and loads keep flowing."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.timeline_data import CardState
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.storyboard.conftest import multimedia, open_storyboard

pytestmark = multimedia

SHOTS = 5
LIMIT = 2


def _five_picked_shots(store: Store, paths: DataPaths) -> int:
    """A project of five shots, each with an offline-drawn final pick, on the storyboard."""
    project = store.projects.create("Quay", "Five shots to animate.")
    scene = store.scenes.add_scene(project.id, "Quay", "Morning on the quay.")
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    for number in range(SHOTS):
        shot = store.scenes.add_shot(scene.id, f"a crane lifting crate {number}", "")
        done = engine.run_round([r.id for r in engine.plan_round(shot.id)])
        store.images.select_final(done[0].id)
    store.storyboard.build(project.id)
    return project.id


def _peak_in_flight(server: FakeReplicate, kind: str) -> int:
    """The most predictions of `kind` the server was working on at one moment."""
    edges: list[tuple[float, int]] = []
    for p in server.predictions.values():
        if p.kind == kind:
            end = p.canceled_at if p.canceled_at is not None else p.created + p.latency
            edges += [(p.created, 1), (end, -1)]
    peak = current = 0
    for _at, step in sorted(edges, key=lambda e: (e[0], e[1])):  # an end before a start
        current += step
        peak = max(peak, current)
    return peak


def test_animate_all_runs_at_most_the_concurrency_and_loads_still_complete(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    fake_replicate: FakeReplicate,
    store: Store,
    data_paths: DataPaths,
) -> None:
    project_id = _five_picked_shots(store, data_paths)
    Settings(concurrency=LIMIT).save(data_paths)
    fake_replicate.latency = 1.0
    window = make_window()
    page = open_storyboard(qtbot, window, project_id)
    qtbot.waitUntil(lambda: page.jobs.engines.is_ready, timeout=10_000)
    assert page.animate_all_button.isEnabled()

    page.animate_all_action.trigger()
    assert len(page.animations) == SHOTS
    assert sum(job.is_waiting for job in page.animations.values()) == SHOTS - LIMIT
    qtbot.waitUntil(lambda: fake_replicate.created_count >= LIMIT, timeout=10_000)
    assert "3 waiting for a free slot" in page.summary.text()

    # While two shots animate and three wait, a storyboard reload still gets a thread.
    with qtbot.waitSignal(page.board_loaded, timeout=5_000):
        page.reload()
    assert fake_replicate.created_count < SHOTS  # the reload did not wait for the animations

    qtbot.waitUntil(
        lambda: all(c.card.state == CardState.COMPLETE for c in page.cards.values()),
        timeout=60_000,
    )
    assert fake_replicate.created_count == SHOTS
    assert _peak_in_flight(fake_replicate, "video") == LIMIT
    selections = store.storyboard.list(project_id)
    assert [s.animation_status for s in selections] == [ImageStatus.COMPLETE] * SHOTS
    assert "waiting" not in page.summary.text()


def test_cancelling_waiting_animations_never_creates_them(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    fake_replicate: FakeReplicate,
    store: Store,
    data_paths: DataPaths,
) -> None:
    project_id = _five_picked_shots(store, data_paths)
    Settings(concurrency=1).save(data_paths)
    fake_replicate.latency = 30.0
    window = make_window()
    page = open_storyboard(qtbot, window, project_id)
    qtbot.waitUntil(lambda: page.jobs.engines.is_ready, timeout=10_000)

    page.animate_all_action.trigger()
    qtbot.waitUntil(lambda: fake_replicate.created_count == 1, timeout=10_000)
    page.cancel_all()
    qtbot.waitUntil(lambda: not page.animations, timeout=20_000)
    assert fake_replicate.created_count == 1  # the four waiting shots were never sent
    assert fake_replicate.cancel_count >= 1
    statuses = [s.animation_status for s in store.storyboard.list(project_id)]
    assert statuses.count(ImageStatus.FAILED) == 1  # the running one ended "Cancelled"
    assert not any(s is not None and s.is_active for s in statuses)
