"""Composition root of the desktop app: wires the store, engine and windows together."""

from __future__ import annotations

import sys


def run_gui(data_dir: str | None) -> int:
    """Open the main window on the data folder and run the Qt event loop."""
    from storyboard_app.ui.application import run

    return run(data_dir, sys.argv[:1])
