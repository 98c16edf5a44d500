"""The generation engine: rounds of six, one variant at a time, animation, and recovery.

Plain and Qt-free. Every method is a blocking unit of work that opens its own sessions
(through the services), so the GUI runs them on a QThreadPool and the command line on a
`concurrent.futures` pool. Expected failures end on the row (`failed` + a human message),
never as an exception out of `run_variant` / `run_animation`.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from storyboard_app.domain.enums import VARIANTS_PER_ROUND, ImageStatus
from storyboard_app.domain.errors import InvalidInputError, NotFoundError, StoryboardError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.domain.time_format import parse_iso, seconds_since, utc_now_iso
from storyboard_app.generation.cancel import CancelledError, CancelToken
from storyboard_app.generation.download import download_to_store
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.offline_provider import MODEL as OFFLINE_MODEL
from storyboard_app.generation.offline_provider import OfflineProvider
from storyboard_app.generation.provider import Provider
from storyboard_app.generation.replicate_provider import PollPolicy, ReplicateProvider
from storyboard_app.generation.request import GenerationRequest, Outcome, Purpose, Submission
from storyboard_app.generation.retry import RetryPolicy
from storyboard_app.media.store import MediaError, MediaKind, MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.settings import PROVIDER_ENV, Settings, get_token
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.images import require_refinable

log = logging.getLogger(__name__)

PROVIDERS = ("replicate", "offline")
UPLOAD_REUSE_HOURS = 20.0  # Replicate keeps uploads 24 h
NO_TOKEN = (
    "No Replicate token is set. Add one in Settings (or set REPLICATE_API_TOKEN), or use "
    "offline drafts."
)
CANCELLED = "Cancelled"


def _now() -> str:
    return utc_now_iso()


def _new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


class GenerationEngine:
    """Plans rounds and animations and runs them through a provider; thread-safe."""

    def __init__(
        self,
        store: Store,
        media: MediaStore,
        settings: Settings,
        *,
        token: str | None = None,
        provider: str | None = None,
        poll: PollPolicy | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.store = store
        self.media = media
        self.settings = settings
        self._token = token
        self.poll = poll or PollPolicy()
        self.retry = retry or RetryPolicy()
        self.provider_name = self._choose(provider)
        self._providers: dict[str, Provider] = {}
        self._lock = threading.Lock()
        self._running: dict[tuple[str, int], CancelToken] = {}

    def __repr__(self) -> str:  # never show the token
        return f"GenerationEngine(provider={self.provider_name!r})"

    @classmethod
    def for_paths(
        cls, store: Store, paths: DataPaths, *, provider: str | None = None
    ) -> GenerationEngine:
        """An engine on the data folder's media store, settings and token."""
        return cls(
            store,
            MediaStore(paths.media),
            Settings.load(paths),
            token=get_token(),
            provider=provider,
        )

    # -- providers ---------------------------------------------------------------------------

    def _choose(self, provider: str | None) -> str:
        import os

        if provider is not None and provider not in PROVIDERS:
            raise InvalidInputError(
                f"Unknown provider {provider!r}; choose one of: {', '.join(PROVIDERS)}."
            )
        chosen = provider or os.environ.get(PROVIDER_ENV) or self.settings.provider
        if chosen in PROVIDERS:
            return chosen
        return "replicate" if self._token else "offline"

    def can_generate(self, provider: str | None = None) -> tuple[bool, str]:
        """(True, "") when the provider can run now, else (False, what to do)."""
        name = provider or self.provider_name
        if name == "replicate" and not self._token:
            return False, NO_TOKEN
        return True, ""

    def provider(self, name: str | None = None) -> Provider:
        name = name or self.provider_name
        if name not in PROVIDERS:
            raise InvalidInputError(f"Unknown provider {name!r}; use replicate or offline.")
        with self._lock:
            if name not in self._providers:
                if name == "replicate":
                    if not self._token:
                        raise GenerationError(NO_TOKEN, kind="auth")
                    self._providers[name] = ReplicateProvider(
                        self._token,
                        base_url=self.settings.effective_base_url(),
                        retry=self.retry,
                        poll=self.poll,
                    )
                else:
                    self._providers[name] = OfflineProvider(self.media.root / ".scratch")
            return self._providers[name]

    @property
    def endpoint(self) -> str:
        return self.settings.effective_base_url() or "https://api.replicate.com"

    # -- planning a round --------------------------------------------------------------------

    def plan_round(
        self,
        shot_id: int,
        *,
        prompt: str | None = None,
        parent_image_id: int | None = None,
        strength: float | None = None,
        provider: str | None = None,
    ) -> list[ImageInfo]:
        """Create the six pending rows of the shot's next round; uploads a parent once."""
        name = provider or self.provider_name
        ok, why = self.can_generate(name)
        if not ok:
            raise GenerationError(why, kind="auth")
        if strength is not None and not (0.0 <= strength <= 1.0):
            raise InvalidInputError(f"The strength is between 0 and 1; got {strength}.")
        shot = self.store.scenes.get_shot(shot_id)
        parent: ImageInfo | None = None
        if parent_image_id is not None:
            parent = self.store.images.get(parent_image_id)
            require_refinable(
                parent_image_id,
                shot_id,
                parent_shot_id=parent.shot_id,
                status=parent.status,
                storage_id=parent.image_storage_id,
            )
        if prompt is None:
            prompt = parent.iteration_prompt if parent else shot.initial_prompt
        prompt = clean_prompt(prompt, required=True)
        purpose: Purpose = "image_to_image" if parent else "text_to_image"
        choice = self.settings.models[purpose]
        base: dict[str, Any] = {"provider": name}
        template = dict(choice.input_template)
        if parent is not None:
            assert parent.image_storage_id is not None
            parent_path = self._parent_path(parent)
            image_ref = self.provider(name).parent_input(
                parent_path, parent.image_storage_id, CancelToken()
            )
            template["image"] = image_ref
            base["parent_upload"] = {"reference": image_ref, "uploaded_at": _now()}
            if strength is not None:
                template["prompt_strength"] = strength
        model = choice.model if name == "replicate" else OFFLINE_MODEL
        seeds: set[int] = set()
        while len(seeds) < VARIANTS_PER_ROUND:
            seeds.add(_new_seed())
        params = []
        for seed in sorted(seeds):
            request = GenerationRequest(
                purpose=purpose,
                model=model,
                inputs={**template, "prompt": prompt, "seed": seed},
                seed=seed,
                parent_image_id=parent_image_id,
            )
            params.append({**request.params(), **base, "planned_at": _now()})
        return self.store.images.create_round(
            shot_id, prompt=prompt, parent_image_id=parent_image_id, params=params
        )

    def _parent_path(self, parent: ImageInfo) -> Path:
        path = self.media.existing_path(parent.image_storage_id)
        if path is None:
            raise GenerationError(
                f"The file of image {parent.id} is missing from the media store. Run "
                "`storyboard-app media verify`, then pick another parent.",
                kind="local",
            )
        return path

    def _request_for(
        self, params: dict[str, Any], parent_image_id: int | None
    ) -> GenerationRequest:
        parent_path = None
        if parent_image_id is not None:
            try:
                parent = self.store.images.get(parent_image_id)
                parent_path = self.media.existing_path(parent.image_storage_id)
            except NotFoundError:
                parent_path = None
        model = str(params.get("model") or "")
        if params.get("version"):
            model = f"{model}:{params['version']}"
        seed = params.get("seed")
        return GenerationRequest(
            purpose=cast(Purpose, params.get("purpose") or "text_to_image"),
            model=model,
            inputs=dict(params.get("input") or {}),
            seed=seed if isinstance(seed, int) else None,
            parent_image_id=parent_image_id,
            parent_path=parent_path,
        )

    # -- running -----------------------------------------------------------------------------

    def _register(self, key: tuple[str, int], cancel: CancelToken | None) -> CancelToken:
        token = cancel or CancelToken()
        with self._lock:
            self._running[key] = token
        return token

    def _unregister(self, key: tuple[str, int]) -> None:
        with self._lock:
            self._running.pop(key, None)

    def _execute(
        self,
        *,
        provider: Provider,
        request: GenerationRequest,
        prediction_id: str | None,
        recovering: bool,
        record: Callable[[Submission], None],
        kind: MediaKind,
        cancel: CancelToken,
    ) -> tuple[str, Outcome, dict[str, Any]]:
        """Create (unless an id exists) → record the id → wait → download → store."""
        timings: dict[str, Any] = {}
        started = time.monotonic()
        if prediction_id is None:
            found = provider.find_submission(request) if recovering else None
            submission = found or provider.submit(request, cancel)
            prediction_id = submission.prediction_id
            record(submission)  # stored before waiting: a crash now resumes, not resubmits
            timings["submitted_at"] = _now()
        outcome = provider.wait(prediction_id, request, cancel)
        timings["prediction_seconds"] = round(time.monotonic() - started, 3)
        downloaded = time.monotonic()
        if outcome.output_path is not None:
            try:
                storage_id = self.media.put_file(outcome.output_path, kind=kind)
            finally:
                outcome.output_path.unlink(missing_ok=True)
        elif outcome.output_url:
            storage_id = download_to_store(
                outcome.output_url, self.media, kind=kind, endpoint=self.endpoint, cancel=cancel
            )
        else:
            raise GenerationError("The provider returned no output. Retry.", kind="no_output")
        timings["download_seconds"] = round(time.monotonic() - downloaded, 3)
        timings["completed_at"] = _now()
        cancel.raise_if_cancelled()
        return storage_id, outcome, timings

    def run_variant(self, image_id: int, cancel: CancelToken | None = None) -> ImageInfo:
        """Run one pending variant to the end; the row ends `complete` or `failed`."""
        return self._run_variant(image_id, cancel, recovering=False)

    def _run_variant(
        self, image_id: int, cancel: CancelToken | None, *, recovering: bool
    ) -> ImageInfo:
        images = self.store.images
        info = images.get(image_id)
        if not info.status.is_active:
            return info
        key = ("image", image_id)
        token = self._register(key, cancel)
        try:
            if token.cancelled:
                return images.fail(image_id, CANCELLED, error_kind="cancelled")
            provider = self.provider(info.provider or self.provider_name)
            request = self._request_for(info.generation_params, info.parent_image_id)

            def record(sub: Submission) -> None:
                images.record_prediction(
                    image_id,
                    sub.prediction_id,
                    version=sub.version,
                    submitted_at=_now(),
                )

            storage_id, outcome, timings = self._execute(
                provider=provider,
                request=request,
                prediction_id=info.replicate_image_id,
                recovering=recovering,
                record=record,
                kind="image",
                cancel=token,
            )
            return images.complete(
                image_id,
                storage_id=storage_id,
                image_url=outcome.output_url or "",
                metrics=outcome.metrics,
                predict_time=outcome.metrics.get("predict_time"),
                timings={
                    **dict(info.generation_params.get("timings") or {}),
                    **timings,
                    **outcome.timings,
                },
            )
        except NotFoundError:
            raise
        except Exception as exc:
            message, error_kind = _failure(exc, "variant", image_id)
            return images.fail(image_id, message, error_kind=error_kind)
        finally:
            self._unregister(key)

    def run_round(
        self, image_ids: Sequence[int], cancel: CancelToken | None = None
    ) -> list[ImageInfo]:
        """Run variants concurrently (limit = settings.concurrency); results in input order."""
        return self._run_many(image_ids, cancel, recovering=False)

    def _run_many(
        self, image_ids: Sequence[int], cancel: CancelToken | None, *, recovering: bool
    ) -> list[ImageInfo]:
        if not image_ids:
            return []
        workers = max(1, min(self.settings.concurrency, len(image_ids)))
        tokens = [_child(cancel) for _ in image_ids]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="variant") as pool:
            futures = [
                pool.submit(self._run_variant, image_id, token, recovering=recovering)
                for image_id, token in zip(image_ids, tokens, strict=True)
            ]
            try:
                return [f.result() for f in futures]
            except BaseException:  # Ctrl-C or a bug: stop the others before the pool joins
                for token in tokens:
                    token.cancel()
                raise

    def retry_variant(self, image_id: int) -> ImageInfo:
        """Make a failed variant pending again (new seed after a content-filter failure)."""
        before = self.store.images.get(image_id)
        info = self.store.images.reset_for_retry(image_id)
        params = dict(info.generation_params)
        updates: dict[str, Any] = {}
        inputs = dict(params.get("input") or {})
        if params.get("error_kind") in ("content_filter", "model", "aborted"):
            seed = _new_seed()
            inputs["seed"] = seed
            updates["seed"] = seed
        upload = params.get("parent_upload")
        if (
            isinstance(upload, dict)
            and info.provider == "replicate"
            and before.parent_image_id is not None
            and _older_than(upload.get("uploaded_at"), hours=UPLOAD_REUSE_HOURS)
        ):
            parent = self.store.images.get(before.parent_image_id)
            assert parent.image_storage_id is not None
            ref = self.provider("replicate").parent_input(
                self._parent_path(parent), parent.image_storage_id, CancelToken()
            )
            inputs["image"] = ref
            updates["parent_upload"] = {"reference": ref, "uploaded_at": _now()}
        if updates:
            updates["input"] = inputs
            info = self.store.images.update_params(image_id, **updates)
        return info

    def cancel_variant(self, image_id: int) -> None:
        """Stop a variant: cancel its prediction via the API; the row ends failed "Cancelled"."""
        with self._lock:
            token = self._running.get(("image", image_id))
        info = self.store.images.get(image_id)
        if token is not None:
            token.cancel()  # the worker cancels the prediction and marks the row
            return
        if not info.status.is_active:
            return
        if info.replicate_image_id and info.provider == "replicate" and self._token:
            self.provider("replicate").cancel(info.replicate_image_id)
        self.store.images.fail(image_id, CANCELLED, error_kind="cancelled")

    # -- recovery ----------------------------------------------------------------------------

    def resume(self, cancel: CancelToken | None = None) -> list[ImageInfo]:
        """Finish rows left pending/processing by a crash, by prediction id (never resubmitted
        when one exists); also resumes animations. Returns the variants' final rows."""
        active = self.store.images.active()
        runnable: list[int] = []
        for info in active:
            name = info.provider or self.provider_name
            if name == "replicate" and not self._token:
                self.store.images.fail(
                    info.id,
                    "Interrupted, and no Replicate token is set to check its prediction. Add "
                    "the token, then retry the variant.",
                    error_kind="auth",
                )
                continue
            runnable.append(info.id)
        results = self._run_many(runnable, cancel, recovering=True)
        for selection in self.store.storyboard.active():
            self._run_animation(selection.id, _child(cancel), recovering=True)
        by_id = {r.id: r for r in results}
        return [by_id.get(info.id) or self.store.images.get(info.id) for info in active]

    # -- animation ---------------------------------------------------------------------------

    def plan_animation(
        self,
        selection_id: int,
        *,
        motion_prompt: str | None = None,
        provider: str | None = None,
    ) -> SelectionInfo:
        """Mark the selection pending with the image-to-video request (uploads the still)."""
        name = provider or self.provider_name
        ok, why = self.can_generate(name)
        if not ok:
            raise GenerationError(why, kind="auth")
        selection = self.store.storyboard.get(selection_id)
        image = self.store.images.get(selection.selected_image_id)
        if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
            raise InvalidInputError(
                f"Image {image.id} is not finished; pick a completed image before animating."
            )
        prompt = clean_prompt(
            motion_prompt
            if motion_prompt is not None
            else (selection.motion_prompt or image.iteration_prompt)
        )
        if motion_prompt is not None and motion_prompt != selection.motion_prompt:
            self.store.storyboard.set_motion_prompt(selection_id, motion_prompt)
        choice = self.settings.models["image_to_video"]
        still = self._parent_path(image)
        ref = self.provider(name).parent_input(still, image.image_storage_id, CancelToken())
        seed = _new_seed()
        request = GenerationRequest(
            purpose="image_to_video",
            model=choice.model if name == "replicate" else OFFLINE_MODEL,
            inputs={**choice.input_template, "prompt": prompt, "image": ref, "seed": seed},
            seed=seed,
            parent_image_id=image.id,
        )
        return self.store.storyboard.start_animation(
            selection_id,
            **request.params(),
            provider=name,
            image_id=image.id,
            duration_seconds=selection.duration_seconds or self.settings.default_duration_seconds,
            planned_at=_now(),
        )

    def run_animation(self, selection_id: int, cancel: CancelToken | None = None) -> SelectionInfo:
        """Run a planned animation to the end; the selection ends complete or failed."""
        return self._run_animation(selection_id, cancel, recovering=False)

    def _run_animation(
        self, selection_id: int, cancel: CancelToken | None, *, recovering: bool
    ) -> SelectionInfo:
        boards = self.store.storyboard
        info = boards.get(selection_id)
        if info.animation_status is None or not info.animation_status.is_active:
            return info
        params = info.animation_params
        image_id = params.get("image_id")
        if not isinstance(image_id, int):
            return boards.fail_animation(selection_id, "Not planned; queue it again.")
        key = ("animation", selection_id)
        token = self._register(key, cancel)
        try:
            if token.cancelled:
                return boards.fail_animation(selection_id, CANCELLED, error_kind="cancelled")
            name = str(params.get("provider") or self.provider_name)
            if name == "replicate" and not self._token:
                return boards.fail_animation(selection_id, NO_TOKEN, error_kind="auth")
            provider = self.provider(name)
            request = self._request_for(params, image_id)

            def record(sub: Submission) -> None:
                boards.record_prediction(
                    selection_id, sub.prediction_id, version=sub.version, submitted_at=_now()
                )

            storage_id, outcome, timings = self._execute(
                provider=provider,
                request=request,
                prediction_id=info.replicate_video_id,
                recovering=recovering,
                record=record,
                kind="video",
                cancel=token,
            )
            return boards.complete_animation(
                selection_id,
                storage_id=storage_id,
                video_url=outcome.output_url or "",
                image_id=image_id,
                metrics=outcome.metrics,
                predict_time=outcome.metrics.get("predict_time"),
                timings={**timings, **outcome.timings},
            )
        except NotFoundError:
            raise
        except Exception as exc:
            message, error_kind = _failure(exc, "animation", selection_id)
            return boards.fail_animation(selection_id, message, error_kind=error_kind)
        finally:
            self._unregister(key)

    def cancel_animation(self, selection_id: int) -> None:
        """Stop an animation; its prediction is cancelled via the API."""
        with self._lock:
            token = self._running.get(("animation", selection_id))
        if token is not None:
            token.cancel()
            return
        info = self.store.storyboard.get(selection_id)
        if info.animation_status is None or not info.animation_status.is_active:
            return
        provider = str(info.animation_params.get("provider") or "")
        if info.replicate_video_id and provider == "replicate" and self._token:
            self.provider("replicate").cancel(info.replicate_video_id)
        self.store.storyboard.fail_animation(selection_id, CANCELLED, error_kind="cancelled")


