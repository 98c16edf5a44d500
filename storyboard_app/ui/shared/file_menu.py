"""Finding the main window's File menu, where Import and Export put their submenus."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu


def find_file_menu(window: QMainWindow) -> QMenu | None:
    """The window's File menu, if its menu bar has one."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "File":
            found = action.menu()
            return found if isinstance(found, QMenu) else None
    return None
