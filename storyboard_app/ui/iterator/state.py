"""What the iterator is showing and what it waits for; plain Python, no Qt (tests drive it).

`IteratorState` holds the open project's shots, the shown shot and round, the focused
variant, the shot's images (for lineage and compare) and the bookkeeping of loads in flight
(serial numbers that make a late answer harmless, and coalescing flags). The page asks it
what to do and paints what it answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from storyboard_app.store.dto import ImageInfo, RoundSummary, SceneInfo, ShotInfo
from storyboard_app.ui.iterator.data import (
    RoundView,
    ShotView,
    find_shot,
    image_label,
    ordered_shot_ids,
)


class InFlight:
    """One load at a time; asking again meanwhile runs it once more afterwards."""

    def __init__(self) -> None:
        self.running = False
        self.again = False

    def begin(self, *, force: bool = False) -> bool:
        """True when the load should start now (else it is remembered for later)."""
        if self.running and not force:
            self.again = True
            return False
        self.running = True
        return True

    def end(self) -> bool:
        """The load ended; True when it must run again."""
        self.running = False
        again, self.again = self.again, False
        return again


@dataclass(frozen=True)
class ImageUpdate:
    """What one changed variant means for what is shown."""

    in_shot: bool  # the variant belongs to the shown shot
    in_round: bool  # ... and to the shown round
    round_settled: bool  # no variant of the shown round is pending or processing any more


class IteratorState:
    """The iterator's Qt-free state (lives on the GUI thread beside the page)."""

    def __init__(self) -> None:
        self.project_id: int | None = None
        self.scenes: list[SceneInfo] = []
        self.shot: ShotInfo | None = None
        self.rounds: list[RoundSummary] = []  # a window around the shown round
        self.latest_iteration: int | None = None
        self.round: RoundView | None = None
        self.focused_variant = 0
        self.shot_images: list[ImageInfo] | None = None  # all images, for lineage and compare
        self.pending_focus: int | None = None  # focus this variant once its round shows
        self.last_shot: dict[int, int] = {}  # project id -> last shot shown
        self.serial = 0  # shot and round loads: only the newest may apply
        self.images_serial = 0
        self.scenes_load = InFlight()
        self.rounds_load = InFlight()
        self.polling = False

    # -- project and shots ---------------------------------------------------------------------

    def open_project(self, project_id: int) -> bool:
        """Switch to a project; True (and everything forgotten) when it is another one."""
        if project_id == self.project_id:
            return False
        self.project_id = project_id
        self.scenes = []
        self.shot = None
        self.round = None
        self.rounds = []
        self.latest_iteration = None
        self.shot_images = None
        return True

    @property
    def shot_ids(self) -> list[int]:
        return ordered_shot_ids(self.scenes)

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def scenes_loaded(self, scenes: list[SceneInfo], open_after: bool) -> int | None:
        """Take fresh scenes; the shot to open now, if any (else the shown shot is refreshed)."""
        self.scenes = scenes
        ids = self.shot_ids
        if not ids:
            self.shot = None
            return None
        current = self.shot.id if self.shot else None
        if open_after or (current is not None and current not in ids):
            wanted = current if current in ids else self.last_shot.get(self.project_id or -1)
            if wanted not in ids:
                wanted = first_open_shot(scenes)
            return wanted
        if self.shot is not None:
            self.shot = find_shot(scenes, self.shot.id) or self.shot
        return None

    def shot_view_loaded(self, serial: int, view: ShotView) -> bool | None:
        """Take an opened shot; None when a newer load superseded it, else whether the shot
        changed (then its images, and a parent chosen on another shot, are forgotten)."""
        if serial != self.serial:
            return None
        changed = self.shot is None or self.shot.id != view.shot.id
        self.shot = find_shot(self.scenes, view.shot.id) or view.shot
        if self.project_id is not None:
            self.last_shot[self.project_id] = view.shot.id
        self.rounds = list(view.rounds)
        self.latest_iteration = view.latest_iteration
        if changed:
            self.shot_images = None
        return changed

    def shot_after(self, step: int) -> int | None:
        """The shot `step` places away from the shown one (the first when none is shown)."""
        ids = self.shot_ids
        if not ids:
            return None
        if self.shot is None or self.shot.id not in ids:
            return ids[0]
        index = ids.index(self.shot.id) + step
        return ids[index] if 0 <= index < len(ids) else None

    def round_after(self, step: int) -> int | None:
        """The round number `step` away from the shown one, when it exists."""
        latest = self.latest_iteration
        if latest is None:
            return None
        target = (self.round.iteration if self.round else latest) + step
        return target if 0 <= target <= latest else None

    def rounds_counted(
        self, shot_id: int, window: tuple[int | None, tuple[RoundSummary, ...]]
    ) -> bool:
        """Take a fresh rounds window; False when the user moved to another shot."""
        if self.shot is None or self.shot.id != shot_id:
            return False
        self.latest_iteration, rounds = window
        self.rounds = list(rounds)
        return True

    @property
    def parent_storage_ids(self) -> list[str]:
        return [r.parent_storage_id for r in self.rounds if r.parent_storage_id]

    # -- variants ------------------------------------------------------------------------------

    def round_is_new(self, images: list[ImageInfo]) -> bool:
        """A round was planned: True when it belongs to the shown shot (a load in flight
        must then not replace it)."""
        if not images or self.shot is None or images[0].shot_id != self.shot.id:
            return False
        self.serial += 1
        return True

    def image_changed(self, info: ImageInfo) -> ImageUpdate:
        """One variant changed (finished, failed, starred, reset): keep the copies fresh."""
        if self.shot_images is not None:
            self.shot_images = [info if i.id == info.id else i for i in self.shot_images]
        if self.shot is None or info.shot_id != self.shot.id:
            return ImageUpdate(False, False, False)
        view = self.round
        if view is None or all(i.id != info.id for i in view.images):
            return ImageUpdate(True, False, False)
        images = tuple(info if i.id == info.id else i for i in view.images)
        self.round = replace(view, images=images)
        return ImageUpdate(True, True, not any(i.status.is_active for i in images))

    def active_images(self) -> list[ImageInfo]:
        """The shown round's variants still pending or processing."""
        return [i for i in self.round.images if i.status.is_active] if self.round else []

    def polled(self, images: list[ImageInfo]) -> list[ImageInfo]:
        """The variants of a status poll whose status or prediction moved."""
        known = {i.id: i for i in self.round.images} if self.round else {}
        changed = []
        for info in images:
            old = known.get(info.id)
            if old is not None and (old.status, old.replicate_image_id) != (
                info.status,
                info.replicate_image_id,
            ):
                changed.append(info)
        return changed

    def final_selected(self, info: ImageInfo) -> tuple[bool, int | None]:
        """`info` became its shot's final: (whether it is the shown shot, the previous final)."""
        if self.shot is None or self.shot.id != info.shot_id:
            return False, None
        previous = self.shot.selected_image_id
        self.shot = replace(self.shot, selected_image_id=info.id)
        return True, previous

    def is_final(self, image: ImageInfo | None) -> bool:
        shot = self.shot
        return image is not None and shot is not None and image.id == shot.selected_image_id

    # -- words ---------------------------------------------------------------------------------

    def shot_title(self) -> tuple[str, str]:
        """The title (rich text) and its tooltip for the shown shot."""
        shot = self.shot
        if shot is None:
            return "<h2>Shot iterator</h2>", ""
        scene = next((s for s in self.scenes if s.id == shot.scene_id), None)
        where = f"Scene {scene.scene_number} · " if scene else ""
        state = (
            "final chosen"
            if shot.selected_image_id
            else ("iterating" if self.latest_iteration is not None else "no images yet")
        )
        description = shot.description.strip() or shot.initial_prompt.strip()
        title = (
            f"<b style='font-size:15px'>{where}Shot {shot.shot_number}</b> — "
            f"{html.escape(description[:140])} <span style='color:#8a8f98'>({state})</span>"
        )
        return title, f"Initial prompt: {shot.initial_prompt}"

    @property
    def prompt_missing(self) -> bool:
        """The shown shot has no initial prompt (Generate six cannot run)."""
        return self.shot is not None and not self.shot.initial_prompt.strip()


def first_open_shot(scenes: list[SceneInfo]) -> int:
    """The first shot without a final pick (else the first shot)."""
    for scene in scenes:
        for shot in scene.shots:
            if shot.selected_image_id is None:
                return shot.id
    return ordered_shot_ids(scenes)[0]


def round_caption(view: RoundView) -> str:
    """The rich-text line above the grid: round, origin, prompt."""
    parent = view.parent
    origin = f"refined from {image_label(parent)}" if parent is not None else "from the prompt"
    prompt = view.images[0].iteration_prompt if view.images else ""
    return f"<b>Round {view.iteration}</b> · {origin} · “{html.escape(prompt[:160])}”"


def planned_round(images: list[ImageInfo], chosen_parent: ImageInfo | None) -> RoundView:
    """The view of a just-planned round (its parent is the one chosen, when it matches)."""
    first = images[0]
    parent = (
        chosen_parent
        if chosen_parent is not None
        and first.parent_image_id is not None
        and chosen_parent.id == first.parent_image_id
        else None
    )
    return RoundView(first.shot_id, first.iteration_number, tuple(images), parent)
