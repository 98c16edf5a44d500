"""The one run path for variants and animations: create → record the id → wait → store → end.

A `Target` (targets.py) supplies the recorded request and writes its own row; this module
owns the sequence, the cancellation tokens of running work, and turning any exception into a
failed row with a message and an `ErrorKind`. Blocking; thread-safe.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from storyboard_app.domain.enums import ErrorKind
from storyboard_app.domain.errors import NotFoundError, StoryboardError
from storyboard_app.generation.cancel import (
    CancelledError,
    CancelToken,
    DetachedError,
    child_token,
)
from storyboard_app.generation.download import download_to_store
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.provider import Provider
from storyboard_app.generation.request import GenerationRequest, Outcome
from storyboard_app.generation.targets import Job, Target, now_iso
from storyboard_app.media.store import MediaError, MediaStore
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store

log = logging.getLogger(__name__)

CANCELLED = "Cancelled"  # the message a cancelled row shows; code compares ErrorKind.CANCELLED
R = TypeVar("R", bound=ImageInfo | SelectionInfo)


class Runner:
    """Runs targets to their end through the providers `providers(name)` returns."""

    def __init__(
        self,
        store: Store,
        media: MediaStore,
        *,
        providers: Callable[[str], Provider],
        default_provider: str,
        endpoint: Callable[[], str],
    ) -> None:
        self.store = store
        self.media = media
        self._providers = providers
        self._default_provider = default_provider
        self._endpoint = endpoint
        self._lock = threading.Lock()
        self._running: dict[tuple[str, int], CancelToken] = {}

    def provider_of(self, job: Job) -> str:
        return job.provider or self._default_provider

    # -- running -----------------------------------------------------------------------------

    def run(self, target: Target[R], cancel: CancelToken | None, *, recovering: bool) -> R:
        """Run one target to the end; its row ends complete or failed (never raises for an
        expected failure; a row that vanished raises NotFoundError)."""
        state, job = target.load()
        if job is None:
            return state
        if job.problem is not None:
            return target.fail(job.problem, ErrorKind.FAILED)
        token = cancel or CancelToken()
        with self._lock:
            self._running[target.key] = token
        try:
            if token.detached:
                return state  # left as it is, for the next start
            if token.cancelled:
                return target.fail(CANCELLED, ErrorKind.CANCELLED)
            provider = self._providers(self.provider_of(job))
            request = GenerationRequest.from_params(
                job.params,
                parent_image_id=job.parent_image_id,
                parent_path=self._parent_path(job.parent_image_id),
            )
            storage_id, outcome, timings = self._execute(
                target, job, provider, request, token, recovering=recovering
            )
            timings = {**job.timings, **timings, **outcome.timings}
            return target.complete(storage_id, outcome, timings)
        except NotFoundError:
            raise
        except DetachedError:  # the app quit leaving it running: the row stays active
            return target.load()[0]
        except Exception as exc:
            message, kind = failure_of(exc, target.what, target.key[1])
            return target.fail(message, kind)
        finally:
            with self._lock:
                self._running.pop(target.key, None)

    def run_many(
        self,
        targets: Sequence[Target[R]],
        cancel: CancelToken | None,
        *,
        recovering: bool,
        workers: int,
    ) -> list[R]:
        """Run targets concurrently (at most `workers` at once); results in input order."""
        if not targets:
            return []
        tokens = [child_token(cancel) for _ in targets]
        with ThreadPoolExecutor(
            max_workers=max(1, min(workers, len(targets))), thread_name_prefix="generate"
        ) as pool:
            futures = [
                pool.submit(self.run, target, token, recovering=recovering)
                for target, token in zip(targets, tokens, strict=True)
            ]
            try:
                return [f.result() for f in futures]
            except BaseException:  # Ctrl-C or a bug: stop the others before the pool joins
                for token in tokens:
                    token.cancel()
                raise

    def _execute(
        self,
        target: Target[R],
        job: Job,
        provider: Provider,
        request: GenerationRequest,
        cancel: CancelToken,
        *,
        recovering: bool,
    ) -> tuple[str, Outcome, dict[str, Any]]:
        timings: dict[str, Any] = {}
        started = time.monotonic()
        prediction_id = job.prediction_id
        if prediction_id is None:
            found = provider.find_submission(request) if recovering else None
            submission = found or provider.submit(request, cancel)
            prediction_id = submission.prediction_id
            target.record(submission)  # stored before waiting: a crash now resumes, not resubmits
            timings["submitted_at"] = now_iso()
        outcome = provider.wait(prediction_id, request, cancel)
        timings["prediction_seconds"] = round(time.monotonic() - started, 3)
        downloaded = time.monotonic()
        if outcome.output_path is not None:
            try:
                storage_id = self.media.put_file(outcome.output_path, kind=target.media_kind)
            finally:
                outcome.output_path.unlink(missing_ok=True)
        elif outcome.output_url:
            storage_id = download_to_store(
                outcome.output_url,
                self.media,
                kind=target.media_kind,
                endpoint=self._endpoint(),
                cancel=cancel,
            )
        else:
            raise GenerationError(
                "The provider returned no output. Retry.", kind=ErrorKind.NO_OUTPUT
            )
        timings["download_seconds"] = round(time.monotonic() - downloaded, 3)
        timings["completed_at"] = now_iso()
        cancel.raise_if_cancelled()
        return storage_id, outcome, timings

    def _parent_path(self, image_id: int | None) -> Path | None:
        if image_id is None:
            return None
        try:
            parent = self.store.images.get(image_id)
        except NotFoundError:
            return None
        return self.media.existing_path(parent.image_storage_id)

    # -- cancelling --------------------------------------------------------------------------

    def cancel(self, target: Target[R], *, remote: Callable[[Job], Provider | None]) -> None:
        """Stop a target: a running one through its token (the worker cancels the prediction
        and marks the row); an idle active one by cancelling its prediction (`remote(job)`
        gives the provider to ask, if any) and marking the row failed "Cancelled"."""
        with self._lock:
            token = self._running.get(target.key)
        if token is not None:
            token.cancel()
            return
        _state, job = target.load()
        if job is None:
            return
        provider = remote(job)
        if job.prediction_id and provider is not None:
            provider.cancel(job.prediction_id)
        target.fail(CANCELLED, ErrorKind.CANCELLED)


def failure_of(exc: Exception, what: str, row_id: int) -> tuple[str, ErrorKind]:
    """The message and error kind a row records when its run raised `exc`."""
    if isinstance(exc, CancelledError):
        return CANCELLED, ErrorKind.CANCELLED
    if isinstance(exc, GenerationError):
        return str(exc), exc.kind
    if isinstance(exc, MediaError):
        return str(exc), ErrorKind.MEDIA
    if isinstance(exc, StoryboardError):
        return str(exc), ErrorKind.LOCAL
    # our bug: keep the row honest, log the traceback (called inside the `except` block)
    log.exception("%s %s failed unexpectedly", what, row_id)
    return (
        f"Unexpected problem ({type(exc).__name__}). Retry; details are in the log.",
        ErrorKind.INTERNAL,
    )
