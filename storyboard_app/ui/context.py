"""What every view gets from the composition root: store, paths, settings, tasks, errors."""

from __future__ import annotations

from dataclasses import dataclass

from storyboard_app.media.layout import MediaLayout
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import Store
from storyboard_app.ui.errors import ErrorPresenter
from storyboard_app.ui.worker import TaskRunner


@dataclass
class AppContext:
    """The app's shared services, built once by `storyboard_app.app` and passed to views.

    Views call `store` services (which return DTOs), run anything slow through `tasks`, and
    report failures through `errors.present`. `settings` is replaced when the user saves
    the settings dialog (the `settings_changed` signal of the main window says so).
    """

    paths: DataPaths
    store: Store
    settings: Settings
    tasks: TaskRunner
    errors: ErrorPresenter

    @property
    def media(self) -> MediaLayout:
        return MediaLayout(self.paths.media)
