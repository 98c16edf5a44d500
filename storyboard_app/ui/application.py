"""Creating the QApplication: names, offscreen fallback on a headless machine, the icon."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

from storyboard_app import APP_NAME


def guard_none_refcount() -> None:
    """Work around PySide6 6.12.0 on Python 3.11: calls of methods returning nothing drop a
    reference to None (True and False too, in some calls), and the process aborts
    ("none_dealloc") after a few thousand calls. Python 3.12 made these objects immortal; do
    the same here with a huge reference count. Harmless with a fixed PySide6.
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 40


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if any), following the system palette."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    guard_none_refcount()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("StoryboardStudio")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("storyboard-studio")
    return app


def set_application_icon(app: QApplication) -> None:
    """The window and task-bar icon (run_gui sets it right after the first paint)."""
    try:
        from storyboard_app.ui.about_dialog import app_icon

        app.setWindowIcon(app_icon())
    except ImportError:  # the icon module ships with the packaging work; optional here
        pass
