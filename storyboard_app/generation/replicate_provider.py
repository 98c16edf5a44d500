"""Replicate through the official `replicate` client: create, poll, cancel, upload.

Works around the client's defects (see shared/reference/replicate.md): POST is retried here
with backoff honouring Retry-After; `aborted` (a pydantic ValidationError in 1.0.7) is
terminal; outputs are read from `prediction.output` (raw URLs, list or single string).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyboard_app.domain.time_format import parse_iso, seconds_since
from storyboard_app.generation.cancel import CancelledError, CancelToken
from storyboard_app.generation.errors import (
    ErrorKind,
    GenerationError,
    from_exception,
    http_error,
    network_error,
    prediction_failed,
)
from storyboard_app.generation.request import (
    VIDEO_PURPOSES,
    GenerationRequest,
    Outcome,
    Submission,
)
from storyboard_app.generation.retry import RetryPolicy, call_with_retry, remember_retry_after

if TYPE_CHECKING:
    from replicate.client import Client

log = logging.getLogger(__name__)

DEFAULT_API = "https://api.replicate.com"
NAME = "replicate"
CHECK_TIMEOUT = 10.0  # seconds for the account check before a round (connecting: 5 s)
TRUST_CHECK_FOR = 30.0  # seconds a passed check holds (animate plans many shots at once)


@dataclass(frozen=True)
class PollPolicy:
    """Polling cadence: polite (at most one request per `minimum` seconds per prediction),
    slower as a prediction ages (long video jobs are asked every `maximum` seconds).

    The interval is `elapsed × growth`, clamped to [minimum, maximum]; `deadline` is per
    purpose, in seconds. The first poll of a prediction created here waits `minimum`.
    """

    minimum: float = 0.5
    maximum: float = 2.0
    growth: float = 0.1
    image_deadline: float = 15 * 60
    video_deadline: float = 45 * 60
    max_poll_failures: int = 8

    def interval(self, elapsed: float) -> float:
        return max(self.minimum, min(self.maximum, elapsed * self.growth))


def _older_than(stamp: str | None, *, minutes: float) -> bool:
    when = parse_iso(stamp)
    return when is not None and seconds_since(when) > minutes * 60


def _is_validation_error(exc: BaseException) -> bool:
    return type(exc).__name__ == "ValidationError" and "pydantic" in type(exc).__module__


class ReplicateProvider:
    """The Replicate HTTP API, via one shared client (httpx is thread-safe)."""

    name = NAME

    def __init__(
        self,
        token: str,
        *,
        base_url: str | None = None,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
    ) -> None:
        self._token = token
        self.base_url = base_url or DEFAULT_API
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        self._client: Client | None = None
        self._lock = threading.Lock()
        self._submitted: dict[str, float] = {}  # prediction id → when its create returned
        self._checked_until = 0.0

    def __repr__(self) -> str:  # never show the token
        return f"ReplicateProvider(base_url={self.base_url!r})"

    @property
    def client(self) -> Client:
        with self._lock:
            if self._client is None:
                import httpx
                from replicate.client import Client

                client = Client(
                    api_token=self._token,
                    base_url=self.base_url,
                    timeout=httpx.Timeout(30.0, connect=10.0, pool=30.0),
                    event_hooks={"response": [remember_retry_after]},
                    limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
                )
                _ = client._client  # build the httpx client now, under the lock
                self._client = client
            return self._client

    # -- before a round ----------------------------------------------------------------------

    def check_ready(self) -> None:
        """One cheap authenticated request (`GET /v1/account`): a refused token or a network
        that does not reach Replicate raises GenerationError before anything is planned.

        Any other answer (a 5xx, a server without the endpoint, an unexpected body) lets the
        round go ahead: creating predictions has its own retries and messages.
        """
        with self._lock:
            if time.monotonic() < self._checked_until:
                return
        import httpx
        from replicate.exceptions import ReplicateError

        try:
            self.client._request(
                "GET",
                "/v1/account",
                timeout=httpx.Timeout(CHECK_TIMEOUT, connect=min(CHECK_TIMEOUT, 5.0)),
            )
        except ReplicateError as exc:
            if exc.status in (401, 402, 403):
                raise http_error(exc.status, exc.detail) from None
            log.info("account check answered HTTP %s; going ahead", exc.status)
            return
        except httpx.TransportError as exc:
            raise network_error(exc) from None
        except Exception as exc:  # an answer we cannot read: the server is there
            log.info("account check unreadable (%s); going ahead", type(exc).__name__)
            return
        with self._lock:
            self._checked_until = time.monotonic() + TRUST_CHECK_FOR

    # -- inputs ------------------------------------------------------------------------------

    def parent_input(self, path: Path, storage_id: str, cancel: CancelToken) -> str:
        """Upload the parent once; every variant of the round sends the same URL."""

        def upload() -> str:
            with path.open("rb") as fh:
                created = self.client.files.create(
                    fh, filename=f"{storage_id[:16]}{path.suffix or '.png'}"
                )
            return str(created.urls["get"])

        return call_with_retry(upload, policy=self.retry, cancel=cancel, what="upload")

    # -- predictions -------------------------------------------------------------------------

    def submit(self, request: GenerationRequest, cancel: CancelToken) -> Submission:
        def create() -> Submission:
            if request.version:
                prediction = self.client.predictions.create(
                    version=request.model, input=dict(request.inputs)
                )
            else:
                prediction = self.client.models.predictions.create(
                    model=request.model, input=dict(request.inputs)
                )
            return Submission(
                prediction_id=prediction.id,
                model=prediction.model or request.model,
                version=prediction.version or None,
                created_at=prediction.created_at,
            )

        def recover(_: BaseException) -> Submission | None:
            return self.find_submission(request)

        submission = call_with_retry(
            create, policy=self.retry, cancel=cancel, what="create", recover=recover
        )
        with self._lock:
            self._submitted[submission.prediction_id] = time.monotonic()
        return submission

    def find_submission(self, request: GenerationRequest) -> Submission | None:
        """Look for a prediction already created with exactly these inputs (recent page only).

        Used after a dropped create and after a crash between create and recording its id,
        so that a variant is never billed twice. Each variant has its own seed, so equal
        inputs identify it.
        """
        try:
            # Raw JSON: the parsed list raises on an `aborted` entry in replicate 1.0.7.
            response = self.client._request("GET", "/v1/predictions")
            results = response.json().get("results") or []
        except Exception as exc:
            log.info("could not list predictions: %s", type(exc).__name__)
            return None
        wanted = {k: v for k, v in request.inputs.items()}
        model = request.model.partition(":")[0]
        for item in results:
            if item.get("input") == wanted and str(item.get("model", "")) == model:
                return Submission(
                    prediction_id=str(item["id"]),
                    model=str(item.get("model") or model),
                    version=item.get("version") or None,
                    created_at=item.get("created_at"),
                )
        return None

    def _get(self, prediction_id: str) -> Any:
        return self.client.predictions.get(prediction_id)

    def wait(self, prediction_id: str, request: GenerationRequest, cancel: CancelToken) -> Outcome:
        """Poll until the prediction ends, politely (see PollPolicy); cancel it when `cancel`
        is set or the deadline passes."""
        with self._lock:
            created = self._submitted.pop(prediction_id, None)
        now = time.monotonic()
        started = created if created is not None else now
        # A prediction created here has just started: ask after `minimum`; one found again
        # (recovery) may be long finished: ask at once.
        next_poll = started + self.poll.interval(0.0) if created is not None else now
        deadline = (
            self.poll.video_deadline
            if request.purpose in VIDEO_PURPOSES
            else self.poll.image_deadline
        )
        failures = 0
        from replicate.exceptions import ReplicateError

        while True:
            self._sleep_until(next_poll, prediction_id, cancel)
            polled = time.monotonic()
            try:
                prediction = self._get(prediction_id)
                failures = 0
            except Exception as exc:
                if _is_validation_error(exc):
                    raise GenerationError(
                        "Replicate aborted the prediction before it started. Retry the variant.",
                        kind=ErrorKind.ABORTED,
                    ) from exc
                if isinstance(exc, ReplicateError) and exc.status == 404:
                    raise GenerationError(
                        "Replicate no longer knows this prediction. Retry the variant.",
                        kind=ErrorKind.EXPIRED,
                    ) from exc
                if isinstance(exc, ReplicateError) and exc.status in (401, 402, 403):
                    raise http_error(exc.status, exc.detail) from exc
                failures += 1
                if failures >= self.poll.max_poll_failures:
                    raise from_exception(exc, attempts=failures) from exc
                log.info("poll of %s failed (%s); will retry", prediction_id, type(exc).__name__)
                next_poll = time.monotonic() + min(self.poll.maximum * 2, 0.25 * 2**failures)
                continue
            status = prediction.status
            if status == "succeeded":
                return self._outcome(prediction, request, time.monotonic() - started)
            if status == "failed":
                raise prediction_failed(prediction.error)
            if status == "canceled":
                raise CancelledError()
            elapsed = polled - started
            if elapsed > deadline:
                self.cancel(prediction_id)
                raise GenerationError(
                    f"Timed out after {deadline / 60:.0f} minutes waiting for Replicate; the "
                    "prediction was cancelled. Retry the variant.",
                    kind=ErrorKind.TIMEOUT,
                )
            next_poll = polled + self.poll.interval(elapsed)

    def _sleep_until(self, when: float, prediction_id: str, cancel: CancelToken) -> None:
        """Wait until `when`; a cancel meanwhile cancels the prediction and raises."""
        try:
            cancel.sleep(max(0.0, when - time.monotonic()))
        except CancelledError:
            if not cancel.detached:  # detached: it keeps running, resumed on the next start
                self.cancel(prediction_id)
            raise

    def _outcome(self, prediction: Any, request: GenerationRequest, waited: float) -> Outcome:
        output = prediction.output
        metrics = dict(prediction.metrics or {})
        timings = {
            "created_at": prediction.created_at,
            "started_at": prediction.started_at,
            "completed_at": prediction.completed_at,
            "waited_seconds": round(waited, 3),
        }
        if request.purpose == "planner":
            text = "".join(str(t) for t in output) if isinstance(output, list) else str(output)
            return Outcome(text=text, metrics=metrics, timings=timings)
        url = output[0] if isinstance(output, list) and output else output
        if not isinstance(url, str) or not url:
            if self._data_removed(prediction.id) or _older_than(
                prediction.completed_at, minutes=55
            ):
                raise GenerationError(
                    "The result is no longer available on Replicate (outputs are deleted "
                    "about an hour after they finish). Retry the variant.",
                    kind=ErrorKind.EXPIRED,
                )
            raise GenerationError(
                "The model finished without an output. Retry the variant.", kind=ErrorKind.NO_OUTPUT
            )
        return Outcome(output_url=url, metrics=metrics, timings=timings)

    def _data_removed(self, prediction_id: str) -> bool:
        """`data_removed` is in the API's JSON but not in the client's model: read it raw."""
        try:
            raw = self.client._request("GET", f"/v1/predictions/{prediction_id}").json()
        except Exception:
            return False
        return bool(raw.get("data_removed"))

    def cancel(self, prediction_id: str) -> None:
        def cancel_call() -> None:
            try:
                self.client.predictions.cancel(prediction_id)
            except Exception as exc:
                if _is_validation_error(exc):  # already aborted: nothing to cancel
                    return
                raise

        try:
            call_with_retry(cancel_call, policy=self.retry, what="cancel")
        except GenerationError as exc:
            log.warning("cancel of %s failed: %s", prediction_id, exc)


__all__ = ["PollPolicy", "ReplicateProvider", "network_error"]
