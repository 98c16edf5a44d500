"""Animating from one shot's final to the next shot's final (first and last frame).

The next shot is the one after it in scene/shot order, across scenes. Its final must be a
finished image; otherwise the request is refused before anything is written. The inputs
that take the two frames are named by the model's entry in `resources/models.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.model_defaults import FrameInputs, model_facts
from storyboard_app.store.dto import ImageInfo, SelectionInfo
from storyboard_app.store.open_store import Store

PURPOSE: Literal["first_last_frame"] = "first_last_frame"


@dataclass(frozen=True)
class NextFinal:
    """The final image the clip ends on, and where it is."""

    image: ImageInfo
    shot_id: int
    code: str  # `S01_SH03`


def next_final(store: Store, selection: SelectionInfo) -> NextFinal:
    """The final image of the shot after this selection's shot; refused in creator words when
    there is no next shot or it has no finished final image."""
    scenes = store.scenes.list(selection.project_id)
    order = [(scene, shot) for scene in scenes for shot in scene.shots]
    index = next((i for i, (_sc, sh) in enumerate(order) if sh.id == selection.shot_id), None)
    if index is None or index + 1 >= len(order):
        raise InvalidInputError(
            "This is the last shot of the storyboard: there is no next shot to animate to."
        )
    scene, shot = order[index + 1]
    code = f"S{scene.scene_number:02d}_SH{shot.shot_number:02d}"
    if shot.selected_image_id is None:
        raise InvalidInputError(
            f"The next shot ({code}) has no final image yet; pick one in the iterator first."
        )
    image = store.images.get(shot.selected_image_id)
    if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
        raise InvalidInputError(
            f"The final image of the next shot ({code}) is not finished; pick a completed one."
        )
    return NextFinal(image, shot.id, code)


def frame_inputs(model: str) -> FrameInputs:
    """The input names of the first and last frame for `model` (documented ones, else the
    common `start_image` / `end_image`)."""
    return model_facts(model).frames or FrameInputs()
