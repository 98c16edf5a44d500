"""THE generation-job controller of the GUI: variants and animations, submitted, cancelled,
retried and watched the same way.

One controller per window (`generation_jobs(context)`), shared by the iterator and the
storyboard, over one `EngineHolder` and the shared `generation_queue` (at most
`settings.concurrency` jobs hold a pool thread; the rest wait on the GUI thread)::

    jobs = generation_jobs(context)
    jobs.start_round(shot_id)                      # plans six variants, then runs them
    jobs.animate(selection_id, shot_id=7, title="S01_SH02")
    jobs.cancel([JobKey.variant(12)])              # running, waiting, or left by a crash
    jobs.cancel_all()

Every job is a `GenerationJob` (what a jobs panel lists: title, shot, waiting or running,
elapsed). Running jobs are cancelled through the engine's token, so the engine cancels the
prediction and ends the row `failed` with `ErrorKind.CANCELLED`; waiting jobs never start,
and their rows are ended the same way in a worker. Each job ends with exactly one
`variant_changed` / `animation_changed` carrying its row as it ended, then `job_ended`.

Threads: the public methods and every signal run on the GUI thread; the engine's work
(planning, running, cancelling rows, reading rows) runs on pool threads.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.generation_engine import (
    EngineFactory,
    EngineHolder,
    default_engine,
)
from storyboard_app.ui.shared.generation_queue import GenerationQueue, QueuedJob, generation_queue
from storyboard_app.ui.shared.worker import TaskContext

Row = ImageInfo | SelectionInfo

_CONTROLLERS: weakref.WeakKeyDictionary[AppContext, GenerationJobs] = weakref.WeakKeyDictionary()


class JobKind(StrEnum):
    """What a job makes."""

    VARIANT = "variant"  # one image of a round (its row: shot_images)
    ANIMATION = "animation"  # one clip of a storyboard selection


@dataclass(frozen=True)
class JobKey:
    """A job's identity: its kind and the id of the row it fills."""

    kind: JobKind
    row_id: int

    @classmethod
    def variant(cls, image_id: int) -> JobKey:
        return cls(JobKind.VARIANT, image_id)

    @classmethod
    def animation(cls, selection_id: int) -> JobKey:
        return cls(JobKind.ANIMATION, selection_id)


class _Started:
    """The progress value a job reports as its first step on the pool."""


STARTED = _Started()


@dataclass(eq=False)
class GenerationJob:
    """One submitted job as the GUI thread sees it (kept until it ends)."""

    key: JobKey
    title: str
    shot_id: int | None
    queued_at: float = field(default_factory=time.monotonic)
    started_at: float | None = None
    cancel_requested: bool = False
    result: Row | None = None  # the row as the job ended (None when it could not be read)
    token: CancelToken = field(default_factory=CancelToken)  # the engine's cancel flag
    queued: QueuedJob[Any] | None = None
    to_next: bool = False  # an animation into the next shot's final (first and last frame)

    @property
    def is_waiting(self) -> bool:
        """Queued behind the concurrency limit: no pool thread, no prediction yet."""
        return self.queued is not None and self.queued.is_waiting

    def elapsed(self, now: float | None = None) -> float:
        """Seconds since it started running (0 while it waits)."""
        if self.started_at is None:
            return 0.0
        return max(0.0, (now if now is not None else time.monotonic()) - self.started_at)


