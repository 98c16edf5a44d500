"""What the scenes editor holds, without widgets: queued writes, whether the tree is stale, and
where a new scene or shot goes (Qt-free; the page renders it)."""

from __future__ import annotations

from dataclasses import dataclass

from storyboard_app.store.dto import SceneInfo, ShotInfo


@dataclass(frozen=True)
class Drained:
    """What to do once the write queue is empty."""

    reload: bool  # the tree may differ from the database: read it again
    changed: bool  # a write landed: tell the window (stage bar, dashboard)


class ScenesEditorState:
    """The editor's write and reload bookkeeping.

    Every edit is shown at once and its write queued; a structural write (add, move, delete)
    or a failed one makes the tree stale, and it is re-read once the queue drains. A read
    that started before the newest write is dropped (the next read will show both).
    """

    def __init__(self) -> None:
        self.stale = False  # a structural write landed or failed: reload when drained
        self.write_failed = False
        self.changed = False  # a write landed since the window was told
        self.generation = 0  # counts queued writes; a read older than the last is stale
        self.submitted = False  # something was queued since the queue last drained

    @property
    def idle(self) -> bool:
        """Every edit is in the database and the tree shows the stored rows."""
        return not self.submitted and not self.stale

    def read_queued(self) -> int:
        """A read of the scenes is queued; returns the write generation it will see."""
        self.submitted = True
        return self.generation

    def read_landed(self, generation: int) -> bool:
        """True when the read is current (show it); False: a later write makes it stale."""
        if generation != self.generation:
            self.stale = True
            return False
        self.stale = False
        return True

    def read_failed(self) -> None:
        self.stale = False  # no retry loop: the user reopens the project to try again

    def write_queued(self, structural: bool) -> None:
        self.generation += 1
        if structural:
            self.stale = True
        self.submitted = True

    def write_landed(self) -> None:
        self.changed = True

    def write_errored(self) -> None:
        self.write_failed = True

    def queue_failed(self) -> bool:
        """The write queue stopped after a failure; True: drop the undo history (the tree and
        the history no longer match the database) and reload."""
        if not self.write_failed:
            return False
        self.write_failed = False
        self.stale = True
        return True

    def drained(self) -> Drained:
        """The queue is empty: whether to reload and whether to announce a change (once)."""
        self.submitted = False
        changed, self.changed = self.changed, False
        return Drained(reload=self.stale, changed=changed)


def scene_of(scenes: list[SceneInfo], scene_id: int) -> SceneInfo | None:
    return next((s for s in scenes if s.id == scene_id), None)


def new_scene_position(item: SceneInfo | ShotInfo | None, scenes: list[SceneInfo]) -> int | None:
    """Where "Add scene" puts a scene: after the selected one (or its shot's), else at the end."""
    if isinstance(item, SceneInfo):
        return item.scene_number + 1
    if isinstance(item, ShotInfo):
        scene = scene_of(scenes, item.scene_id)
        return scene.scene_number + 1 if scene else None
    return None


def new_shot_place(
    item: SceneInfo | ShotInfo | None, scenes: list[SceneInfo]
) -> tuple[int, int] | None:
    """(scene id, position) for "Add shot": after the selected shot, at the end of the selected
    scene, else at the end of the last scene; None when there is no scene."""
    if isinstance(item, ShotInfo):
        return item.scene_id, item.shot_number + 1
    if isinstance(item, SceneInfo):
        return item.id, len(item.shots) + 1
    if scenes:
        return scenes[-1].id, len(scenes[-1].shots) + 1
    return None


def images_lost(item: SceneInfo | ShotInfo) -> int:
    """How many generated images deleting `item` would drop (undo keeps only the text)."""
    if isinstance(item, SceneInfo):
        return sum(shot.image_count for shot in item.shots)
    return item.image_count


def form_title(item: SceneInfo | ShotInfo | None, scenes: list[SceneInfo]) -> str:
    """The heading of the detail form."""
    if isinstance(item, SceneInfo):
        return f"<b>Scene {item.scene_number}</b>"
    if isinstance(item, ShotInfo):
        scene = scene_of(scenes, item.scene_id)
        return f"<b>Scene {scene.scene_number if scene else 0}, shot {item.shot_number}</b>"
    return "Select a scene or a shot to edit it."


def form_is_dirty(
    item: SceneInfo | ShotInfo | None, title: str, description: str, prompt: str
) -> bool:
    """The form's fields differ from the item it shows."""
    if isinstance(item, SceneInfo):
        return title != item.title or description != item.description
    if isinstance(item, ShotInfo):
        return description != item.description or prompt != item.initial_prompt
    return False