class _LinkedToken(CancelToken):
    """A token that is also cancelled when its parent is."""

    def __init__(self, parent: CancelToken) -> None:
        super().__init__()
        self._parent = parent

    @property
    def cancelled(self) -> bool:
        return super().cancelled or self._parent.cancelled

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise CancelledError()

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + max(0.0, seconds)
        while not self.cancelled and (left := end - time.monotonic()) > 0:
            self._event.wait(min(left, 0.1))
        self.raise_if_cancelled()


def _failure(exc: Exception, what: str, row_id: int) -> tuple[str, str]:
    """The message and error kind a variant or animation row records when its run raised."""
    if isinstance(exc, CancelledError):
        return CANCELLED, "cancelled"
    if isinstance(exc, GenerationError):
        return str(exc), exc.kind
    if isinstance(exc, MediaError):
        return str(exc), "media"
    if isinstance(exc, StoryboardError):
        return str(exc), "local"
    # our bug: keep the row honest, log the traceback (called inside the `except` block)
    log.exception("%s %s failed unexpectedly", what, row_id)
    return (
        f"Unexpected problem ({type(exc).__name__}). Retry; details are in the log.",
        "internal",
    )


def _child(parent: CancelToken | None) -> CancelToken:
    return _LinkedToken(parent) if parent is not None else CancelToken()


def _older_than(stamp: Any, *, hours: float) -> bool:
    when = parse_iso(stamp)
    return when is None or seconds_since(when) > hours * 3600