class GenerationJobs(QObject):
    """Runs generation jobs for every page of one window (GUI thread; work on the pool).

    engine_changed(bool, str, str): the engine was (re)built — can generate, why not, provider.
    round_planned(object): the six pending `ImageInfo` rows of a new round (jobs queued next).
    round_planning_failed(object): `plan_round` raised this exception (already presented).
    job_queued(object): a `GenerationJob` was submitted (it may wait for a free slot).
    job_started(object): a `GenerationJob` got a pool thread and began.
    variant_changed(object): an `ImageInfo` as it now stands (ended, reset for a retry,
        cancelled) — every variant job ends with one.
    animation_changed(object): a `SelectionInfo` as it now stands (planned, ended,
        cancelled) — every animation job ends with one.
    job_ended(object): a `GenerationJob` left the list (`result` holds its row as it ended).
    jobs_changed(): the list of jobs changed (queued, started or ended), e.g. for a panel.
    """

    engine_changed = Signal(bool, str, str)
    round_planned = Signal(object)
    round_planning_failed = Signal(object)
    job_queued = Signal(object)
    job_started = Signal(object)
    variant_changed = Signal(object)
    animation_changed = Signal(object)
    job_ended = Signal(object)
    jobs_changed = Signal()

    def __init__(
        self,
        context: AppContext,
        engine_factory: EngineFactory = default_engine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.engines = EngineHolder(context, engine_factory, self)
        self.engines.engine_changed.connect(self.engine_changed)
        self._jobs: dict[JobKey, GenerationJob] = {}
        self._planning = 0
        self._closing = False
        self._keep_running: bool | None = None  # decided by the quit dialog
        self.queue  # noqa: B018 - makes the shared queue (and its pool threads) now

    # -- what is in flight ---------------------------------------------------------------------

    @property
    def queue(self) -> GenerationQueue:
        """The app's generation queue, its limit following the current settings."""
        return generation_queue(self.context)

    def jobs(self, kind: JobKind | None = None) -> list[GenerationJob]:
        """Unfinished jobs in submission order (of one kind when given)."""
        return [j for j in self._jobs.values() if kind is None or j.key.kind == kind]

    def job(self, key: JobKey) -> GenerationJob | None:
        return self._jobs.get(key)

    def running_ids(self, kind: JobKind) -> set[int]:
        """Row ids of the unfinished jobs of `kind`."""
        return {key.row_id for key in self._jobs if key.kind == kind}

    @property
    def is_planning(self) -> bool:
        return self._planning > 0

    def is_busy(self, kind: JobKind | None = None) -> bool:
        """A job (of `kind` when given) is unfinished, or a round is being planned."""
        planning = self.is_planning and kind in (None, JobKind.VARIANT)
        return planning or bool(self.jobs(kind))

    # -- the engine ----------------------------------------------------------------------------

    @property
    def can_generate(self) -> bool:
        return self.engines.can_generate

    @property
    def why(self) -> str:
        return self.engines.why

    @property
    def provider_name(self) -> str:
        return self.engines.provider_name

    def refresh_engine(self) -> None:
        """(Re)build the engine off the GUI thread; `engine_changed` follows."""
        self.queue.set_limit(self.context.settings.concurrency)
        self.engines.refresh()

    # -- submitting ----------------------------------------------------------------------------

    def start_round(
        self,
        shot_id: int,
        *,
        prompt: str | None = None,
        parent_image_id: int | None = None,
        strength: float | None = None,
    ) -> bool:
        """Plan a round in a worker, then queue its six variants; False when unavailable."""
        if not self.engines.is_ready or self.is_planning:
            return False
        self._planning += 1
        engines = self.engines

        def plan(_ctx: TaskContext) -> list[ImageInfo]:
            return engines.engine_in_worker().plan_round(
                shot_id, prompt=prompt, parent_image_id=parent_image_id, strength=strength
            )

        self.context.tasks.submit(
            plan,
            name="Planning a round",
            on_result=self._on_round_planned,
            on_error=self._on_round_planning_failed,
            on_finished=self._on_planning_finished,
            owner=self,
        )
        return True

    def _on_planning_finished(self) -> None:
        self._planning -= 1

    def _on_round_planned(self, images: list[ImageInfo]) -> None:
        self.round_planned.emit(images)
        self.run_variants(images)

    def _on_round_planning_failed(self, exc: BaseException) -> None:
        self.context.errors.present(exc, title="Starting a round")
        self.round_planning_failed.emit(exc)

    def run_variants(self, images: Iterable[ImageInfo]) -> None:
        """Queue one job per pending variant (those already queued are left alone)."""
        for image in images:
            title = f"Drawing variant {image.variant_number + 1} of round {image.iteration_number}"
            self._submit(JobKey.variant(image.id), title, image.shot_id)

    def animate(
        self, selection_id: int, *, shot_id: int | None, title: str, to_next: bool = False
    ) -> bool:
        """Queue the animation of a storyboard selection (`to_next`: into the next shot's
        final); False when it already runs."""
        what = f"Animating {title} to the next shot" if to_next else f"Animating {title}"
        return self._submit(JobKey.animation(selection_id), what, shot_id, to_next=to_next)

    def retry_variant(self, image_id: int) -> None:
        """Reset a failed variant in a worker, show it pending, then queue it again."""
        if not self.engines.is_ready:
            return
        engines = self.engines
        self.context.tasks.submit(
            lambda _ctx: engines.engine_in_worker().retry_variant(image_id),
            name="Retrying a variant",
            on_result=self._on_variant_reset,
            on_error=lambda exc: self.context.errors.present(exc, title="Retry"),
            owner=self,
        )

    def _on_variant_reset(self, info: ImageInfo) -> None:
        self.variant_changed.emit(info)
        self.run_variants([info])

    def _submit(
        self, key: JobKey, title: str, shot_id: int | None, *, to_next: bool = False
    ) -> bool:
        if key in self._jobs:
            return False
        job = GenerationJob(key, title, shot_id, to_next=to_next)
        self._jobs[key] = job
        job.queued = self.queue.submit(
            self._work(job),
            name=title,
            on_progress=lambda value: self._on_job_progress(job, value),
            on_result=lambda row: self._end(job, row),
            on_error=lambda exc: self._on_job_error(job, exc),
            on_cancelled=lambda: self._settle(job, cancel=True),
            owner=self,
        )
        self.job_queued.emit(job)
        self.jobs_changed.emit()
        return True

    def _work(self, job: GenerationJob) -> Callable[[TaskContext], Row]:
        """The job's function (runs on a pool thread)."""
        engines, key, token, to_next = self.engines, job.key, job.token, job.to_next

        def run(ctx: TaskContext) -> Row:
            ctx.on_cancel(token.cancel)  # closing the window stops the wait promptly
            ctx.report_progress(STARTED)
            engine = engines.engine_in_worker()
            if key.kind == JobKind.VARIANT:
                return engine.run_variant(key.row_id, token)  # ends a cancelled row at once
            if token.cancelled:  # cancelled before it started: nothing to plan or upload
                return engine.store.storyboard.get(key.row_id)
            ctx.report_progress(engine.plan_animation(key.row_id, to_next=to_next))
            return engine.run_animation(key.row_id, token)

        return run

    # -- cancelling ----------------------------------------------------------------------------

    def cancel(self, keys: Iterable[JobKey]) -> None:
        """Stop these jobs; a key without a job is a row left running by an earlier session
        (its prediction is cancelled through the API, in a worker)."""
        orphans: list[JobKey] = []
        for key in dict.fromkeys(keys):
            job = self._jobs.get(key)
            if job is None:
                orphans.append(key)
                continue
            job.cancel_requested = True
            if job.is_waiting and job.queued is not None:
                job.queued.cancel()  # never started: `on_cancelled` ends its row
            else:
                job.token.cancel()  # the engine cancels the prediction and ends the row
        if orphans:
            self._cancel_rows(orphans)

    def cancel_all(self, kind: JobKind | None = None) -> None:
        """Stop every unfinished job (of one kind when given)."""
        self.cancel([job.key for job in self.jobs(kind)])

    def shutdown(self, *, keep_running: bool | None = None) -> None:
        """The window is closing: waiting jobs never start and keep their rows as they are.
        Running jobs are stopped: with `keep_running` (the quit dialog's default) the app only
        stops waiting, so their predictions go on and their rows stay pending/processing to be
        resumed by id on the next start, as after a crash; otherwise they are cancelled (the
        engine cancels the prediction and ends the row). The first call decides."""
        if keep_running is not None and self._keep_running is None:
            self._keep_running = keep_running
        self._closing = True
        for job in list(self._jobs.values()):
            if job.is_waiting and job.queued is not None:
                job.queued.cancel()
            if self._keep_running is False:
                job.token.cancel()
            else:
                job.token.detach()

    def _cancel_rows(self, keys: list[JobKey]) -> None:
        engines = self.engines

        def cancel_rows(_ctx: TaskContext) -> list[Row]:
            engine = engines.engine_in_worker()
            rows: list[Row] = []
            for key in keys:
                if key.kind == JobKind.VARIANT:
                    engine.cancel_variant(key.row_id)
                    rows.append(engine.store.images.get(key.row_id))
                else:
                    engine.cancel_animation(key.row_id)
                    rows.append(engine.store.storyboard.get(key.row_id))
            return rows

        self.context.tasks.submit(
            cancel_rows,
            name="Cancelling generation",
            on_result=self._emit_rows,
            on_error=lambda exc: self.context.errors.present(exc, title="Cancel"),
            owner=self,
        )

    def _emit_rows(self, rows: list[Row]) -> None:
        for row in rows:
            self._emit_row(row)

    def _emit_row(self, row: Row) -> None:
        if isinstance(row, ImageInfo):
            self.variant_changed.emit(row)
        else:
            self.animation_changed.emit(row)

    # -- how a job goes ------------------------------------------------------------------------

    def _on_job_progress(self, job: GenerationJob, value: object) -> None:
        if value is STARTED:
            job.started_at = time.monotonic()
            self.job_started.emit(job)
            self.jobs_changed.emit()
        elif isinstance(value, ImageInfo | SelectionInfo):
            self._emit_row(value)  # an animation was planned: pending, with its request

    def _on_job_error(self, job: GenerationJob, exc: BaseException) -> None:
        # The engine ends expected failures on the row; reaching here is a lost row or a bug.
        self.context.errors.present(exc, title=f"Could not finish: {job.title}")
        self._settle(job, cancel=False)

    def _settle(self, job: GenerationJob, *, cancel: bool) -> None:
        """The job stopped without handing back its row: end the row (when cancelled) and
        read it in a worker, then end the job."""
        if self._closing:
            self._end(job, None)
            return
        engines, key = self.engines, job.key

        def read(_ctx: TaskContext) -> Row:
            engine = engines.engine_in_worker()
            if key.kind == JobKind.VARIANT:
                if cancel:
                    engine.cancel_variant(key.row_id)
                return engine.store.images.get(key.row_id)
            if cancel:
                engine.cancel_animation(key.row_id)
            return engine.store.storyboard.get(key.row_id)

        self.context.tasks.submit(
            read,
            name=f"Reading how {job.title} ended",
            on_result=lambda row: self._end(job, row),
            on_error=lambda exc: self._on_settle_failed(job, exc),
            owner=self,
        )

    def _on_settle_failed(self, job: GenerationJob, exc: BaseException) -> None:
        self.context.errors.present(exc, quiet=True)
        self._end(job, None)

    def _end(self, job: GenerationJob, row: Row | None) -> None:
        if self._jobs.get(job.key) is job:
            del self._jobs[job.key]  # before the signals: listeners see it finished
        job.result = row
        if row is not None:
            self._emit_row(row)
        self.job_ended.emit(job)
        self.jobs_changed.emit()


def existing_generation_jobs(context: AppContext) -> GenerationJobs | None:
    """The window's job controller if a page has made it (never makes one)."""
    return _CONTROLLERS.get(context)


def generation_jobs(context: AppContext) -> GenerationJobs:
    """The window's one job controller for `context` (made on first use, on the GUI thread)."""
    controller = _CONTROLLERS.get(context)
    if controller is None:
        controller = GenerationJobs(context, parent=context.tasks)
        _CONTROLLERS[context] = controller
    return controller
