"""Undoable scene and shot edits: shown in the editor's tree at once, written in a worker.

Each command (do, undo, redo) applies its change to the outline the tree shows right away
and queues the matching SceneService call on the editor's `WriteQueue`, so the GUI thread
never waits for SQLite (an import may hold the write lock for seconds). Writes run in the
order submitted, so undo/redo stay ordered in the database too.

Rows are referred to by a *key* (the first id the row had, or a provisional negative id for
a row created here) and `IdMap` tells the current database id of a key. Rows added to the
tree before their write lands carry provisional negative ids until the editor reloads.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand, QUndoStack

from storyboard_app.domain.limits import (
    MAX_DESCRIPTION_CHARS,
    clean_prompt,
    clean_text,
    clean_title,
)
from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.store.services.scenes import SceneService
from storyboard_app.ui.scenes import outline_edits as outline
from storyboard_app.ui.shared.safe_undo import ContentGuard, scene_content, shot_content

Select = tuple[str, int | None]


class IdMap:
    """Key ⇄ the row's current id, per kind; safe to use from the GUI and the write worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: dict[tuple[str, int], int] = {}
        self._key: dict[tuple[str, int], int] = {}
        self._provisional: dict[tuple[str, int], int] = {}
        self._counter = itertools.count(-1, -1)

    def key(self, kind: str, row_id: int) -> int:
        with self._lock:
            if row_id < 0:
                return self._provisional.get((kind, row_id), row_id)
            return self._key.get((kind, row_id), row_id)

    def current(self, kind: str, key: int) -> int:
        with self._lock:
            return self._current.get((kind, key), key)

    def remap(self, kind: str, key: int, new_id: int) -> None:
        with self._lock:
            old = self._current.get((kind, key), key)
            self._key.pop((kind, old), None)
            self._current[(kind, key)] = new_id
            self._key[(kind, new_id)] = key

    def provisional(self, kind: str, key: int | None = None) -> int:
        """A fresh negative id for a row shown before its write lands (its own key if None)."""
        with self._lock:
            row_id = next(self._counter)
            if key is not None:
                self._provisional[(kind, row_id)] = key
            return row_id


