"""The storyboard's reads (the board, card pictures, animation status) and "Build storyboard",
each in a worker; answers come back as signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.worker import TaskContext
from storyboard_app.ui.storyboard.card import PICTURE
from storyboard_app.ui.storyboard.state import StoryboardState
from storyboard_app.ui.storyboard.timeline_data import load_board


def decode_pictures(paths: dict[str, Path], ctx: TaskContext) -> dict[str, QImage]:
    """Pool thread: decode and scale the card pictures (QImage is safe off the GUI thread)."""
    images: dict[str, QImage] = {}
    for key, path in paths.items():
        ctx.check_cancelled()
        image = QImage(str(path))
        if not image.isNull():
            images[key] = image.scaled(
                PICTURE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
    return images


class StoryboardLoader(QObject):
    """Runs the storyboard's service calls on the pool (GUI thread; every signal on it too).

    board_read(object): a fresh `BoardData` of the open project.
    pictures_decoded(dict): card pictures (path text -> QImage), scaled for the cards.
    selections_read(list): the project's `SelectionInfo` rows (animation status).
    storyboard_built(list): "Build storyboard" wrote these selections.
    build_failed(object): "Build storyboard" raised this exception (already presented).
    """

    board_read = Signal(object)
    pictures_decoded = Signal(dict)
    selections_read = Signal(list)
    storyboard_built = Signal(list)
    build_failed = Signal(object)

    def __init__(self, context: AppContext, state: StoryboardState, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.state = state
        self._reading_status = False

    def reload(self, project_id: int) -> None:
        """Read the storyboard again (coalesced while a load runs)."""
        if not self.state.begin_load():
            return
        store, paths = self.context.store, self.context.paths
        seconds = self.context.settings.default_duration_seconds

        def finished() -> None:
            if self.state.end_load():
                self.reload(project_id)

        self.context.tasks.submit(
            lambda _ctx: load_board(store, paths.media, paths.cache, project_id, seconds),
            name="Loading the storyboard",
            on_result=self.board_read.emit,
            on_error=self.context.errors.present,
            on_finished=finished,
            owner=self,
        )

    def decode(self, wanted: dict[str, Path]) -> None:
        self.context.tasks.submit(
            lambda ctx: decode_pictures(wanted, ctx),
            name="Loading storyboard pictures",
            on_result=self.pictures_decoded.emit,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            owner=self,
        )

    def read_status(self, project_id: int) -> None:
        """Re-read the animation status (pending → processing, as the workers record it)."""
        if self._reading_status:
            return
        self._reading_status = True
        store = self.context.store

        def finished() -> None:
            self._reading_status = False

        self.context.tasks.submit(
            lambda _ctx: store.storyboard.list(project_id),
            name="Reading animation status",
            on_result=self.selections_read.emit,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            on_finished=finished,
            owner=self,
        )

    def build(self, project_id: int) -> None:
        """Create or refresh one selection per final pick."""
        store = self.context.store
        self.context.tasks.submit(
            lambda _ctx: store.storyboard.build(project_id),
            name="Building the storyboard",
            on_result=self.storyboard_built.emit,
            on_error=self._on_build_failed,
            owner=self,
        )

    def _on_build_failed(self, exc: BaseException) -> None:
        self.context.errors.present(exc, title="Could not build the storyboard")
        self.build_failed.emit(exc)
