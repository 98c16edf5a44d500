"""Undoable scene and shot edits for the scenes editor, replayed through SceneService.

Undoing a delete re-creates the row under a new id, so every command refers to rows by a
*key* (the first id the row had) and `IdMap` tells the current id of a key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack

from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.store.services.scenes import SceneService
from storyboard_app.ui.errors import ErrorPresenter
from storyboard_app.ui.undo import push_applied


class IdMap:
    """Key (the first id a row had) ⇄ the row's current id, per kind."""

    def __init__(self) -> None:
        self._current: dict[tuple[str, int], int] = {}
        self._key: dict[tuple[str, int], int] = {}

    def key(self, kind: str, current_id: int) -> int:
        return self._key.get((kind, current_id), current_id)

    def current(self, kind: str, key: int) -> int:
        return self._current.get((kind, key), key)

    def remap(self, kind: str, key: int, new_id: int) -> None:
        old = self._current.get((kind, key), key)
        self._key.pop((kind, old), None)
        self._current[(kind, key)] = new_id
        self._key[(kind, new_id)] = key


class SceneEdits:
    """Applies one edit now and records how to undo and redo it (GUI thread).

    Each method raises the service's error when the edit cannot be applied; nothing is
    pushed then. `after(kind, id)` runs after every apply/undo/redo with the row to select.
    """

    def __init__(
        self,
        project_id: int,
        scenes: SceneService,
        stack: QUndoStack,
        errors: ErrorPresenter,
        after: Callable[[str, int | None], None],
    ) -> None:
        self.project_id = project_id
        self.scenes = scenes
        self.stack = stack
        self.errors = errors
        self.after = after
        self.ids = IdMap()

    def _push(
        self,
        text: str,
        redo: Callable[[], tuple[str, int | None]],
        undo: Callable[[], tuple[str, int | None]],
    ) -> None:
        selection: list[tuple[str, int | None]] = []

        def run(fn: Callable[[], tuple[str, int | None]]) -> Callable[[], None]:
            def inner() -> None:
                selection.append(fn())

            return inner

        def after() -> None:
            kind, item = selection.pop() if selection else ("scene", None)
            self.after(kind, item)

        push_applied(self.stack, text, run(redo), run(undo), self.errors, after)

    # -- scenes ----------------------------------------------------------------------------

    def add_scene(self, title: str, description: str = "", position: int | None = None) -> int:
        info = self.scenes.add_scene(self.project_id, title, description, position)
        key, number = info.id, info.scene_number

        def redo() -> tuple[str, int | None]:
            again = self.scenes.add_scene(self.project_id, title, description, number)
            self.ids.remap("scene", key, again.id)
            return "scene", again.id

        def undo() -> tuple[str, int | None]:
            self.scenes.delete_scene(self.ids.current("scene", key))
            return "scene", None

        self._push(f"Add scene “{info.title}”", redo, undo)
        self.after("scene", info.id)
        return info.id

    def edit_scene(self, scene_id: int, title: str, description: str) -> None:
        before = self.scenes.get_scene(scene_id)
        after = self.scenes.edit_scene(scene_id, title=title, description=description)
        key = self.ids.key("scene", scene_id)

        def set_to(t: str, d: str) -> Callable[[], tuple[str, int | None]]:
            def apply() -> tuple[str, int | None]:
                current = self.ids.current("scene", key)
                self.scenes.edit_scene(current, title=t, description=d)
                return "scene", current

            return apply

        self._push(
            f"Edit scene “{after.title}”",
            set_to(after.title, after.description),
            set_to(before.title, before.description),
        )
        self.after("scene", scene_id)

    def delete_scene(self, scene_id: int) -> None:
        snapshot = self.scenes.get_scene(scene_id)
        key = self.ids.key("scene", scene_id)
        shot_keys = [self.ids.key("shot", shot.id) for shot in snapshot.shots]
        self.scenes.delete_scene(scene_id)

        def redo() -> tuple[str, int | None]:
            self.scenes.delete_scene(self.ids.current("scene", key))
            return "scene", None

        def undo() -> tuple[str, int | None]:
            restored = self._restore_scene(snapshot)
            self.ids.remap("scene", key, restored.id)
            for shot_key, shot in zip(shot_keys, restored.shots, strict=True):
                self.ids.remap("shot", shot_key, shot.id)
            return "scene", restored.id

        self._push(f"Delete scene “{snapshot.title}”", redo, undo)
        self.after("scene", None)

    def _restore_scene(self, snapshot: SceneInfo) -> SceneInfo:
        count = len(self.scenes.list(self.project_id))
        position = min(snapshot.scene_number, count + 1)
        scene = self.scenes.add_scene(
            self.project_id, snapshot.title, snapshot.description, position
        )
        for shot in snapshot.shots:
            self.scenes.add_shot(scene.id, shot.initial_prompt, shot.description)
        return self.scenes.get_scene(scene.id)

    def move_scene(self, scene_id: int, position: int) -> None:
        before = self.scenes.get_scene(scene_id).scene_number
        info = self.scenes.move_scene(scene_id, position)
        key = self.ids.key("scene", scene_id)

        def to(number: int) -> Callable[[], tuple[str, int | None]]:
            def apply() -> tuple[str, int | None]:
                current = self.ids.current("scene", key)
                self.scenes.move_scene(current, number)
                return "scene", current

            return apply

        self._push(f"Move scene “{info.title}”", to(info.scene_number), to(before))
        self.after("scene", scene_id)

    def duplicate_scene(self, scene_id: int) -> int:
        copy = self.scenes.duplicate_scene(scene_id)
        source_key = self.ids.key("scene", scene_id)
        copy_key = copy.id
        shot_keys = [shot.id for shot in copy.shots]

        def redo() -> tuple[str, int | None]:
            again = self.scenes.duplicate_scene(self.ids.current("scene", source_key))
            self.ids.remap("scene", copy_key, again.id)
            for shot_key, shot in zip(shot_keys, again.shots, strict=False):
                self.ids.remap("shot", shot_key, shot.id)
            return "scene", again.id

        def undo() -> tuple[str, int | None]:
            self.scenes.delete_scene(self.ids.current("scene", copy_key))
            return "scene", self.ids.current("scene", source_key)

        self._push(f"Duplicate scene “{copy.title}”", redo, undo)
        self.after("scene", copy.id)
        return copy.id

    # -- shots -----------------------------------------------------------------------------

    def add_shot(
        self, scene_id: int, initial_prompt: str, description: str = "", position: int | None = None
    ) -> int:
        info = self.scenes.add_shot(scene_id, initial_prompt, description, position)
        key, number = info.id, info.shot_number
        scene_key = self.ids.key("scene", scene_id)

        def redo() -> tuple[str, int | None]:
            again = self.scenes.add_shot(
                self.ids.current("scene", scene_key), initial_prompt, description, number
            )
            self.ids.remap("shot", key, again.id)
            return "shot", again.id

        def undo() -> tuple[str, int | None]:
            self.scenes.delete_shot(self.ids.current("shot", key))
            return "scene", self.ids.current("scene", scene_key)

        self._push("Add shot", redo, undo)
        self.after("shot", info.id)
        return info.id

    def edit_shot(self, shot_id: int, description: str, initial_prompt: str) -> None:
        before = self.scenes.get_shot(shot_id)
        after = self.scenes.edit_shot(
            shot_id, description=description, initial_prompt=initial_prompt
        )
        key = self.ids.key("shot", shot_id)

        def set_to(d: str, p: str) -> Callable[[], tuple[str, int | None]]:
            def apply() -> tuple[str, int | None]:
                current = self.ids.current("shot", key)
                self.scenes.edit_shot(current, description=d, initial_prompt=p)
                return "shot", current

            return apply

        self._push(
            f"Edit shot {after.shot_number}",
            set_to(after.description, after.initial_prompt),
            set_to(before.description, before.initial_prompt),
        )
        self.after("shot", shot_id)

    def delete_shot(self, shot_id: int) -> None:
        snapshot = self.scenes.get_shot(shot_id)
        key = self.ids.key("shot", shot_id)
        scene_key = self.ids.key("scene", snapshot.scene_id)
        self.scenes.delete_shot(shot_id)

        def redo() -> tuple[str, int | None]:
            self.scenes.delete_shot(self.ids.current("shot", key))
            return "scene", self.ids.current("scene", scene_key)

        def undo() -> tuple[str, int | None]:
            restored = self._restore_shot(self.ids.current("scene", scene_key), snapshot)
            self.ids.remap("shot", key, restored.id)
            return "shot", restored.id

        self._push(f"Delete shot {snapshot.shot_number}", redo, undo)
        self.after("scene", snapshot.scene_id)

    def _restore_shot(self, scene_id: int, snapshot: ShotInfo) -> ShotInfo:
        count = len(self.scenes.get_scene(scene_id).shots)
        return self.scenes.add_shot(
            scene_id,
            snapshot.initial_prompt,
            snapshot.description,
            min(snapshot.shot_number, count + 1),
        )

    def move_shot(self, shot_id: int, position: int, scene_id: int | None = None) -> None:
        before = self.scenes.get_shot(shot_id)
        info = self.scenes.move_shot(shot_id, position, scene_id)
        key = self.ids.key("shot", shot_id)
        old_scene_key = self.ids.key("scene", before.scene_id)
        new_scene_key = self.ids.key("scene", info.scene_id)

        def to(scene_key: int, number: int) -> Callable[[], tuple[str, int | None]]:
            def apply() -> tuple[str, int | None]:
                current = self.ids.current("shot", key)
                self.scenes.move_shot(current, number, self.ids.current("scene", scene_key))
                return "shot", current

            return apply

        self._push(
            f"Move shot {before.shot_number}",
            to(new_scene_key, info.shot_number),
            to(old_scene_key, before.shot_number),
        )
        self.after("shot", shot_id)

    def duplicate_shot(self, shot_id: int) -> int:
        copy = self.scenes.duplicate_shot(shot_id)
        source_key = self.ids.key("shot", shot_id)
        copy_key = copy.id

        def redo() -> tuple[str, int | None]:
            again = self.scenes.duplicate_shot(self.ids.current("shot", source_key))
            self.ids.remap("shot", copy_key, again.id)
            return "shot", again.id

        def undo() -> tuple[str, int | None]:
            self.scenes.delete_shot(self.ids.current("shot", copy_key))
            return "shot", self.ids.current("shot", source_key)

        self._push(f"Duplicate shot {copy.shot_number}", redo, undo)
        self.after("shot", copy.id)
        return copy.id