class _Command(QUndoCommand):
    """Runs `redo`/`undo` (each shows the change and queues its write); Qt calls redo on push."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], None],
        undo: Callable[[], None],
        guard: ContentGuard | None = None,
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self.guard = guard  # Edit → Undo asks first when the removed rows hold content

    def redo(self) -> None:
        self._redo()

    def undo(self) -> None:
        self._undo()


class SceneEdits:
    """Pushes scene and shot edits onto the undo stack (GUI thread).

    Each method validates its input first (raising `InvalidInputError`, nothing pushed) and
    returns at once; `show(scenes, select)` puts the new outline on screen and
    `write(fn, structural)` queues the service call. A write that fails is reported by the
    queue and the editor reloads from the database.
    """

    def __init__(
        self,
        project_id: int,
        scenes: SceneService,
        stack: QUndoStack,
        get: Callable[[], list[SceneInfo]],
        show: Callable[[list[SceneInfo], Select], None],
        write: Callable[[Callable[[], object], bool], None],
    ) -> None:
        self.project_id = project_id
        self.scenes = scenes
        self.stack = stack
        self._get = get
        self._show = show
        self._write = write
        self.ids = IdMap()

    def _push(
        self,
        text: str,
        redo: Callable[[], None],
        undo: Callable[[], None],
        guard: ContentGuard | None = None,
    ) -> None:
        self.stack.push(_Command(text, redo, undo, guard))

    def shown(self, kind: str, key: int) -> int | None:
        """The id the tree shows for the row with this key (None when not shown)."""
        for scene in self._get():
            if kind == "scene" and self.ids.key("scene", scene.id) == key:
                return scene.id
            if kind == "shot":
                for shot in scene.shots:
                    if self.ids.key("shot", shot.id) == key:
                        return shot.id
        return None

    def _shown_scene(self, key: int) -> SceneInfo | None:
        shown = self.shown("scene", key)
        return outline.find_scene(self._get(), shown) if shown is not None else None

    def _shown_shot(self, key: int) -> ShotInfo | None:
        shown = self.shown("shot", key)
        return outline.find_shot(self._get(), shown) if shown is not None else None

    def _scene(self, scene_id: int) -> SceneInfo:
        scene = outline.find_scene(self._get(), scene_id)
        if scene is None:
            raise LookupError("That scene is no longer shown; reload the project.")
        return scene

    def _shot(self, shot_id: int) -> ShotInfo:
        shot = outline.find_shot(self._get(), shot_id)
        if shot is None:
            raise LookupError("That shot is no longer shown; reload the project.")
        return shot

    def _new_scene(self, key: int, template: SceneInfo, shot_keys: list[int]) -> SceneInfo:
        """A provisional copy of `template` whose rows map to `key` and `shot_keys`."""
        scene_id = self.ids.provisional("scene", key)
        shots = tuple(
            replace(
                shot,
                id=self.ids.provisional("shot", shot_key),
                scene_id=scene_id,
            )
            for shot_key, shot in zip(shot_keys, template.shots, strict=True)
        )
        return replace(template, id=scene_id, shots=shots)

    def _restored_scene(self, key: int, shot_keys: list[int], info: SceneInfo) -> None:
        """Worker side: the re-created rows take over the keys."""
        self.ids.remap("scene", key, info.id)
        for shot_key, shot in zip(shot_keys, info.shots, strict=False):
            self.ids.remap("shot", shot_key, shot.id)

    # -- scenes ----------------------------------------------------------------------------

    def add_scene(self, title: str, description: str = "", position: int | None = None) -> int:
        """Add a scene; returns the (provisional) id the tree shows for it."""
        title = clean_title(title, "The scene title")
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The scene description")
        key = self.ids.provisional("scene")
        count = len(self._get())
        number = max(1, min(position or count + 1, count + 1))
        template = SceneInfo(key, self.project_id, number, title, description)
        scenes = self.scenes

        def redo() -> None:
            row = self._new_scene(key, template, [])
            self._show(outline.insert_scene(self._get(), row, number), ("scene", row.id))

            def write() -> None:
                info = scenes.add_scene(self.project_id, title, description, number)
                self.ids.remap("scene", key, info.id)

            self._write(write, True)

        def undo() -> None:
            self._remove_scene(key, None)

        guard = ContentGuard(  # the outline shown holds each shot's image count
            f"the scene “{title}”",
            lambda: scene_content(self._shown_scene(key)),
            in_worker=False,
        )
        self._push(f"Add scene “{title}”", redo, undo, guard)
        return self.shown("scene", key) or key

    def _remove_scene(self, key: int, select: int | None) -> None:
        shown = self.shown("scene", key)
        if shown is not None:
            self._show(outline.remove_scene(self._get(), shown), ("scene", select))
        self._write(lambda: self.scenes.delete_scene(self.ids.current("scene", key)), True)

    def edit_scene(self, scene_id: int, title: str, description: str) -> None:
        title = clean_title(title, "The scene title")
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The scene description")
        before = self._scene(scene_id)
        key = self.ids.key("scene", scene_id)

        def set_to(t: str, d: str) -> Callable[[], None]:
            def apply() -> None:
                shown = self.shown("scene", key)
                if shown is not None:
                    self._show(outline.edit_scene(self._get(), shown, t, d), ("scene", shown))
                self._write(
                    lambda: self.scenes.edit_scene(
                        self.ids.current("scene", key), title=t, description=d
                    ),
                    False,
                )

            return apply

        self._push(
            f"Edit scene “{title}”",
            set_to(title, description),
            set_to(before.title, before.description),
        )

    def delete_scene(self, scene_id: int) -> None:
        snapshot = self._scene(scene_id)
        key = self.ids.key("scene", scene_id)
        shot_keys = [self.ids.key("shot", shot.id) for shot in snapshot.shots]

        def undo() -> None:
            row = self._new_scene(key, snapshot, shot_keys)
            number = min(snapshot.scene_number, len(self._get()) + 1)
            self._show(outline.insert_scene(self._get(), row, number), ("scene", row.id))

            def write() -> None:
                scene = self.scenes.add_scene(
                    self.project_id, snapshot.title, snapshot.description, number
                )
                for shot in snapshot.shots:
                    self.scenes.add_shot(scene.id, shot.initial_prompt, shot.description)
                self._restored_scene(key, shot_keys, self.scenes.get_scene(scene.id))

            self._write(write, True)

        self._push(f"Delete scene “{snapshot.title}”", lambda: self._remove_scene(key, None), undo)

    def move_scene(self, scene_id: int, position: int) -> None:
        before = self._scene(scene_id)
        count = len(self._get())
        position = max(1, min(position, count))
        key = self.ids.key("scene", scene_id)

        def to(number: int) -> Callable[[], None]:
            def apply() -> None:
                shown = self.shown("scene", key)
                if shown is not None:
                    self._show(outline.move_scene(self._get(), shown, number), ("scene", shown))
                self._write(
                    lambda: self.scenes.move_scene(self.ids.current("scene", key), number), True
                )

            return apply

        self._push(f"Move scene “{before.title}”", to(position), to(before.scene_number))

    def duplicate_scene(self, scene_id: int) -> int:
        """Copy a scene (text only) after the original; returns the id the tree shows."""
        source = self._scene(scene_id)
        source_key = self.ids.key("scene", scene_id)
        copy_key = self.ids.provisional("scene")
        shot_keys = [self.ids.provisional("shot") for _ in source.shots]
        template = replace(
            source,
            title=f"{source.title} (copy)"[:200],
            shots=tuple(
                replace(
                    shot,
                    image_count=0,
                    round_count=0,
                    selected_image_id=None,
                    cover_storage_id=None,
                )
                for shot in source.shots
            ),
        )

        def redo() -> None:
            row = self._new_scene(copy_key, template, shot_keys)
            source_shown = self.shown("scene", source_key)
            scenes = self._get()
            found = outline.find_scene(scenes, source_shown or 0)
            number = found.scene_number + 1 if found else len(scenes) + 1
            self._show(outline.insert_scene(scenes, row, number), ("scene", row.id))

            def write() -> None:
                again = self.scenes.duplicate_scene(self.ids.current("scene", source_key))
                self._restored_scene(copy_key, shot_keys, again)

            self._write(write, True)

        def undo() -> None:
            self._remove_scene(copy_key, self.shown("scene", source_key))

        self._push(f"Duplicate scene “{template.title}”", redo, undo)
        return self.shown("scene", copy_key) or copy_key

    # -- shots -----------------------------------------------------------------------------

    def _insert_shot(
        self, key: int, scene_key: int, template: ShotInfo, number: int | None
    ) -> int | None:
        """Show a provisional row for the shot `key` in the scene `scene_key`."""
        scene_shown = self.shown("scene", scene_key)
        if scene_shown is None:
            return None
        row = replace(template, id=self.ids.provisional("shot", key), scene_id=scene_shown)
        self._show(outline.insert_shot(self._get(), scene_shown, row, number), ("shot", row.id))
        return row.id

    def _remove_shot(self, key: int, select: Select) -> None:
        shown = self.shown("shot", key)
        if shown is not None:
            self._show(outline.remove_shot(self._get(), shown), select)
        self._write(lambda: self.scenes.delete_shot(self.ids.current("shot", key)), True)

    def add_shot(
        self, scene_id: int, initial_prompt: str, description: str = "", position: int | None = None
    ) -> int:
        """Add a shot; returns the (provisional) id the tree shows for it."""
        prompt = clean_prompt(initial_prompt)
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The shot description")
        scene = self._scene(scene_id)
        count = len(scene.shots)
        number = max(1, min(position or count + 1, count + 1))
        key = self.ids.provisional("shot")
        scene_key = self.ids.key("scene", scene_id)
        template = ShotInfo(key, self.project_id, scene_id, number, description, prompt, None)

        def redo() -> None:
            self._insert_shot(key, scene_key, template, number)

            def write() -> None:
                info = self.scenes.add_shot(
                    self.ids.current("scene", scene_key), prompt, description, number
                )
                self.ids.remap("shot", key, info.id)

            self._write(write, True)

        def undo() -> None:
            self._remove_shot(key, ("scene", self.shown("scene", scene_key)))

        guard = ContentGuard(
            "the shot", lambda: shot_content(self._shown_shot(key)), in_worker=False
        )
        self._push("Add shot", redo, undo, guard)
        return self.shown("shot", key) or key

    def edit_shot(self, shot_id: int, description: str, initial_prompt: str) -> None:
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The shot description")
        prompt = clean_prompt(initial_prompt)
        before = self._shot(shot_id)
        key = self.ids.key("shot", shot_id)

        def set_to(d: str, p: str) -> Callable[[], None]:
            def apply() -> None:
                shown = self.shown("shot", key)
                if shown is not None:
                    self._show(outline.edit_shot(self._get(), shown, d, p), ("shot", shown))
                self._write(
                    lambda: self.scenes.edit_shot(
                        self.ids.current("shot", key), description=d, initial_prompt=p
                    ),
                    False,
                )

            return apply

        self._push(
            f"Edit shot {before.shot_number}",
            set_to(description, prompt),
            set_to(before.description, before.initial_prompt),
        )

    def delete_shot(self, shot_id: int) -> None:
        snapshot = self._shot(shot_id)
        key = self.ids.key("shot", shot_id)
        scene_key = self.ids.key("scene", snapshot.scene_id)

        def undo() -> None:
            scene_shown = self.shown("scene", scene_key)
            scene = outline.find_scene(self._get(), scene_shown or 0)
            number = min(snapshot.shot_number, len(scene.shots) + 1 if scene else 1)
            self._insert_shot(key, scene_key, snapshot, number)

            def write() -> None:
                info = self.scenes.add_shot(
                    self.ids.current("scene", scene_key),
                    snapshot.initial_prompt,
                    snapshot.description,
                    number,
                )
                self.ids.remap("shot", key, info.id)

            self._write(write, True)

        self._push(
            f"Delete shot {snapshot.shot_number}",
            lambda: self._remove_shot(key, ("scene", self.shown("scene", scene_key))),
            undo,
        )

    def move_shot(self, shot_id: int, position: int, scene_id: int | None = None) -> None:
        before = self._shot(shot_id)
        target = self._scene(scene_id or before.scene_id)
        same = target.id == before.scene_id
        count = len(target.shots) if same else len(target.shots) + 1
        position = max(1, min(position, count))
        key = self.ids.key("shot", shot_id)
        old_scene_key = self.ids.key("scene", before.scene_id)
        new_scene_key = self.ids.key("scene", target.id)

        def to(scene_key: int, number: int) -> Callable[[], None]:
            def apply() -> None:
                shown = self.shown("shot", key)
                scene_shown = self.shown("scene", scene_key)
                if shown is not None and scene_shown is not None:
                    self._show(
                        outline.move_shot(self._get(), shown, number, scene_shown),
                        ("shot", shown),
                    )
                self._write(
                    lambda: self.scenes.move_shot(
                        self.ids.current("shot", key),
                        number,
                        self.ids.current("scene", scene_key),
                    ),
                    True,
                )

            return apply

        self._push(
            f"Move shot {before.shot_number}",
            to(new_scene_key, position),
            to(old_scene_key, before.shot_number),
        )

    def duplicate_shot(self, shot_id: int) -> int:
        """Copy a shot's text right after it; returns the id the tree shows."""
        source = self._shot(shot_id)
        source_key = self.ids.key("shot", shot_id)
        scene_key = self.ids.key("scene", source.scene_id)
        copy_key = self.ids.provisional("shot")
        template = replace(
            source, image_count=0, round_count=0, selected_image_id=None, cover_storage_id=None
        )

        def redo() -> None:
            shown = outline.find_shot(self._get(), self.shown("shot", source_key) or 0)
            number = shown.shot_number + 1 if shown else None
            self._insert_shot(copy_key, scene_key, template, number)

            def write() -> None:
                again = self.scenes.duplicate_shot(self.ids.current("shot", source_key))
                self.ids.remap("shot", copy_key, again.id)

            self._write(write, True)

        def undo() -> None:
            self._remove_shot(copy_key, ("shot", self.shown("shot", source_key)))

        self._push(f"Duplicate shot {source.shot_number + 1}", redo, undo)
        return self.shown("shot", copy_key) or copy_key
