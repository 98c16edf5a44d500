"""Storyboard selections: one per shot, built from the final picks, with their animation."""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.store.dto import SelectionInfo
from storyboard_app.store.models import ProjectScene, SceneShot, StoryboardSelection, VideoProject
from storyboard_app.store.services.common import get_or_raise, selection_info
from storyboard_app.store.services.images import (
    STALE_FINAL,
    next_final_changed,
    point_selection_at,
)
from storyboard_app.store.services.stage import project_changed

MAX_DURATION_SECONDS = 600.0


def check_duration(seconds: float | None) -> float | None:
    """A shot's duration, or None for "from the clip / the default"; refuses nonsense."""
    if seconds is not None and not (0 < seconds <= MAX_DURATION_SECONDS):
        raise InvalidInputError(
            f"A shot lasts between 0 and {MAX_DURATION_SECONDS:.0f} seconds; got {seconds}."
        )
    return seconds


def _ordered(s: Session, project_id: int) -> list[StoryboardSelection]:
    return list(
        s.scalars(
            select(StoryboardSelection)
            .join(SceneShot, SceneShot.id == StoryboardSelection.shot_id)
            .join(ProjectScene, ProjectScene.id == SceneShot.scene_id)
            .where(StoryboardSelection.project_id == project_id)
            .order_by(ProjectScene.scene_number, SceneShot.shot_number)
        )
    )


class StoryboardService:
    """Rows of `storyboard_selections`; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def build(self, project_id: int) -> list[SelectionInfo]:
        """Create or refresh one selection per shot that has a final pick; keep the rest."""
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            shots = s.scalars(
                select(SceneShot).where(
                    SceneShot.project_id == project_id, SceneShot.selected_image_id.is_not(None)
                )
            ).all()
            for shot in shots:
                assert shot.selected_image_id is not None
                if shot.selection is None:
                    s.add(
                        StoryboardSelection(
                            project_id=project_id,
                            scene_id=shot.scene_id,
                            shot_id=shot.id,
                            selected_image_id=shot.selected_image_id,
                        )
                    )
                else:
                    shot.selection.scene_id = shot.scene_id
                    point_selection_at(s, shot, shot.selected_image_id)
            s.flush()
            project_changed(s, project_id)
            return [selection_info(row) for row in _ordered(s, project_id)]

    def list(self, project_id: int) -> list[SelectionInfo]:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            return [selection_info(row) for row in _ordered(s, project_id)]

    def get(self, selection_id: int) -> SelectionInfo:
        with self._sessions.begin() as s:
            return selection_info(get_or_raise(s, StoryboardSelection, selection_id))

    def set_duration(self, selection_id: int, seconds: float | None) -> SelectionInfo:
        seconds = check_duration(seconds)
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            selection.duration_seconds = seconds
            return selection_info(selection)

    def set_motion_prompt(self, selection_id: int, prompt: str) -> SelectionInfo:
        prompt = clean_prompt(prompt)
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            selection.motion_prompt = prompt
            return selection_info(selection)

    # -- animation -------------------------------------------------------------------------

    def start_animation(self, selection_id: int, **params: Any) -> SelectionInfo:
        """Mark a selection pending for a new clip of its current image."""
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            if selection.animation_status is not None and selection.animation_status.is_active:
                raise InvalidInputError(
                    f"Shot {selection.shot_id} is already being animated; wait or cancel it."
                )
            selection.animation_status = ImageStatus.PENDING
            selection.replicate_video_id = None
            selection.error = None
            selection.animation_params = dict(params)
            return selection_info(selection)

    def record_prediction(
        self, selection_id: int, prediction_id: str, **params: Any
    ) -> SelectionInfo:
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            selection.replicate_video_id = prediction_id
            selection.animation_status = ImageStatus.PROCESSING
            selection.animation_params = {**(selection.animation_params or {}), **params}
            return selection_info(selection)

    def complete_animation(
        self,
        selection_id: int,
        *,
        storage_id: str,
        video_url: str,
        image_id: int,
        cost_usd: float | None = None,
        **params: Any,
    ) -> SelectionInfo:
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            selection.animation_status = ImageStatus.COMPLETE
            selection.cost_usd = cost_usd
            selection.video_storage_id = storage_id
            selection.animated_video_url = video_url
            selection.animated_image_id = image_id
            selection.error = None
            selection.animation_params = {**(selection.animation_params or {}), **params}
            selection.stale_reason = (
                STALE_FINAL
                if image_id != selection.selected_image_id
                else next_final_changed(s, selection)
            )
            project_changed(s, selection.project_id)
            return selection_info(selection)

    def fail_animation(
        self,
        selection_id: int,
        message: str,
        *,
        error_kind: ErrorKind | str = ErrorKind.FAILED,
        **params: Any,
    ) -> SelectionInfo:
        """The animation ends failed: `message` for people, `error_kind` for code."""
        kind = ErrorKind(error_kind)
        with self._sessions.begin() as s:
            selection = get_or_raise(s, StoryboardSelection, selection_id)
            selection.animation_status = ImageStatus.FAILED
            selection.error = message
            selection.animation_params = {
                **(selection.animation_params or {}),
                **params,
                "error_kind": kind,
            }
            project_changed(s, selection.project_id)
            return selection_info(selection)

    def active(self) -> builtins.list[SelectionInfo]:
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(StoryboardSelection).where(
                    StoryboardSelection.animation_status.in_(
                        [ImageStatus.PENDING, ImageStatus.PROCESSING]
                    )
                )
            )
            return [selection_info(row) for row in rows]
