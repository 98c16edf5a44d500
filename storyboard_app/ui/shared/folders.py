"""The user's folders (Documents, Movies…) where file choosers start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def user_folder(location: QStandardPaths.StandardLocation) -> Path:
    """The platform's folder for `location` (Documents, Movies…), else the home folder."""
    folder = QStandardPaths.writableLocation(location)
    return Path(folder) if folder else Path.home()


def documents_folder() -> Path:
    """The Documents folder (the home folder when there is none)."""
    return user_folder(QStandardPaths.StandardLocation.DocumentsLocation)
