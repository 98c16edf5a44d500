"""What a file chooser is asked (title, where to start, filters; save, open or folder).

Every dialog that asks for a path takes a `FileChooser`: the platform's dialog by default
(`platform_chooser`), a plain callable in tests (the file dialog is the outside boundary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog


class FileMode(Enum):
    """What the user picks."""

    SAVE = "save"  # a new or existing file to write
    OPEN = "open"  # an existing file to read
    FOLDER = "folder"  # a folder


@dataclass(frozen=True)
class FileRequest:
    """One question to a file chooser."""

    title: str
    start: Path  # the folder to start in, or (to save) the suggested file
    filters: str = ""  # Qt's form: "PDF (*.pdf);;All files (*)"
    mode: FileMode = FileMode.SAVE


FileChooser = Callable[[FileRequest], Path | None]
"""Returns the chosen path, or None when the user cancelled."""


def platform_chooser(request: FileRequest) -> Path | None:
    """The platform's file dialog (GUI thread; it blocks in its own event loop)."""
    if request.mode is FileMode.FOLDER:
        chosen = QFileDialog.getExistingDirectory(None, request.title, str(request.start))
    elif request.mode is FileMode.OPEN:
        chosen, _filter = QFileDialog.getOpenFileName(
            None, request.title, str(request.start), request.filters
        )
    else:
        chosen, _filter = QFileDialog.getSaveFileName(
            None, request.title, str(request.start), request.filters
        )
    return Path(chosen) if chosen else None
