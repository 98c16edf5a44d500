"""Shot images: rounds of six rows, status updates, favourites, the final pick, lineage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from storyboard_app.domain.enums import VARIANTS_PER_ROUND, ErrorKind, ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.store.dto import ImageInfo, RoundSummary
from storyboard_app.store.models import SceneShot, ShotImage, StoryboardSelection
from storyboard_app.store.services.common import get_or_raise, image_info
from storyboard_app.store.services.stage import project_changed

ROUND_RUNNING = "a round is already running for this shot"


class RoundRunningError(InvalidInputError):
    """A new round was asked for while the shot's newest round still has variants running."""


def _running_round(s: Session, shot_id: int) -> tuple[int, int] | None:
    """(iteration, variants still running) of the shot's newest round while it runs."""
    latest = s.scalar(
        select(func.max(ShotImage.iteration_number)).where(ShotImage.shot_id == shot_id)
    )
    if latest is None:
        return None
    running = s.scalar(
        select(func.count()).where(
            ShotImage.shot_id == shot_id,
            ShotImage.iteration_number == latest,
            ShotImage.status.in_([ImageStatus.PENDING, ImageStatus.PROCESSING]),
        )
    )
    return (int(latest), int(running)) if running else None


def _refuse_running(s: Session, shot_id: int) -> None:
    found = _running_round(s, shot_id)
    if found is not None:
        iteration, running = found
        raise RoundRunningError(
            f"Shot {shot_id}: {ROUND_RUNNING} (round {iteration}, {running} of "
            f"{VARIANTS_PER_ROUND} variants not finished). Wait for it, cancel it, or run "
            "`storyboard-app resume` if it was interrupted."
        )


def _lock_shot(s: Session, shot_id: int) -> None:
    """Take the write lock before reading what a new round depends on: the first statement
    writes (SQLite takes the database's write lock, waiting its busy timeout; PostgreSQL locks
    the shot's row), so two processes planning a round of one shot run one after the other."""
    s.execute(
        update(SceneShot)
        .where(SceneShot.id == shot_id)
        .values(updated_at=SceneShot.updated_at)
        .execution_options(synchronize_session=False)
    )


STALE_FINAL = (
    "The final pick changed after this clip was made. Animate again to match it, or make "
    "the earlier image final again."
)
STALE_NEXT_FINAL = (
    "This clip ends on the next shot's final pick, which has changed since. Animate to the "
    "next shot again to match it."
)


def require_refinable(
    parent_image_id: int,
    shot_id: int,
    *,
    parent_shot_id: int,
    status: ImageStatus,
    storage_id: str | None,
) -> None:
    """Raise `InvalidInputError` unless the image can parent a refinement round of the shot."""
    if parent_shot_id != shot_id:
        raise InvalidInputError(
            f"Image {parent_image_id} belongs to another shot; refine from an image of this shot."
        )
    if status != ImageStatus.COMPLETE or not storage_id:
        raise InvalidInputError(
            f"Image {parent_image_id} has no finished picture to refine from; choose a "
            "completed variant."
        )


def point_selection_at(s: Session, shot: SceneShot, image_id: int) -> None:
    """Keep the shot's selection on its final pick; mark a clip of another image stale."""
    _mark_clips_ending_here(s, shot, image_id)
    selection = shot.selection
    if selection is None:
        return
    selection.selected_image_id = image_id
    if selection.animated_image_id is not None:
        if selection.animated_image_id != image_id:
            selection.stale_reason = STALE_FINAL
        else:
            selection.stale_reason = next_final_changed(s, selection)


def next_final_changed(s: Session, selection: StoryboardSelection) -> str | None:
    """Why a clip that animates into the next shot's final no longer matches it, else None."""
    params = selection.animation_params or {}
    end_shot, end_image = params.get("end_shot_id"), params.get("end_image_id")
    if end_shot is None or end_image is None:
        return None
    current = s.scalar(select(SceneShot.selected_image_id).where(SceneShot.id == end_shot))
    return None if current == end_image else STALE_NEXT_FINAL


