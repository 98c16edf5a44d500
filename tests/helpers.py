"""Helpers several test folders share (fixtures stay in the conftest files)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication
from sqlalchemy import event

if TYPE_CHECKING:
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import Store
    from storyboard_app.ui.main_window import MainWindow

# QtMultimedia's FFmpeg backend reports a machine without sound or GPU video decoding as
# warnings; the picture still plays (tests assert on the player's source and state).
MULTIMEDIA_NOISE = (
    r"Couldn't (load|resolve) .*",
    r"PulseAudioService: .*",
    r"No audio device detected",
    r".*No RHI backend.*",
    r".*No HW decoder found.*",
    r".*pa_context_connect.*",
)

ID_KEYS = {"id", "selected_image_id", "parent_image_id", "scene_id", "animated_image_id"}
PATH_KEYS = {"file_path", "video_path"}


def normalised_tree(tree: Any, ids: dict[int, int] | None = None) -> Any:
    """A project tree with ids replaced by their order of appearance and paths by whether
    the file exists: two copies of one project compare equal."""
    ids = {} if ids is None else ids
    if isinstance(tree, dict):
        out = {}
        for key, value in tree.items():
            if key in ID_KEYS and isinstance(value, int):
                out[key] = ("id", ids.setdefault(value, len(ids)))
            elif key in PATH_KEYS:
                out[key] = value is not None and Path(value).is_file()
            else:
                out[key] = normalised_tree(value, ids)
        return out
    if isinstance(tree, list):
        return [normalised_tree(v, ids) for v in tree]
    return tree


@contextmanager
def count_queries(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store runs inside the `with` block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


class WindowOpener:
    """Opens real main windows, each on its own store (like a restart), and closes them all.

    A test's window fixture opens through `open` (then resizes/restores and shows) and
    calls `close_all` in its teardown: popups closed, windows closed, tasks ended, stores closed.
    """

    def __init__(self, qtbot: Any, data_paths: DataPaths) -> None:
        self.qtbot = qtbot
        self.data_paths = data_paths
        self.opened: list[tuple[MainWindow, Store]] = []

    def open(self, paths: DataPaths | None = None) -> MainWindow:
        """A new (not yet shown) main window on `paths` (default: the test's data folder)."""
        from storyboard_app.app import build_main_window
        from storyboard_app.store.open_store import open_store

        paths = paths or self.data_paths
        store = open_store(paths)
        window = build_main_window(paths, store)
        self.qtbot.addWidget(window)
        self.opened.append((window, store))
        return window

    def close_all(self, *, cancel_tasks: bool = False, wait_ms: int = 30_000) -> None:
        close_popups()
        for window, store in self.opened:
            if window.isVisible():
                window.close()
            if window.isVisible():  # jobs still ran: the quit dialog holds the close
                window.quit_guard.quit(keep_running=False)
            if cancel_tasks:
                window.context.tasks.cancel_all()
            window.context.tasks.wait(wait_ms)
            QApplication.processEvents()
            store.close()


def close_popups() -> None:
    """Close message boxes and dialogs a test left open (they are non-blocking)."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.isWindow() and widget.inherits("QDialog"):
            widget.close()
