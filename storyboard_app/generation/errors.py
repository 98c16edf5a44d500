"""Generation failures as short human messages, one per kind of problem."""

from __future__ import annotations

import re
from typing import Any

from storyboard_app.domain.enums import ErrorKind
from storyboard_app.domain.errors import StoryboardError
from storyboard_app.logs import scrub


class GenerationError(StoryboardError):
    """An expected generation failure; `str()` says what happened and what to do."""

    def __init__(
        self, message: str, *, kind: ErrorKind = ErrorKind.FAILED, retryable: bool = False
    ) -> None:
        super().__init__(scrub(message))
        self.kind: ErrorKind = ErrorKind(kind)
        self.retryable = retryable


REFERENCE_FIELDS = ("reference_images", "reference_tags", "input_image")
NSFW_PATTERN = re.compile(r"nsfw|content (filter|moderat|policy)|safety|flagged", re.I)


def _clip(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def http_error(status: int | None, detail: str | None, *, attempts: int = 1) -> GenerationError:
    """The message for an HTTP error answer of the API."""
    detail = scrub(_clip(detail))
    if status in (401, 403):
        return GenerationError(
            f"Replicate refused the API token ({status}). Check the token in Settings or the "
            "REPLICATE_API_TOKEN variable.",
            kind=ErrorKind.AUTH,
        )
    if status == 402:
        return GenerationError(
            "Your Replicate account is out of credit (402). Add credit on replicate.com, "
            "then retry.",
            kind=ErrorKind.CREDIT,
        )
    if status == 422:
        field = _invalid_field(detail)
        if field in REFERENCE_FIELDS:
            return GenerationError(
                f"The model did not accept the reference images: {detail or 'invalid input'}. "
                "Use a clear picture between 1:2 and 2:1 as the reference, or choose another "
                "reference model in Settings.",
                kind=ErrorKind.INVALID_INPUT,
            )
        where = f" ({field})" if field else ""
        return GenerationError(
            f"The model rejected the input{where}: {detail or 'invalid input'}. Check the "
            "model and its input template in Settings.",
            kind=ErrorKind.INVALID_INPUT,
        )
    if status == 404:
        return GenerationError(
            f"Replicate does not know this model or version (404): {detail or 'not found'}. "
            "Check the model name in Settings.",
            kind=ErrorKind.NOT_FOUND,
        )
    if status == 429:
        return GenerationError(
            f"Replicate is rate limiting requests (429, {attempts} tries). Wait a minute "
            "and retry.",
            kind=ErrorKind.RATE_LIMITED,
            retryable=True,
        )
    if status is not None and status >= 500:
        return GenerationError(
            f"Replicate had a server error ({status}). Retry in a few minutes.",
            kind=ErrorKind.SERVER,
            retryable=True,
        )
    return GenerationError(
        f"Replicate answered with an error ({status}): {detail or 'no detail'}.",
        kind=ErrorKind.HTTP,
    )


def _invalid_field(detail: str) -> str | None:
    match = re.search(r"input\.([A-Za-z0-9_]+)", detail)
    return match.group(1) if match else None


def network_error(exc: BaseException) -> GenerationError:
    """The message for a connection that failed or timed out."""
    name = type(exc).__name__
    if "Timeout" in name:
        return GenerationError(
            "Replicate did not answer in time. Check the connection and retry.",
            kind=ErrorKind.TIMEOUT,
            retryable=True,
        )
    return GenerationError(
        "Cannot reach Replicate (the network is down or the connection dropped). Check the "
        "connection and retry.",
        kind=ErrorKind.NETWORK,
        retryable=True,
    )


def prediction_failed(error: Any) -> GenerationError:
    """The message for a prediction that ended `failed`."""
    text = _clip(str(error or ""))
    if NSFW_PATTERN.search(text):
        return GenerationError(
            "The content filter blocked this image (NSFW detected). Change the prompt and retry.",
            kind=ErrorKind.CONTENT_FILTER,
        )
    return GenerationError(
        f"The model failed: {text or 'no reason given'}. Retry, or change the prompt.",
        kind=ErrorKind.MODEL,
    )


def from_exception(exc: BaseException, *, attempts: int = 1) -> GenerationError:
    """Map any exception of the replicate client, httpx or requests to a GenerationError."""
    if isinstance(exc, GenerationError):
        return exc
    try:
        from replicate.exceptions import ModelError, ReplicateError
    except ImportError:  # pragma: no cover - replicate is a hard dependency
        ModelError = ReplicateError = ()  # type: ignore[assignment,misc]
    if isinstance(exc, ReplicateError):
        return http_error(exc.status, exc.detail or exc.title, attempts=attempts)
    if isinstance(exc, ModelError):
        return prediction_failed(str(exc))
    import httpx
    import requests

    if isinstance(exc, httpx.TransportError | requests.ConnectionError | requests.Timeout):
        return network_error(exc)
    if isinstance(exc, StoryboardError):
        return GenerationError(str(exc), kind=ErrorKind.LOCAL)
    return GenerationError(
        f"Unexpected problem ({type(exc).__name__}). Retry; if it happens again, see the log.",
        kind=ErrorKind.INTERNAL,
    )


__all__ = ["ErrorKind", "GenerationError", "from_exception", "http_error", "network_error"]
