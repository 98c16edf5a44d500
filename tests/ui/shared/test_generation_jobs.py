"""The GUI's one generation-job controller, driven without pages: variants and animations are
submitted, watched, cancelled (running, waiting, left by an earlier session) and retried the
same way, against the fake Replicate server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.generation.errors import ErrorKind
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.errors import ErrorPresenter
from storyboard_app.ui.shared.generation_jobs import (
    GenerationJob,
    GenerationJobs,
    JobKey,
    JobKind,
    generation_jobs,
)
from storyboard_app.ui.shared.worker import TaskRunner
from tests.fakes.replicate_server import FakeReplicate

WAIT_MS = 20_000


@pytest.fixture
def context(store: Store, data_paths: DataPaths) -> Iterator[AppContext]:
    Settings(concurrency=1).save(data_paths)
    pool = QThreadPool()
    tasks = TaskRunner(pool)
    yield AppContext(data_paths, store, Settings.load(data_paths), tasks, ErrorPresenter())
    tasks.cancel_all()
    assert tasks.wait(WAIT_MS)


class Recorder:
    """Every signal of a controller, in order, as (name, payload)."""

    def __init__(self, jobs: GenerationJobs) -> None:
        self.events: list[tuple[str, object]] = []
        jobs.job_queued.connect(lambda job: self.events.append(("queued", job.key)))
        jobs.job_started.connect(lambda job: self.events.append(("started", job.key)))
        jobs.variant_changed.connect(lambda info: self.events.append(("variant", info)))
        jobs.animation_changed.connect(lambda info: self.events.append(("animation", info)))
        jobs.job_ended.connect(lambda job: self.events.append(("ended", job)))

    def ended(self) -> list[GenerationJob]:
        return [job for name, job in self.events if name == "ended"]  # type: ignore[misc]

    def rows(self, name: str, row_id: int) -> list[object]:
        return [row for n, row in self.events if n == name and row.id == row_id]  # type: ignore[attr-defined]


def _ready(qtbot: QtBot, jobs: GenerationJobs) -> None:
    with qtbot.waitSignal(jobs.engine_changed, timeout=WAIT_MS) as changed:
        jobs.refresh_engine()
    assert changed.args == [True, "", "replicate"]
    qtbot.waitUntil(lambda: not jobs.context.tasks.running(), timeout=WAIT_MS)  # build over


def _shot(store: Store) -> int:
    project = store.projects.create("Quay", "")
    scene = store.scenes.add_scene(project.id, "Quay", "")
    return store.scenes.add_shot(scene.id, "a crane lifting a crate", "").id


def test_one_controller_per_window_with_one_engine(
    qtbot: QtBot, context: AppContext, fake_replicate: FakeReplicate
) -> None:
    jobs = generation_jobs(context)
    assert generation_jobs(context) is jobs  # the iterator and the storyboard share it
    assert not jobs.can_generate and jobs.why.startswith("Checking")
    _ready(qtbot, jobs)
    first = jobs.engines.engine
    # Two refreshes while one runs: one more build afterwards, and the last settings win.
    context.settings = Settings(concurrency=3)
    built: list[str] = []
    jobs.engine_changed.connect(lambda _ok, _why, provider: built.append(provider))
    jobs.refresh_engine()
    jobs.refresh_engine()
    jobs.refresh_engine()
    qtbot.waitUntil(lambda: len(built) == 2 and not context.tasks.running(), timeout=WAIT_MS)
    assert built == ["replicate", "replicate"]  # not three builds
    assert jobs.engines.engine is not first and jobs.queue.limit == 3
    assert jobs.engines.engine_in_worker() is jobs.engines.engine  # same settings: kept


def test_variants_run_one_at_a_time_and_every_kind_of_cancel_ends_cancelled(
    qtbot: QtBot, context: AppContext, store: Store, fake_replicate: FakeReplicate
) -> None:
    jobs = generation_jobs(context)
    record = Recorder(jobs)
    _ready(qtbot, jobs)
    shot_id = _shot(store)
    # A round left pending by an earlier session on another shot (a shot runs one round at a
    # time): no job of this window runs it.
    engine = GenerationEngine.for_paths(store, context.paths)
    orphan = engine.plan_round(_shot(store))[0]

    fake_replicate.latency = 30.0
    with qtbot.waitSignal(jobs.round_planned, timeout=WAIT_MS) as planned:
        assert jobs.start_round(shot_id)
        assert not jobs.start_round(shot_id)  # one round is planned at a time
    images: list[ImageInfo] = planned.args[0]
    assert len(images) == 6 and jobs.is_busy()
    qtbot.waitUntil(lambda: fake_replicate.created_count == 1, timeout=WAIT_MS)
    # the worker sends the prediction before the GUI thread hears that the job started
    qtbot.waitUntil(
        lambda: any(j.started_at is not None for j in jobs.jobs(JobKind.VARIANT)), timeout=WAIT_MS
    )
    running = [j for j in jobs.jobs(JobKind.VARIANT) if not j.is_waiting]
    waiting = [j for j in jobs.jobs(JobKind.VARIANT) if j.is_waiting]
    assert len(running) == 1 and len(waiting) == 5  # concurrency 1
    assert running[0].started_at is not None and running[0].elapsed() >= 0
    assert ("started", running[0].key) in record.events
    assert [k for n, k in record.events if n == "queued"] == [JobKey.variant(i.id) for i in images]

    jobs.cancel([running[0].key, waiting[0].key, JobKey.variant(orphan.id)])
    qtbot.waitUntil(lambda: len(record.ended()) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(record.rows("variant", orphan.id)), timeout=WAIT_MS)
    for job in record.ended():
        row = job.result
        assert isinstance(row, ImageInfo) and row.status == ImageStatus.FAILED
        assert row.generation_params["error_kind"] == ErrorKind.CANCELLED
        assert job.cancel_requested and jobs.job(job.key) is None
        assert record.rows("variant", row.id) == [row]  # exactly one row signal per job
    orphan_row = record.rows("variant", orphan.id)[0]
    assert isinstance(orphan_row, ImageInfo)
    assert orphan_row.generation_params["error_kind"] == ErrorKind.CANCELLED

    jobs.cancel_all(JobKind.VARIANT)
    qtbot.waitUntil(lambda: not jobs.is_busy(), timeout=WAIT_MS)
    assert fake_replicate.created_count <= 2  # cancelled waiting jobs were never sent
    assert all(i.status == ImageStatus.FAILED for i in store.images.round(shot_id, 1))
    assert len(record.ended()) == 6

    # A retry resets the row, shows it pending, then runs it to the end.
    fake_replicate.latency = 0.1
    jobs.retry_variant(images[0].id)
    qtbot.waitUntil(lambda: len(record.ended()) == 7, timeout=WAIT_MS)
    pending, done = record.rows("variant", images[0].id)[-2:]
    assert isinstance(pending, ImageInfo) and pending.status == ImageStatus.PENDING
    assert isinstance(done, ImageInfo) and done.status == ImageStatus.COMPLETE
    assert record.ended()[-1].result == done


def test_an_animation_is_planned_run_and_ended_like_a_variant(
    qtbot: QtBot, context: AppContext, store: Store, fake_replicate: FakeReplicate
) -> None:
    shot_id = _shot(store)
    drafts = GenerationEngine.for_paths(store, context.paths, provider="offline")
    image = drafts.run_round([i.id for i in drafts.plan_round(shot_id)])[0]
    store.images.select_final(image.id)
    selection = store.storyboard.build(image.project_id)[0]
    jobs = generation_jobs(context)
    record = Recorder(jobs)
    _ready(qtbot, jobs)

    with qtbot.waitSignal(jobs.job_ended, timeout=WAIT_MS) as ended:
        assert jobs.animate(selection.id, shot_id=shot_id, title="S01_SH01")
        assert not jobs.animate(selection.id, shot_id=shot_id, title="S01_SH01")  # runs
        assert jobs.running_ids(JobKind.ANIMATION) == {selection.id}
    job: GenerationJob = ended.args[0]
    assert job.title == "Animating S01_SH01" and job.shot_id == shot_id
    rows = record.rows("animation", selection.id)
    assert [r.animation_status for r in rows] == [  # type: ignore[attr-defined]
        ImageStatus.PENDING,  # planned
        ImageStatus.COMPLETE,  # ended
    ]
    assert isinstance(job.result, SelectionInfo) and job.result.video_storage_id
    assert not jobs.is_busy()
