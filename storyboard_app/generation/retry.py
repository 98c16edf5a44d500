"""Retrying the calls the replicate client never retries (POST), honouring Retry-After."""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.errors import GenerationError, from_exception

log = logging.getLogger(__name__)
T = TypeVar("T")

_last_retry_after = threading.local()
_DETAIL_SECONDS = re.compile(r"available in (\d+(?:\.\d+)?) s(?:econds?)?\b", re.I)


def remember_retry_after(response: Any) -> None:
    """httpx response hook: keep this thread's last `Retry-After` (the client drops it)."""
    value = response.headers.get("Retry-After") if response.status_code >= 400 else None
    _last_retry_after.value = value


def last_retry_after() -> float | None:
    raw = getattr(_last_retry_after, "value", None)
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry: exponential backoff capped, Retry-After first."""

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay * 2)
        backoff: float = min(self.max_delay, self.base_delay * (2**attempt))
        return backoff * (0.75 + random.random() / 2)


def is_transient(exc: BaseException) -> bool:
    """429, 5xx and connection problems are worth another try; the rest are final."""
    from replicate.exceptions import ReplicateError

    if isinstance(exc, ReplicateError):
        return exc.status == 429 or (exc.status is not None and exc.status >= 500)
    import httpx

    return isinstance(exc, httpx.TransportError)


def request_was_not_sent(exc: BaseException) -> bool:
    """True when the connection failed before the request reached the server."""
    import httpx

    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)


def call_with_retry(
    fn: Callable[[], T],
    *,
    policy: RetryPolicy,
    cancel: CancelToken | None = None,
    what: str = "request",
    recover: Callable[[BaseException], T | None] | None = None,
) -> T:
    """Call `fn` until it succeeds, a final error occurs, or the attempts are used up.

    `recover(exc)` runs after an ambiguous transport failure (the request may have been
    processed); a non-None result is returned instead of sending the request again.
    Raises GenerationError with the human message.
    """
    cancel = cancel or CancelToken()
    attempt = 0
    while True:
        cancel.raise_if_cancelled()
        _last_retry_after.value = None
        try:
            return fn()
        except Exception as exc:
            attempt += 1
            if not is_transient(exc) or attempt >= policy.attempts:
                raise from_exception(exc, attempts=attempt) from exc
            if recover is not None and not request_was_not_sent(exc) and _is_transport(exc):
                found = recover(exc)
                if found is not None:
                    return found
            delay = policy.delay(attempt - 1, _retry_after_of(exc))
            log.info("%s failed (%s); retry %d in %.2f s", what, _describe(exc), attempt, delay)
            cancel.sleep(delay)


def _is_transport(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError)


def _retry_after_of(exc: BaseException) -> float | None:
    header = last_retry_after()
    if header is not None:
        return header
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str) and (match := _DETAIL_SECONDS.search(detail)):
        return float(match.group(1))
    return None


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return f"HTTP {status}" if status else type(exc).__name__


__all__ = ["GenerationError", "RetryPolicy", "call_with_retry", "is_transient"]
