"""Downloading a provider's output straight into the media store, from allowed hosts only."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.media.store import MediaError, MediaKind, MediaStore

log = logging.getLogger(__name__)

DOWNLOAD_ATTEMPTS = 3
_CHUNK = 256 * 1024


def check_url_allowed(url: str, endpoint: str | None) -> None:
    """Accept https URLs and URLs on the configured API endpoint's host; refuse the rest."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if endpoint:
        api = urlsplit(endpoint)
        if parts.scheme in ("http", "https") and parts.netloc and parts.netloc == api.netloc:
            return
    raise GenerationError(
        f"Refused to download from {parts.scheme or '?'}://{parts.hostname or '?'}: outputs are "
        "accepted only over https or from the configured Replicate endpoint.",
        kind=ErrorKind.UNSAFE_URL,
    )


class _Truncated(Exception):
    """The server sent fewer bytes than it announced."""


def download_to_store(
    url: str,
    media: MediaStore,
    *,
    kind: MediaKind,
    endpoint: str | None,
    cancel: CancelToken | None = None,
    timeout: float = 60.0,
    retry_delay: float = 0.5,
) -> str:
    """Stream `url` into the media store (checked, atomic) and return the storage id.

    Dropped connections, truncated bodies and 5xx are retried; a 404/410 means the output
    has expired. Nothing partial or undecodable is ever kept.
    """
    import requests

    check_url_allowed(url, endpoint)
    cancel = cancel or CancelToken()
    last: Exception | None = None
    for attempt in range(DOWNLOAD_ATTEMPTS):
        cancel.raise_if_cancelled()
        try:
            with requests.get(url, stream=True, timeout=timeout, allow_redirects=True) as resp:
                if resp.status_code in (404, 410):
                    raise GenerationError(
                        "The result is no longer available on Replicate (outputs are deleted "
                        "about an hour after they finish). Retry the variant.",
                        kind=ErrorKind.EXPIRED,
                    )
                if resp.status_code >= 400:
                    raise requests.HTTPError(f"HTTP {resp.status_code}", response=resp)
                check_url_allowed(resp.url, endpoint)  # after redirects
                expected = resp.headers.get("Content-Length")

                def chunks(
                    response: requests.Response = resp, expected: str | None = expected
                ) -> Iterator[bytes]:
                    received = 0
                    for chunk in response.iter_content(_CHUNK):
                        cancel.raise_if_cancelled()
                        received += len(chunk)
                        yield chunk
                    if expected and expected.isdigit() and received != int(expected):
                        raise _Truncated(f"{received} of {expected} bytes")

                return media.put_stream(chunks(), kind=kind)
        except (GenerationError, MediaError):
            raise
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            last = exc
            if status < 500:
                raise GenerationError(
                    f"Downloading the result failed (HTTP {status}). Retry the variant.",
                    kind=ErrorKind.DOWNLOAD,
                ) from exc
        except (requests.RequestException, _Truncated) as exc:
            last = exc
        log.info("download attempt %d failed: %s", attempt + 1, type(last).__name__)
        cancel.sleep(retry_delay * (attempt + 1))
    raise GenerationError(
        "The download of the result kept failing (connection dropped or file incomplete). "
        "Check the connection and retry the variant.",
        kind=ErrorKind.DOWNLOAD,
        retryable=True,
    ) from last
