"""The iterator's reads and writes, each in a worker; answers come back as signals.

`IteratorLoader` asks `IteratorState` whether a load may start (coalescing bursts, numbering
shot and round loads so a late answer is dropped) and emits what it read; the page paints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from storyboard_app.store.dto import ImageInfo, RoundSummary, SceneInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.iterator.data import (
    RoundView,
    ShotView,
    load_round,
    load_round_window,
    load_shot_view,
)
from storyboard_app.ui.iterator.state import IteratorState
from storyboard_app.ui.shared.worker import TaskContext

T = TypeVar("T")


class IteratorLoader(QObject):
    """Runs the iterator's service calls on the pool (GUI thread; every signal on it too).

    scenes_loaded(list, bool): the open project's scenes; whether a shot should be opened.
    shot_view_loaded(object, bool): the `ShotView` of the newest shot load; whether the shot
        changed.
    round_loaded(object): the `RoundView` of the newest round load of the shown shot.
    rounds_counted(): the state holds a fresh rounds window of the shown shot.
    round_polled(object): the shown round's variants whose status moved (list of ImageInfo).
    image_saved(object): a write (star, final) returned this `ImageInfo`.
    final_selected(object): this `ImageInfo` became its shot's final pick.
    """

    scenes_loaded = Signal(list, bool)
    shot_view_loaded = Signal(object, bool)
    round_loaded = Signal(object)
    rounds_counted = Signal()
    round_polled = Signal(object)
    image_saved = Signal(object)
    final_selected = Signal(object)

    def __init__(self, context: AppContext, state: IteratorState, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.state = state

    def run(
        self,
        fn: Callable[[], T],
        on_result: Callable[[T], object],
        name: str,
        *,
        quiet: bool = False,
        on_finished: Callable[[], object] | None = None,
    ) -> None:
        """Run a service call in a worker; its failure goes through the one error path."""

        def call(_ctx: TaskContext) -> T:
            return fn()

        self.context.tasks.submit(
            call,
            name=name,
            on_result=on_result,
            on_error=lambda exc: self.context.errors.present(exc, quiet=quiet),
            on_finished=on_finished,
            owner=self,
        )

    # -- scenes and shots ----------------------------------------------------------------------

    def reload_scenes(self, project_id: int, *, open_after: bool = False) -> None:
        """Refresh the navigator's shots (states and covers), coalescing bursts."""
        if not self.state.scenes_load.begin(force=open_after):
            return
        store = self.context.store

        def done() -> None:
            if self.state.scenes_load.end():
                self.reload_scenes(project_id)

        def loaded(scenes: list[SceneInfo]) -> None:
            if self.state.project_id == project_id:
                self.scenes_loaded.emit(scenes, open_after)

        self.run(lambda: store.scenes.list(project_id), loaded, "Loading shots", on_finished=done)

    def open_shot(self, shot_id: int, iteration: int | None = None) -> None:
        """Read the shot's grid (latest round unless `iteration`)."""
        serial = self.state.next_serial()
        store = self.context.store

        def loaded(view: ShotView) -> None:
            changed = self.state.shot_view_loaded(serial, view)
            if changed is not None:
                self.shot_view_loaded.emit(view, changed)

        self.run(lambda: load_shot_view(store, shot_id, iteration), loaded, "Opening a shot")

    def show_round(self, shot_id: int, iteration: int) -> None:
        """Read another round of the shown shot (two quick queries)."""
        serial = self.state.next_serial()
        store = self.context.store

        def loaded(view: RoundView) -> None:
            shot = self.state.shot
            if serial == self.state.serial and shot is not None and view.shot_id == shot.id:
                self.round_loaded.emit(view)

        self.run(lambda: load_round(store, shot_id, iteration), loaded, "Opening a round")

    def refresh_rounds(self) -> None:
        """Re-read the rounds strip's counts (one query), coalescing bursts of updates."""
        state = self.state
        if state.shot is None or not state.rounds_load.begin():
            return
        shot_id = state.shot.id
        store = self.context.store
        center = state.round.iteration if state.round is not None else None

        def done() -> None:
            if state.rounds_load.end():
                self.refresh_rounds()

        def counted(window: tuple[int | None, tuple[RoundSummary, ...]]) -> None:
            if state.rounds_counted(shot_id, window):
                self.rounds_counted.emit()

        self.run(
            lambda: load_round_window(store, shot_id, center),
            counted,
            "Counting rounds",
            quiet=True,
            on_finished=done,
        )

    def poll_round(self) -> None:
        """Re-read the shown round when some variant is still running (one at a time)."""
        state = self.state
        if state.round is None or state.polling or not state.active_images():
            return
        state.polling = True
        shot_id, iteration = state.round.shot_id, state.round.iteration
        store = self.context.store

        def done() -> None:
            state.polling = False

        def polled(images: list[ImageInfo]) -> None:
            changed = state.polled(images)
            if changed:
                self.round_polled.emit(changed)

        self.run(
            lambda: store.images.round(shot_id, iteration),
            polled,
            "Checking variant status",
            quiet=True,
            on_finished=done,
        )

    def with_shot_images(self, then: Callable[[list[ImageInfo]], object]) -> None:
        """All images of the shown shot (read once per shot, then kept in the state)."""
        state = self.state
        if state.shot is None:
            return
        if state.shot_images is not None:
            then(state.shot_images)
            return
        state.images_serial += 1
        serial = state.images_serial
        shot_id = state.shot.id
        store = self.context.store

        def loaded(images: list[ImageInfo]) -> None:
            if serial != state.images_serial or state.shot is None or state.shot.id != shot_id:
                return
            state.shot_images = images
            then(images)

        self.run(lambda: store.images.for_shot(shot_id), loaded, "Loading the shot's images")

    def read_image(self, image_id: int, then: Callable[[ImageInfo], object]) -> None:
        store = self.context.store
        self.run(lambda: store.images.get(image_id), then, "Reading an image")

    # -- writes --------------------------------------------------------------------------------

    def star(self, image: ImageInfo) -> None:
        store, on = self.context.store, not image.is_favorite
        self.run(lambda: store.images.star(image.id, on), self.image_saved.emit, "Starring")

    def select_final(self, image: ImageInfo) -> None:
        store = self.context.store
        self.run(lambda: store.images.select_final(image.id), self.final_selected.emit, "Final")
