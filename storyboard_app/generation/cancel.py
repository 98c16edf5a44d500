"""A flag a caller sets to stop a running generation, checked by the worker."""

from __future__ import annotations

import threading
import time

from storyboard_app.domain.errors import StoryboardError


class CancelledError(StoryboardError):
    """The user cancelled the work."""

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)


class DetachedError(CancelledError):
    """The app stopped waiting but the work goes on remotely: leave the row as it is (pending
    or processing, its prediction id recorded) for the next start to resume by id."""

    def __init__(self) -> None:
        super().__init__("Left running; finished on the next start")


class CancelToken:
    """Thread-safe cancellation flag; `sleep` wakes early when cancelled.

    `detach()` also stops the wait, but the prediction is neither cancelled nor its row ended
    (quitting with "keep them running"); a later `cancel()` does not undo a detach.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._detached = False

    def cancel(self) -> None:
        self._event.set()

    def detach(self) -> None:
        self._detached = True
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    @property
    def detached(self) -> bool:
        return self._detached

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise DetachedError() if self._detached else CancelledError()

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less when cancelled (then raise CancelledError)."""
        if seconds > 0:
            self._event.wait(seconds)
        self.raise_if_cancelled()


class LinkedToken(CancelToken):
    """A token that is also cancelled when its parent is (one variant of a cancelled round)."""

    def __init__(self, parent: CancelToken) -> None:
        super().__init__()
        self._parent = parent

    @property
    def cancelled(self) -> bool:
        return super().cancelled or self._parent.cancelled

    @property
    def detached(self) -> bool:
        return super().detached or self._parent.detached

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise DetachedError() if self.detached else CancelledError()

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + max(0.0, seconds)
        while not self.cancelled and (left := end - time.monotonic()) > 0:
            self._event.wait(min(left, 0.1))
        self.raise_if_cancelled()


def child_token(parent: CancelToken | None) -> CancelToken:
    """A fresh token, linked to `parent` when there is one."""
    return LinkedToken(parent) if parent is not None else CancelToken()
