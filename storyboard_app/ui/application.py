"""Creating the QApplication: names, offscreen fallback on a headless machine, the icon."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

from storyboard_app import APP_NAME


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if any), following the system palette."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("StoryboardStudio")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("storyboard-studio")
    try:
        from storyboard_app.ui.about_dialog import app_icon

        app.setWindowIcon(app_icon())
    except ImportError:  # the icon module ships with the packaging work; optional here
        pass
    return app
