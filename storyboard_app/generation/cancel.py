"""A flag a caller sets to stop a running generation, checked by the worker."""

from __future__ import annotations

import threading

from storyboard_app.domain.errors import StoryboardError


class CancelledError(StoryboardError):
    """The user cancelled the work."""

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)


class CancelToken:
    """Thread-safe cancellation flag; `sleep` wakes early when cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError()

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less when cancelled (then raise CancelledError)."""
        if seconds > 0:
            self._event.wait(seconds)
        self.raise_if_cancelled()
