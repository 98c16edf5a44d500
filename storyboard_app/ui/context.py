"""What every view gets from the composition root: store, paths, settings, tasks, errors."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.ui.shared.errors import ErrorPresenter
from storyboard_app.ui.shared.worker import TaskRunner

if TYPE_CHECKING:  # SQLAlchemy is imported off the start-up path, in a worker
    from storyboard_app.store.open_store import Store


class AppContext:
    """The app's shared services, built once by `storyboard_app.app` and passed to views.

    Views call `store` services (which return DTOs), run anything slow through `tasks`, and
    report failures through `errors.present`. `settings` is replaced when the user saves
    the settings dialog (the `settings_changed` signal of the main window says so).

    At start-up the store opens in a worker while the window paints: `store` may be given
    as a Future. Reading `store` before it is open waits for it, so read it inside task
    functions (pool threads), or after `store_ready` is True.
    """

    def __init__(
        self,
        paths: DataPaths,
        store: Store | Future[Store],
        settings: Settings,
        tasks: TaskRunner,
        errors: ErrorPresenter,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.tasks = tasks
        self.errors = errors
        if isinstance(store, Future):
            self._future: Future[Store] = store
        else:
            self._future = Future()
            self._future.set_result(store)

    @property
    def store(self) -> Store:
        """The open store (waits while it is still opening; raises if opening failed)."""
        return self._future.result()

    @property
    def store_ready(self) -> bool:
        return self._future.done() and self._future.exception() is None

    @property
    def media(self) -> MediaLayout:
        return MediaLayout(self.paths.media)
