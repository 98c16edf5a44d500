"""The user's folders where file choosers start: the last folder used (remembered in the
data folder's window settings), else Documents (Videos for a video); and the "Open folder"
button an export or import dialog shows when it is done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtWidgets import QPushButton, QWidget

from storyboard_app.paths import DataPaths

LAST_FOLDER_KEY = "folders/last"


def user_folder(location: QStandardPaths.StandardLocation) -> Path:
    """The platform's folder for `location` (Documents, Movies…), else the home folder."""
    folder = QStandardPaths.writableLocation(location)
    return Path(folder) if folder else Path.home()


def documents_folder() -> Path:
    """The Documents folder (the home folder when there is none)."""
    return user_folder(QStandardPaths.StandardLocation.DocumentsLocation)


def videos_folder() -> Path:
    """The Videos (Movies) folder, else Documents."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    return Path(folder) if folder else documents_folder()


def _settings(paths: DataPaths) -> QSettings:
    return QSettings(str(paths.qt_settings_file), QSettings.Format.IniFormat)


def start_folder(paths: DataPaths, fallback: Callable[[], Path] = documents_folder) -> Path:
    """Where a file chooser opens: the last folder used if it still exists, else `fallback`."""
    last = _settings(paths).value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return fallback()


def remember_folder(paths: DataPaths, chosen: Path) -> None:
    """Remember the folder of a chosen file (or the chosen folder) for the next chooser."""
    folder = chosen if chosen.is_dir() else chosen.parent
    settings = _settings(paths)
    settings.setValue(LAST_FOLDER_KEY, str(folder))
    settings.sync()


def folder_of(path: Path) -> Path:
    """The folder to show for a written file or folder."""
    return path if path.is_dir() else path.parent


def open_folder(path: Path) -> bool:
    """Show the folder holding `path` in the platform's file manager."""
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder_of(path)))))


def open_folder_button(parent: QWidget, path: Callable[[], Path | None]) -> QPushButton:
    """A hidden "Open folder" button that shows the folder of `path()`; show it when done."""
    button = QPushButton("Open folder", parent)
    button.setObjectName("openFolderButton")
    button.setToolTip("Show the folder in the file manager")

    def clicked() -> None:
        target = path()
        if target is not None:
            open_folder(target)

    button.clicked.connect(clicked)
    button.hide()
    return button
