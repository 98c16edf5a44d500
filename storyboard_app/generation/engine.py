"""The generation engine: rounds of six, one variant at a time, animation, and recovery.

Plain and Qt-free. Every method is a blocking unit of work that opens its own sessions
(through the services), so the GUI runs them on a QThreadPool and the command line on a
`concurrent.futures` pool. Variants and animations run through the one run path in
`runner.py`; expected failures end on the row (`failed`, a human message and an
`ErrorKind`), never as an exception out of `run_variant` / `run_animation`.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyboard_app.domain.enums import VARIANTS_PER_ROUND, ErrorKind, ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.domain.time_format import parse_iso, seconds_since
from storyboard_app.generation.cancel import CancelToken, child_token
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.first_last import PURPOSE as FIRST_LAST
from storyboard_app.generation.first_last import frame_inputs, next_final
from storyboard_app.generation.look import (
    RoundLook,
    choose_purpose,
    facts_for,
    missing_reference,
    read_look,
    refreshed_references,
    round_inputs,
)
from storyboard_app.generation.look import (
    motion_prompt as motion_prompt_sent,
)
from storyboard_app.generation.offline_provider import MODEL as OFFLINE_MODEL
from storyboard_app.generation.offline_provider import OfflineProvider
from storyboard_app.generation.pricing import PriceTable
from storyboard_app.generation.provider import Provider
from storyboard_app.generation.provider_choice import (
    NO_TOKEN,
    PROVIDERS,
    REPLICATE,
    check_provider,
    choose_provider,
)
from storyboard_app.generation.replicate_provider import PollPolicy, ReplicateProvider
from storyboard_app.generation.request import GenerationRequest
from storyboard_app.generation.retry import RetryPolicy
from storyboard_app.generation.runner import CANCELLED, Runner
from storyboard_app.generation.targets import AnimationTarget, Job, VariantTarget, now_iso
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings, get_token
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.images import require_refinable

log = logging.getLogger(__name__)

UPLOAD_REUSE_HOURS = 20.0  # Replicate keeps uploads 24 h
NEW_SEED_AFTER = (ErrorKind.CONTENT_FILTER, ErrorKind.MODEL, ErrorKind.ABORTED)

__all__ = ["CANCELLED", "NO_TOKEN", "PROVIDERS", "GenerationEngine"]


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
        self.provider_name = choose_provider(provider, settings, token=token)
        self._providers: dict[str, Provider] = {}
        self._lock = threading.Lock()
        self._runner = Runner(
            store,
            media,
            providers=self.provider,
            default_provider=self.provider_name,
            endpoint=lambda: self.endpoint,
        )

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

    # -- targets and prices ------------------------------------------------------------------

    @property
    def prices(self) -> PriceTable:
        """The price table the settings give (shipped prices, the user's entries on top)."""
        return self.settings.price_table()

    def _variant(self, image_id: int) -> VariantTarget:
        return VariantTarget(self.store, image_id, self.prices)

    def _animation(self, selection_id: int) -> AnimationTarget:
        return AnimationTarget(self.store, selection_id, self.prices)

    # -- providers ---------------------------------------------------------------------------

    def can_generate(self, provider: str | None = None) -> tuple[bool, str]:
        """(True, "") when the provider can run now, else (False, what to do)."""
        name = provider or self.provider_name
        if name == REPLICATE and not self._token:
            return False, NO_TOKEN
        return True, ""

    def provider(self, name: str | None = None) -> Provider:
        name = check_provider(name or self.provider_name)
        with self._lock:
            if name not in self._providers:
                if name == REPLICATE:
                    if not self._token:
                        raise GenerationError(NO_TOKEN, kind=ErrorKind.AUTH)
                    self._providers[name] = ReplicateProvider(
                        self._token,
                        base_url=self.settings.effective_base_url(),
                        retry=self.retry,
                        poll=self.poll,
                    )
                else:
                    self._providers[name] = OfflineProvider(
                        self.media.root / ".scratch", self.media.root
                    )
            return self._providers[name]

    def check_ready(self, provider: str | None = None) -> None:
        """Raise GenerationError (one line) unless the provider can take work now: a token it
        accepts and a network that reaches it. Cheap; asked before anything is planned."""
        name = provider or self.provider_name
        ok, why = self.can_generate(name)
        if not ok:
            raise GenerationError(why, kind=ErrorKind.AUTH)
        self.provider(name).check_ready()

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
        """Create the six pending rows of the shot's next round; uploads a parent once.

        Refused before any row is written when a round of the shot is still running, or when
        the provider refuses the token or cannot be reached.
        """
        name = provider or self.provider_name
        ok, why = self.can_generate(name)
        if not ok:
            raise GenerationError(why, kind=ErrorKind.AUTH)
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
        look = read_look(self.store, shot, prompt)  # an unknown @mention stops here
        self.store.images.refuse_if_running(shot_id)  # again under the write lock on create
        self.check_ready(name)
        purpose = choose_purpose(look, has_parent=parent is not None)
        choice = self.settings.models[purpose]
        base: dict[str, Any] = {"provider": name}
        template = dict(choice.input_template)
        if parent is not None:
            assert parent.image_storage_id is not None
            image_ref = self.provider(name).parent_input(
                self._parent_path(parent), parent.image_storage_id, CancelToken()
            )
            template["image"] = image_ref
            base["parent_upload"] = {"reference": image_ref, "uploaded_at": now_iso()}
            if strength is not None:
                template["prompt_strength"] = strength
        model = choice.model if name == REPLICATE else OFFLINE_MODEL
        sent = round_inputs(
            look,
            prompt,
            template,
            facts_for(choice.model, offline=name != REPLICATE),
            lambda storage_id: self._upload_reference(name, storage_id, look),
            offline=name != REPLICATE,
        )
        base.update(sent.record)
        seeds: set[int] = set()
        while len(seeds) < VARIANTS_PER_ROUND:
            seeds.add(_new_seed())
        params = []
        for seed in sorted(seeds):
            request = GenerationRequest(
                purpose=purpose,
                model=model,
                inputs={**sent.inputs, "seed": seed},
                seed=seed,
                parent_image_id=parent_image_id,
            )
            params.append({**request.params(), **base, "planned_at": now_iso()})
        return self.store.images.create_round(
            shot_id, prompt=prompt, parent_image_id=parent_image_id, params=params
        )

    def _upload_reference(self, name: str, storage_id: str, look: RoundLook | None) -> str:
        """Upload one reference file (once per round); a missing file stops the round."""
        path = self.media.existing_path(storage_id)
        if path is None:
            owner = next(
                (
                    e.name
                    for e in (look.mentioned if look is not None else ())
                    if any(i.storage_id == storage_id for i in e.images)
                ),
                "an element",
            )
            raise missing_reference(owner)
        return self.provider(name).parent_input(path, storage_id, CancelToken())

    def _parent_path(self, parent: ImageInfo) -> Path:
        path = self.media.existing_path(parent.image_storage_id)
        if path is None:
            raise GenerationError(
                f"The file of image {parent.id} is missing from the media store. Run "
                "`storyboard-app media verify`, then pick another parent.",
                kind=ErrorKind.LOCAL,
            )
        return path

    # -- running variants --------------------------------------------------------------------

    def run_variant(self, image_id: int, cancel: CancelToken | None = None) -> ImageInfo:
        """Run one pending variant to the end; the row ends `complete` or `failed`."""
        return self._runner.run(self._variant(image_id), cancel, recovering=False)

    def run_round(
        self, image_ids: Sequence[int], cancel: CancelToken | None = None
    ) -> list[ImageInfo]:
        """Run variants concurrently (limit = settings.concurrency); results in input order."""
        return self._run_variants(image_ids, cancel, recovering=False)

    def _run_variants(
        self, image_ids: Sequence[int], cancel: CancelToken | None, *, recovering: bool
    ) -> list[ImageInfo]:
        targets = [self._variant(image_id) for image_id in image_ids]
        return self._runner.run_many(
            targets, cancel, recovering=recovering, workers=self.settings.concurrency
        )

    def retry_variant(self, image_id: int, *, new_seed: bool = False) -> ImageInfo:
        """Make a failed or cancelled variant pending again on the same row, keeping the
        earlier attempt in `generation_params.attempts`. Same seed unless `new_seed` (or the
        failure was a content filter, the model, or an abort, which the same seed repeats)."""
        before = self.store.images.get(image_id)
        if before.status != ImageStatus.FAILED:
            raise InvalidInputError(
                f"Image {image_id} is {before.status.value}; "
                "only a failed or cancelled variant can be retried."
            )
        params = dict(before.generation_params)
        request = GenerationRequest.from_params(params)
        updates: dict[str, Any] = {}
        inputs = dict(request.inputs)
        if new_seed or params.get("error_kind") in NEW_SEED_AFTER:
            seed = _new_seed()
            inputs["seed"] = seed
            updates["seed"] = seed
        upload = params.get("parent_upload")
        if (
            isinstance(upload, dict)
            and before.provider == REPLICATE
            and before.parent_image_id is not None
            and _older_than(upload.get("uploaded_at"), hours=UPLOAD_REUSE_HOURS)
        ):
            parent = self.store.images.get(before.parent_image_id)
            assert parent.image_storage_id is not None
            ref = self.provider(REPLICATE).parent_input(
                self._parent_path(parent), parent.image_storage_id, CancelToken()
            )
            inputs["image"] = ref
            updates["parent_upload"] = {"reference": ref, "uploaded_at": now_iso()}
        if before.provider == REPLICATE:
            fresh = refreshed_references(
                params,
                inputs,
                lambda storage_id: self._upload_reference(REPLICATE, storage_id, None),
                stale=lambda stamp: _older_than(stamp, hours=UPLOAD_REUSE_HOURS),
            )
            if fresh is not None:
                updates["references"] = fresh
        if updates:
            updates["input"] = inputs
        return self.store.images.reset_for_retry(image_id, **updates)

    def retry_failed(self, shot_id: int, iteration: int) -> list[ImageInfo]:
        """Make every failed or cancelled variant of a round pending again (same rows)."""
        return [
            self.retry_variant(image.id)
            for image in self.store.images.round(shot_id, iteration)
            if image.status == ImageStatus.FAILED
        ]

    def cancel_variant(self, image_id: int) -> None:
        """Stop a variant: cancel its prediction via the API; the row ends failed "Cancelled"."""
        self._runner.cancel(self._variant(image_id), remote=self._remote)

    def _remote(self, job: Job) -> Provider | None:
        """The provider to ask to cancel an idle job's prediction (a recorded Replicate one)."""
        return self.provider(REPLICATE) if job.provider == REPLICATE and self._token else None

    # -- recovery ----------------------------------------------------------------------------

    def resume(self, cancel: CancelToken | None = None) -> list[ImageInfo]:
        """Finish rows left pending/processing by a crash, by prediction id (never resubmitted
        when one exists); also resumes animations. Returns the variants' final rows."""
        active = self.store.images.active()
        runnable: list[int] = []
        for info in active:
            name = info.provider or self.provider_name
            if name == REPLICATE and not self._token:
                self.store.images.fail(
                    info.id,
                    "Interrupted, and no Replicate token is set to check its prediction. Add "
                    "the token, then retry the variant.",
                    error_kind=ErrorKind.AUTH,
                )
                continue
            runnable.append(info.id)
        results = self._run_variants(runnable, cancel, recovering=True)
        for selection in self.store.storyboard.active():
            self._runner.run(self._animation(selection.id), child_token(cancel), recovering=True)
        by_id = {r.id: r for r in results}
        return [by_id.get(info.id) or self.store.images.get(info.id) for info in active]

    # -- animation ---------------------------------------------------------------------------

    def plan_animation(
        self,
        selection_id: int,
        *,
        motion_prompt: str | None = None,
        provider: str | None = None,
        to_next: bool = False,
    ) -> SelectionInfo:
        """Mark the selection pending with the image-to-video request (uploads the still).

        `to_next`: animate from this final to the next shot's final (first and last frame,
        its own purpose and model); both stills are uploaded and both image ids recorded.
        Refused before anything is written when the provider refuses the token or cannot be
        reached, or (`to_next`) when the next shot has no finished final.
        """
        name = provider or self.provider_name
        ok, why = self.can_generate(name)
        if not ok:
            raise GenerationError(why, kind=ErrorKind.AUTH)
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
        look = read_look(self.store, self.store.scenes.get_shot(selection.shot_id), prompt)
        end = next_final(self.store, selection) if to_next else None
        self.check_ready(name)
        if motion_prompt is not None and motion_prompt != selection.motion_prompt:
            self.store.storyboard.set_motion_prompt(selection_id, motion_prompt)
        choice = self.settings.models[FIRST_LAST if end is not None else "image_to_video"]
        uploader = self.provider(name)
        ref = uploader.parent_input(self._parent_path(image), image.image_storage_id, CancelToken())
        seed = _new_seed()
        inputs: dict[str, Any] = {
            **choice.input_template,
            **({} if name == REPLICATE else {"fps": look.project.fps}),
            "prompt": motion_prompt_sent(look, prompt),
        }
        ends: dict[str, Any] = {}
        if end is not None:
            assert end.image.image_storage_id is not None
            names = frame_inputs(choice.model)
            inputs[names.first] = ref
            inputs[names.last] = uploader.parent_input(
                self._parent_path(end.image), end.image.image_storage_id, CancelToken()
            )
            ends = {"end_image_id": end.image.id, "end_shot_id": end.shot_id, "to": end.code}
        else:
            inputs.update(image=ref, seed=seed)
        request = GenerationRequest(
            purpose=FIRST_LAST if end is not None else "image_to_video",
            model=choice.model if name == REPLICATE else OFFLINE_MODEL,
            inputs=inputs,
            seed=seed,
            parent_image_id=image.id,
        )
        return self.store.storyboard.start_animation(
            selection_id,
            **request.params(),
            **ends,
            provider=name,
            image_id=image.id,
            duration_seconds=selection.duration_seconds or self.settings.default_duration_seconds,
            look={"fps": look.project.fps, "move": look.shot.fields.move},
            planned_at=now_iso(),
        )

    def run_animation(self, selection_id: int, cancel: CancelToken | None = None) -> SelectionInfo:
        """Run a planned animation to the end; the selection ends complete or failed."""
        return self._runner.run(self._animation(selection_id), cancel, recovering=False)

    def cancel_animation(self, selection_id: int) -> None:
        """Stop an animation; its prediction is cancelled via the API."""
        self._runner.cancel(self._animation(selection_id), remote=self._remote)


def _older_than(stamp: Any, *, hours: float) -> bool:
    when = parse_iso(stamp)
    return when is None or seconds_since(when) > hours * 3600
