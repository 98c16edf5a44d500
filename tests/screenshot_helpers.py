"""Waiting, grabbing and closing for the screenshot scripts (scripts/ and tests/*/screenshots.py).

Import it after the script has set its environment (QT_QPA_PLATFORM, the provider, the
token): it imports PySide6.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    """Run the event loop until `condition()` holds; TimeoutError after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QTest.qWait(10)


def wait_for_signal(signal: SignalInstance, seconds: float = 60.0) -> None:
    """Run the event loop until `signal` is emitted; TimeoutError after `seconds`."""
    fired: list[bool] = []
    signal.connect(lambda *_args: fired.append(True))
    wait_until(lambda: bool(fired), seconds)


def settle(seconds: float = 0.3) -> None:
    """Let pending layout and paint events run before a grab."""
    QTest.qWait(round(seconds * 1000))


def save_grab(widget: QWidget, out: Path, name: str, settle_seconds: float = 0.0) -> Path:
    """Save `widget.grab()` as `out/name` (after settling) and return the path."""
    if settle_seconds:
        settle(settle_seconds)
    path = out / name
    widget.grab().save(str(path))
    return path


def close_app(window: Any, store: Any, wait_ms: int = 30_000) -> None:
    """Close the main window, let its tasks end, then close the store."""
    window.close()
    window.context.tasks.wait(wait_ms)
    QApplication.processEvents()
    store.close()