def _mark_clips_ending_here(s: Session, shot: SceneShot, image_id: int) -> None:
    """A clip made from another shot's final into this shot's final: stale once this shot's
    final changes, current again when it changes back (and its own final still matches)."""
    selections = s.scalars(
        select(StoryboardSelection).where(
            StoryboardSelection.project_id == shot.project_id,
            StoryboardSelection.shot_id != shot.id,
            StoryboardSelection.video_storage_id.is_not(None),
        )
    )
    for other in selections:
        params = other.animation_params or {}
        if params.get("end_shot_id") != shot.id:
            continue
        if other.animated_image_id != other.selected_image_id:
            continue  # stale for its own final already
        other.stale_reason = None if params.get("end_image_id") == image_id else STALE_NEXT_FINAL


class ImageService:
    """Rows of `shot_images`; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- reading ---------------------------------------------------------------------------

    def get(self, image_id: int) -> ImageInfo:
        with self._sessions.begin() as s:
            return image_info(get_or_raise(s, ShotImage, image_id))

    def for_shot(self, shot_id: int) -> list[ImageInfo]:
        """Every image of a shot, by round then variant, in one query."""
        with self._sessions.begin() as s:
            get_or_raise(s, SceneShot, shot_id)
            rows = s.scalars(
                select(ShotImage)
                .where(ShotImage.shot_id == shot_id)
                .order_by(ShotImage.iteration_number, ShotImage.variant_number)
            )
            return [image_info(row) for row in rows]

    def round(self, shot_id: int, iteration: int) -> list[ImageInfo]:
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(ShotImage)
                .where(ShotImage.shot_id == shot_id, ShotImage.iteration_number == iteration)
                .order_by(ShotImage.variant_number)
            )
            return [image_info(row) for row in rows]

    def latest_iteration(self, shot_id: int) -> int | None:
        """The shot's newest round number (None: no rounds), from the index alone."""
        with self._sessions.begin() as s:
            return s.scalar(
                select(func.max(ShotImage.iteration_number)).where(ShotImage.shot_id == shot_id)
            )

    def round_summaries(
        self, shot_id: int, *, first: int | None = None, last: int | None = None
    ) -> list[RoundSummary]:
        """The shot's rounds (all, or those from `first` to `last`) with their parent and status
        counts, oldest first, in one query.

        Reads only the shot's rows through the (shot, iteration, variant) index and never
        loads their parameters; a window keeps it fast on a shot with thousands of rounds.
        """
        conditions = [ShotImage.shot_id == shot_id]
        if first is not None:
            conditions.append(ShotImage.iteration_number >= first)
        if last is not None:
            conditions.append(ShotImage.iteration_number <= last)
        parent = aliased(ShotImage)

        def count_if(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        statement = (
            select(
                ShotImage.iteration_number,
                func.max(ShotImage.parent_image_id),
                func.max(parent.image_storage_id),
                func.max(parent.iteration_number),
                func.max(parent.variant_number),
                func.count(),
                count_if(ShotImage.status == ImageStatus.COMPLETE),
                count_if(ShotImage.status == ImageStatus.FAILED),
                count_if(ShotImage.status.in_([ImageStatus.PENDING, ImageStatus.PROCESSING])),
                count_if(ShotImage.is_favorite.is_(True)),
                func.max(ShotImage.iteration_prompt),
            )
            .outerjoin(parent, parent.id == ShotImage.parent_image_id)
            .where(*conditions)
            .group_by(ShotImage.iteration_number)
            .order_by(ShotImage.iteration_number)
        )
        with self._sessions.begin() as s:
            return [
                RoundSummary(
                    iteration_number=int(row[0]),
                    parent_image_id=row[1],
                    parent_storage_id=row[2],
                    parent_iteration=row[3],
                    parent_variant=row[4],
                    variant_count=int(row[5]),
                    complete=int(row[6] or 0),
                    failed=int(row[7] or 0),
                    active=int(row[8] or 0),
                    favourites=int(row[9] or 0),
                    prompt=row[10] or "",
                )
                for row in s.execute(statement)
            ]

    def active(self) -> list[ImageInfo]:
        """Rows left pending or processing (to resume after a crash)."""
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(ShotImage)
                .where(ShotImage.status.in_([ImageStatus.PENDING, ImageStatus.PROCESSING]))
                .order_by(ShotImage.id)
            )
            return [image_info(row) for row in rows]

    def lineage(self, image_id: int) -> list[ImageInfo]:
        """The image and its ancestors, newest first (image, parent, grandparent, …)."""
        with self._sessions.begin() as s:
            chain: list[ImageInfo] = []
            seen: set[int] = set()
            current: ShotImage | None = get_or_raise(s, ShotImage, image_id)
            while current is not None and current.id not in seen:
                seen.add(current.id)
                chain.append(image_info(current))
                parent_id = current.parent_image_id
                current = s.get(ShotImage, parent_id) if parent_id is not None else None
            return chain

    # -- rounds ----------------------------------------------------------------------------

    def refuse_if_running(self, shot_id: int) -> None:
        """Raise RoundRunningError while the shot's newest round has variants running."""
        with self._sessions.begin() as s:
            _refuse_running(s, shot_id)

    def create_round(
        self,
        shot_id: int,
        *,
        prompt: str,
        parent_image_id: int | None = None,
        params: Sequence[dict[str, Any]] | None = None,
    ) -> list[ImageInfo]:
        """Create the six pending rows of the shot's next round (iteration 0 has no parent).

        One round at a time per shot: refused with RoundRunningError while the newest round
        has variants pending or processing, also when two processes ask at once.
        """
        prompt = clean_prompt(prompt, required=True)
        if params is not None and len(params) != VARIANTS_PER_ROUND:
            raise ValueError("a round needs exactly six parameter sets")
        with self._sessions.begin() as s:
            _lock_shot(s, shot_id)
            shot = get_or_raise(s, SceneShot, shot_id)
            if parent_image_id is not None:
                parent = get_or_raise(s, ShotImage, parent_image_id)
                require_refinable(
                    parent_image_id,
                    shot_id,
                    parent_shot_id=parent.shot_id,
                    status=parent.status,
                    storage_id=parent.image_storage_id,
                )
            _refuse_running(s, shot_id)
            latest = s.scalar(
                select(func.max(ShotImage.iteration_number)).where(ShotImage.shot_id == shot_id)
            )
            iteration = 0 if latest is None else latest + 1  # prompt alone: a fresh start
            rows = [
                ShotImage(
                    project_id=shot.project_id,
                    scene_id=shot.scene_id,
                    shot_id=shot_id,
                    iteration_number=iteration,
                    variant_number=variant,
                    iteration_prompt=prompt,
                    parent_image_id=parent_image_id,
                    status=ImageStatus.PENDING,
                    generation_params=dict(params[variant]) if params else {},
                )
                for variant in range(VARIANTS_PER_ROUND)
            ]
            s.add_all(rows)
            s.flush()
            project_changed(s, shot.project_id)
            return [image_info(row) for row in rows]

    def record_prediction(self, image_id: int, prediction_id: str, **params: Any) -> ImageInfo:
        """Store the provider's prediction id (before waiting on it) and mark the row processing."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.replicate_image_id = prediction_id
            image.status = ImageStatus.PROCESSING
            if params:
                image.generation_params = {**(image.generation_params or {}), **params}
            return image_info(image)

    def update_params(self, image_id: int, **params: Any) -> ImageInfo:
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.generation_params = {**(image.generation_params or {}), **params}
            return image_info(image)

    def complete(
        self,
        image_id: int,
        *,
        storage_id: str,
        image_url: str = "",
        cost_usd: float | None = None,
        **params: Any,
    ) -> ImageInfo:
        """The variant ends complete; `cost_usd` is what its prediction cost (None: unknown)."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.status = ImageStatus.COMPLETE
            image.cost_usd = cost_usd
            image.image_storage_id = storage_id
            image.image_url = image_url
            image.error = None
            image.generation_params = {**(image.generation_params or {}), **params}
            project_changed(s, image.project_id)
            return image_info(image)

    def fail(
        self,
        image_id: int,
        message: str,
        *,
        error_kind: ErrorKind | str = ErrorKind.FAILED,
        **params: Any,
    ) -> ImageInfo:
        """The variant ends failed: `message` for people, `error_kind` for code."""
        kind = ErrorKind(error_kind)
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.status = ImageStatus.FAILED
            image.error = message
            image.generation_params = {
                **(image.generation_params or {}),
                **params,
                "error_kind": kind,
            }
            return image_info(image)

    def reset_for_retry(self, image_id: int, **updates: Any) -> ImageInfo:
        """Make a failed (or cancelled) variant pending again on the same row; the earlier
        attempt's prediction id, error, kind and seed are kept in `generation_params.attempts`.
        `updates` (e.g. a new seed) are merged into the parameters in the same transaction."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            if image.status != ImageStatus.FAILED:
                raise InvalidInputError(
                    f"Image {image_id} is {image.status.value}; "
                    "only a failed or cancelled variant can be retried."
                )
            params = dict(image.generation_params or {})
            history = list(params.get("attempts", []))
            history.append(
                {
                    "prediction_id": image.replicate_image_id,
                    "error": image.error,
                    "error_kind": params.get("error_kind"),
                    "seed": params.get("seed"),
                    "ended_at": image.updated_at.isoformat() if image.updated_at else None,
                }
            )
            params.pop("error_kind", None)
            params.update(updates)
            params["attempts"] = history
            image.generation_params = params
            image.replicate_image_id = None
            image.error = None
            image.status = ImageStatus.PENDING
            return image_info(image)

    # -- the creator's choices -------------------------------------------------------------

    def reject(self, image_id: int, on: bool = True) -> ImageInfo:
        """Hide a variant from the grid (never deleted; `on=False` brings it back)."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.is_rejected = on
            return image_info(image)

    def prompt_history(self, shot_id: int, limit: int = 50) -> list[str]:
        """The shot's distinct round prompts, newest first (one row per round is enough)."""
        with self._sessions.begin() as s:
            rows = s.execute(
                select(ShotImage.iteration_prompt, func.max(ShotImage.iteration_number))
                .where(ShotImage.shot_id == shot_id)
                .group_by(ShotImage.iteration_prompt)
                .order_by(func.max(ShotImage.iteration_number).desc())
                .limit(limit)
            ).all()
            return [prompt for prompt, _ in rows if prompt]

    def star(self, image_id: int, on: bool = True) -> ImageInfo:
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            image.is_favorite = on
            return image_info(image)

    def select_final(self, image_id: int) -> ImageInfo:
        """Make the image its shot's final pick (and the storyboard selection's image)."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ShotImage, image_id)
            if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
                raise InvalidInputError(
                    f"Image {image_id} is {image.status.value}; only a completed image can be "
                    "the final pick."
                )
            shot = get_or_raise(s, SceneShot, image.shot_id)
            shot.selected_image_id = image.id
            point_selection_at(s, shot, image.id)
            project_changed(s, shot.project_id)
            return image_info(image)

    def clear_final(self, shot_id: int) -> None:
        with self._sessions.begin() as s:
            shot = get_or_raise(s, SceneShot, shot_id)
            shot.selected_image_id = None
            project_changed(s, shot.project_id)
