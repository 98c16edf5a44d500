"""Runs rounds through the generation engine on the app's task runner, one task per variant.

The engine is built in a worker (reading the token may touch the OS keyring). A round is
planned in a worker (`plan_round` may upload the parent), then each of the six variants runs
as its own job on the shared `generation_queue` (at most `settings.concurrency` at once,
shared with the storyboard's animations) so they finish independently and each result
updates only its own cell.
Cancelling sets the variant's engine token (the engine cancels the prediction and ends the
row `failed` "Cancelled"); a variant left running by an earlier session is cancelled through
`engine.cancel_variant` in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.generation_queue import GenerationQueue, QueuedJob, generation_queue
from storyboard_app.ui.shared.worker import TaskContext

EngineFactory = Callable[[AppContext], GenerationEngine]


def default_engine(context: AppContext) -> GenerationEngine:
    """Pool thread: the engine over the data folder's media, settings and token."""
    return GenerationEngine.for_paths(context.store, context.paths)


class IteratorJobs(QObject):
    """Generation for the iterator (GUI thread; the engine's work runs on the pool).

    engine_changed(bool, str, str): can generate, why not, provider name.
    round_planned(object): the six pending ImageInfo rows of a new round.
    variant_updated(object): an ImageInfo whose status changed (finished, failed, reset).
    planning_failed(object): the exception `plan_round` raised (already presented).
    """

    engine_changed = Signal(bool, str, str)
    round_planned = Signal(object)
    variant_updated = Signal(object)
    planning_failed = Signal(object)

    def __init__(
        self,
        context: AppContext,
        engine_factory: EngineFactory = default_engine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._factory = engine_factory
        self.engine: GenerationEngine | None = None
        self.can_generate = False
        self.why = "Checking the provider…"
        self._tokens: dict[int, CancelToken] = {}
        self._jobs: dict[int, QueuedJob[ImageInfo]] = {}
        self._planning = False
        self._engine_loading = False
        self.queue  # noqa: B018 - makes the shared queue (and its pool threads) now

    @property
    def queue(self) -> GenerationQueue:
        """The app's generation queue, its limit following the current settings."""
        return generation_queue(self.context)

    @property
    def provider_name(self) -> str:
        return self.engine.provider_name if self.engine is not None else ""

    def running_ids(self) -> set[int]:
        return set(self._tokens)

    def is_busy(self) -> bool:
        return self._planning or bool(self._tokens)

    # -- the engine --------------------------------------------------------------------------

    def refresh_engine(self) -> None:
        """(Re)build the engine off the GUI thread, e.g. after the settings changed."""
        if self._engine_loading:
            return
        self._engine_loading = True
        self.queue.set_limit(self.context.settings.concurrency)
        context, factory = self.context, self._factory
        self.context.tasks.submit(
            lambda _ctx: factory(context),
            name="Preparing the generation engine",
            on_result=self._on_engine_built,
            on_error=self._on_engine_failed,
            on_finished=self._on_engine_finished,
            owner=self,
        )

    def _on_engine_finished(self) -> None:
        self._engine_loading = False

    def _on_engine_built(self, engine: GenerationEngine) -> None:
        self.engine = engine
        self.can_generate, self.why = engine.can_generate()
        self.engine_changed.emit(self.can_generate, self.why, engine.provider_name)

    def _on_engine_failed(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, title="Generation", quiet=True)
        self.engine = None
        self.can_generate, self.why = False, report.message
        self.engine_changed.emit(False, self.why, "")

    # -- rounds ------------------------------------------------------------------------------

    def start_round(
        self,
        shot_id: int,
        *,
        prompt: str | None = None,
        parent_image_id: int | None = None,
        strength: float | None = None,
    ) -> bool:
        """Plan a round in a worker, then run its six variants; False when unavailable."""
        engine = self.engine
        if engine is None or not self.can_generate or self._planning:
            return False
        self._planning = True

        def plan(_ctx: TaskContext) -> list[ImageInfo]:
            return engine.plan_round(
                shot_id, prompt=prompt, parent_image_id=parent_image_id, strength=strength
            )

        self.context.tasks.submit(
            plan,
            name="Planning a round",
            on_result=self._on_round_planned,
            on_error=self._on_planning_failed,
            on_finished=self._on_planning_finished,
            owner=self,
        )
        return True

    def _on_planning_finished(self) -> None:
        self._planning = False

    def _on_round_planned(self, images: list[ImageInfo]) -> None:
        self.round_planned.emit(images)
        self.run_variants([image.id for image in images])

    def _on_planning_failed(self, exc: BaseException) -> None:
        self.context.errors.present(exc, title="Starting a round")
        self.planning_failed.emit(exc)

    def run_variants(self, image_ids: list[int]) -> None:
        """One queued job per variant, each with its own cancel token."""
        engine = self.engine
        if engine is None:
            return
        queue = self.queue
        for image_id in image_ids:
            if image_id in self._tokens:
                continue
            token = CancelToken()
            self._tokens[image_id] = token

            def run(
                ctx: TaskContext, image_id: int = image_id, token: CancelToken = token
            ) -> ImageInfo:
                ctx.on_cancel(token.cancel)  # closing the window stops the wait promptly
                return engine.run_variant(image_id, token)

            self._jobs[image_id] = queue.submit(
                run,
                name=f"Drawing variant {image_id}",
                on_result=partial(self._on_variant_done, image_id),
                on_error=partial(self._on_variant_error, image_id),
                on_finished=partial(self._forget, image_id, token),
                owner=self,
            )

    def _forget(self, image_id: int, token: CancelToken | None = None) -> None:
        """Drop the variant's job (only if it is still the one of `token`, when given)."""
        if token is not None and self._tokens.get(image_id) is not token:
            return  # a retry already started a new job for this variant
        self._tokens.pop(image_id, None)
        self._jobs.pop(image_id, None)

    def _on_variant_done(self, image_id: int, info: ImageInfo) -> None:
        self._forget(image_id)  # before the signal: listeners see it finished
        self.variant_updated.emit(info)

    def _on_variant_error(self, image_id: int, exc: BaseException) -> None:
        self._forget(image_id)
        # run_variant ends expected failures on the row; reaching here is a lost row or a bug.
        self.context.errors.present(exc, title=f"Variant {image_id}")
        self.refetch(image_id)

    def retry(self, image_id: int) -> None:
        """Reset a failed variant in a worker, show it pending, then run it again."""
        engine = self.engine
        if engine is None or not self.can_generate:
            return
        self.context.tasks.submit(
            lambda _ctx: engine.retry_variant(image_id),
            name="Retrying a variant",
            on_result=self._on_retry_reset,
            on_error=lambda exc: self.context.errors.present(exc, title="Retry"),
            owner=self,
        )

    def _on_retry_reset(self, info: ImageInfo) -> None:
        self.variant_updated.emit(info)
        self.run_variants([info.id])

    def cancel(self, images: list[ImageInfo]) -> None:
        """Stop the given variants (those still pending or processing)."""
        orphans: list[int] = []
        for image in images:
            job = self._jobs.get(image.id)
            if job is not None and job.is_waiting:
                job.cancel()  # never started: no prediction; the row is ended below
                self._forget(image.id)
                orphans.append(image.id)
                continue
            token = self._tokens.get(image.id)
            if token is not None:
                token.cancel()
            elif image.status.is_active:
                orphans.append(image.id)
        if not orphans:
            return
        engine = self.engine
        store = self.context.store

        def cancel_orphans(_ctx: TaskContext) -> list[ImageInfo]:
            done: list[ImageInfo] = []
            for image_id in orphans:
                if engine is not None:
                    engine.cancel_variant(image_id)
                else:
                    store.images.fail(image_id, "Cancelled", error_kind="cancelled")
                done.append(store.images.get(image_id))
            return done

        self.context.tasks.submit(
            cancel_orphans,
            name="Cancelling variants",
            on_result=self._emit_all,
            on_error=lambda exc: self.context.errors.present(exc, title="Cancel"),
            owner=self,
        )

    def _emit_all(self, infos: list[ImageInfo]) -> None:
        for info in infos:
            self.variant_updated.emit(info)

    def refetch(self, image_id: int) -> None:
        store = self.context.store
        self.context.tasks.submit(
            lambda _ctx: store.images.get(image_id),
            name="Reading a variant",
            on_result=self.variant_updated.emit,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            owner=self,
        )

    def shutdown(self) -> None:
        """Stop every running variant (the window is closing); waiting ones never start."""
        for job in list(self._jobs.values()):
            if job.is_waiting:
                job.cancel()
        for token in self._tokens.values():
            token.cancel()
