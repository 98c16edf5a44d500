"""A local HTTP server speaking the subset of Replicate's API the `replicate` client uses.

Threaded `http.server` on 127.0.0.1 with injectable latency and faults. Endpoints:
models predictions create, version predictions create, predictions list/get/cancel,
files upload, model get, account get, and output delivery under `/delivery/…` on the same
host.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import hashlib
import io
import json
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PIL import Image

DEFAULT_TOKEN = "r8_FakeTokenForTests0123456789"
VIDEO_MARKERS = ("i2v", "video", "kling", "veo", "hailuo", "seedance")
LLM_MARKERS = ("llama", "instruct", "gpt")


@dataclass
class Fault:
    """One injected misbehaviour on an endpoint, used `times` times (None = forever)."""

    status: int | None = None
    retry_after: float | None = None
    drop: bool = False
    truncate: bool = False
    not_image: bool = False
    outcome: str | None = None  # for "prediction": nsfw, failed, aborted, invalid_output
    detail: str | None = None
    invalid_fields: list[dict[str, str]] | None = None
    times: int | None = 1


@dataclass
class FakePrediction:
    """What the server remembers about one prediction."""

    id: str
    model: str
    version: str
    input: dict[str, Any]
    created: float
    kind: str  # image | video | text
    outcome: str | None = None
    canceled_at: float | None = None
    latency: float = 0.0
    data_removed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def png_for_seed(seed: int, size: tuple[int, int] = (96, 54)) -> bytes:
    """A small deterministic PNG, different for each seed."""
    digest = hashlib.sha256(str(seed).encode()).digest()
    image = Image.new("RGB", size, (digest[0], digest[1], digest[2]))
    for x in range(0, size[0], 8):
        image.putpixel((x, size[1] // 2), (digest[3], digest[4], digest[5]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


_VIDEO_LOCK = threading.Lock()
_VIDEO_CACHE: dict[str, bytes] = {}


def tiny_mp4() -> bytes:
    """A short, valid H.264 mp4 made once per process with the bundled ffmpeg."""
    with _VIDEO_LOCK:
        if "mp4" not in _VIDEO_CACHE:
            import imageio_ffmpeg

            with tempfile.TemporaryDirectory() as tmp:
                target = Path(tmp) / "clip.mp4"
                subprocess.run(
                    [
                        imageio_ffmpeg.get_ffmpeg_exe(),
                        "-loglevel",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=c=blue:s=64x36:d=0.5:r=8",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        "-movflags",
                        "+faststart",
                        str(target),
                    ],
                    check=True,
                    capture_output=True,
                )
                _VIDEO_CACHE["mp4"] = target.read_bytes()
        return _VIDEO_CACHE["mp4"]


class FakeReplicate:
    """The server's state, its knobs (latency, faults) and its counters."""

    def __init__(self, *, latency: float = 0.2, token: str = DEFAULT_TOKEN) -> None:
        self.latency = latency
        self.token = token
        self.llm_output = '[{"title": "Opening", "shots": [{"prompt": "A lighthouse at dawn"}]}]'
        self.image_size: tuple[int, int] = (96, 54)
        self.predictions: dict[str, FakePrediction] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.created_count = 0
        self.upload_count = 0
        self.get_count = 0
        self.cancel_count = 0
        self.download_count = 0
        self.list_count = 0
        self.account_count = 0
        self.create_attempts = 0
        # `GET /v1/account` (openapi `account.get`: type and username required)
        self.account: dict[str, Any] = {"type": "user", "username": "storyboarder"}
        # what `GET /v1/models/{owner}/{name}` answers instead of a full model, when set
        self.model_answer: tuple[int, Any] | None = None
        self.get_times: dict[str, list[float]] = {}  # prediction id → monotonic times of GETs
        self.requests: list[tuple[str, str]] = []
        self.auth_headers: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeReplicate:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeReplicate:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- knobs ------------------------------------------------------------------------------

    def set_fault(self, endpoint: str, **kwargs: Any) -> None:
        """Queue a fault on `create`, `get`, `cancel`, `upload`, `download` or `prediction`.

        `prediction` faults apply to the next created predictions (outcome = "nsfw",
        "failed", "aborted" or "invalid_output"). Each fault is used `times` times.
        """
        if endpoint not in ("create", "get", "cancel", "upload", "download", "prediction"):
            raise ValueError(f"unknown endpoint {endpoint}")
        with self._lock:
            self.faults.setdefault(endpoint, []).append(Fault(**kwargs))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def expire_outputs(self) -> None:
        """Simulate Replicate deleting outputs an hour after completion."""
        with self._lock:
            for prediction in self.predictions.values():
                prediction.data_removed = True

    def take_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(endpoint) or []
            if not queue:
                return None
            fault = queue[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    queue.pop(0)
            return fault

    # -- prediction state -------------------------------------------------------------------

    def status_of(self, p: FakePrediction, *, at_create: bool = False) -> str:
        now = time.monotonic()
        if p.canceled_at is not None:
            return "canceled"
        if p.outcome == "aborted":
            return "starting" if at_create else "aborted"
        elapsed = now - p.created
        if elapsed >= p.latency:
            return "failed" if p.outcome in ("nsfw", "failed") else "succeeded"
        return "processing" if elapsed > min(0.05, p.latency / 2) else "starting"

    def prediction_json(self, p: FakePrediction, *, at_create: bool = False) -> dict[str, Any]:
        status = self.status_of(p, at_create=at_create)
        wall_created = time.time() - (time.monotonic() - p.created)
        done = status in ("succeeded", "failed", "canceled")
        output: Any = None
        error: str | None = None
        if status == "succeeded" and not p.data_removed:
            if p.outcome == "invalid_output":
                output = None
            elif p.kind == "video":
                output = f"{self.url}/delivery/{p.id}/output.mp4"
            elif p.kind == "text":
                text = self.llm_output
                output = [text[i : i + 7] for i in range(0, len(text), 7)]
            else:
                output = [f"{self.url}/delivery/{p.id}/out-0.png"]
        if status == "failed":
            error = (
                "NSFW content detected. Try running it again, or try a different prompt."
                if p.outcome == "nsfw"
                else "CUDA out of memory"
            )
        return {
            "id": p.id,
            "model": p.model,
            "version": p.version,
            "status": status,
            "input": {} if p.data_removed else p.input,
            "output": output,
            "logs": "" if p.data_removed else "Generating…\n",
            "error": error,
            "data_removed": p.data_removed,
            "metrics": {"predict_time": round(p.latency * 0.9, 3), "total_time": p.latency}
            if status == "succeeded"
            else {},
            "created_at": _iso(wall_created),
            "started_at": _iso(wall_created + 0.01) if status != "starting" else None,
            "completed_at": _iso(wall_created + p.latency) if done else None,
            "urls": {
                "get": f"{self.url}/v1/predictions/{p.id}",
                "cancel": f"{self.url}/v1/predictions/{p.id}/cancel",
                "web": f"https://replicate.com/p/{p.id}",
            },
        }

    def create_prediction(self, model: str, version: str, input_: dict[str, Any]) -> FakePrediction:
        lowered = model.lower()
        kind = (
            "video"
            if any(m in lowered for m in VIDEO_MARKERS)
            else "text"
            if any(m in lowered for m in LLM_MARKERS)
            else "image"
        )
        fault = self.take_fault("prediction")
        with self._lock:
            self.created_count += 1
            prediction = FakePrediction(
                id=uuid.uuid4().hex[:20],
                model=model,
                version=version,
                input=input_,
                created=time.monotonic(),
                kind=kind,
                outcome=fault.outcome if fault else None,
                latency=self.latency,
            )
            self.predictions[prediction.id] = prediction
        return prediction

    def output_bytes(self, prediction: FakePrediction) -> bytes:
        if prediction.kind == "video":
            return tiny_mp4()
        seed = prediction.input.get("seed")
        return png_for_seed(int(seed) if isinstance(seed, int) else 0, self.image_size)


class _Handler(BaseHTTPRequestHandler):
    """Routes one request; `fake` is set on the subclass made by FakeReplicate.start()."""

    fake: FakeReplicate
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the test output stays quiet
        pass

    # -- helpers ----------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_raw(self, status: int, body: Any) -> None:
        """Answer with `body` as given: bytes as they are, anything else as JSON."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, fault: Fault) -> None:
        status = fault.status or 500
        titles = {
            401: ("Unauthenticated", "You did not pass a valid authentication token"),
            402: ("Insufficient credit", "You have insufficient credit to run this model."),
            404: ("Not found", "The requested resource could not be found"),
            422: ("Input validation failed", "- input.prompt: Does not match format 'str'"),
            429: (
                "Request was throttled",
                "Request was throttled. Expected available in 1 s.",
            ),
            500: ("Internal server error", "Something went wrong"),
            503: ("Service unavailable", "Try again later"),
        }
        title, detail = titles.get(status, ("Error", "Something went wrong"))
        body: dict[str, Any] = {
            "title": title,
            "detail": fault.detail or detail,
            "status": status,
        }
        if fault.invalid_fields:
            body["invalid_fields"] = fault.invalid_fields
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        self._send(status, body, headers)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)

    def _authorised(self) -> bool:
        auth = self.headers.get("Authorization", "")
        self.fake.auth_headers.add(auth)
        if auth != f"Bearer {self.fake.token}":
            self._send(
                401,
                {
                    "title": "Unauthenticated",
                    "detail": "You did not pass a valid authentication token",
                    "status": 401,
                },
            )
            return False
        return True

    def _apply(self, endpoint: str) -> bool:
        """Apply a queued HTTP fault; True when the request was answered (or dropped)."""
        fault = self.fake.take_fault(endpoint)
        if fault is None:
            return False
        if fault.drop:
            self._drop()
            return True
        if fault.status:
            self._problem(fault)
            return True
        return False

    # -- routes -----------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = urlparse(self.path).path
        self.fake.requests.append(("GET", path))
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["delivery"] and len(parts) == 3:
            self._deliver(parts[1])
            return
        if parts[:1] == ["files"] and len(parts) == 2:
            entry = self.fake.files.get(parts[1])
            if entry is None:
                self._send(404, {"detail": "not found"})
                return
            self.send_response(200)
            self.send_header("Content-Type", entry[0])
            self.send_header("Content-Length", str(len(entry[1])))
            self.end_headers()
            self.wfile.write(entry[1])
            return
        if not self._authorised():
            return
        if parts[:2] == ["v1", "predictions"] and len(parts) == 2:
            self.fake.list_count += 1
            items = sorted(self.fake.predictions.values(), key=lambda p: -p.created)
            self._send(
                200,
                {"results": [self.fake.prediction_json(p) for p in items[:100]], "next": None},
            )
            return
        if parts == ["v1", "account"]:
            self.fake.account_count += 1
            self._send(200, self.fake.account)
            return
        if parts[:2] == ["v1", "predictions"] and len(parts) == 3:
            self.fake.get_count += 1
            with self.fake._lock:
                self.fake.get_times.setdefault(parts[2], []).append(time.monotonic())
            if self._apply("get"):
                return
            prediction = self.fake.predictions.get(parts[2])
            if prediction is None:
                self._send(404, {"title": "Not found", "detail": "Not found", "status": 404})
                return
            self._send(200, self.fake.prediction_json(prediction))
            return
        if parts[:2] == ["v1", "models"] and len(parts) == 4:
            owner, name = parts[2], parts[3]
            if self.fake.model_answer is not None:
                self._send_raw(*self.fake.model_answer)
                return
            self._send(200, _model_json(owner, name))
            return
        self._send(404, {"title": "Not found", "detail": f"No route {path}", "status": 404})

    def do_POST(self) -> None:
        path = urlparse(self.path).path
        self.fake.requests.append(("POST", path))
        body = self._body()
        if not self._authorised():
            return
        parts = [p for p in path.split("/") if p]
        if parts[:2] == ["v1", "models"] and len(parts) == 5 and parts[4] == "predictions":
            self._create(f"{parts[2]}/{parts[3]}", "", body)
            return
        if parts == ["v1", "predictions"]:
            payload = json.loads(body or b"{}")
            version = str(payload.get("version", ""))
            model, _, digest = version.rpartition(":")
            if not model:
                model, digest = "community/model", version
            self._create(model, digest, body)
            return
        if parts[:2] == ["v1", "predictions"] and len(parts) == 4 and parts[3] == "cancel":
            self.fake.cancel_count += 1
            if self._apply("cancel"):
                return
            prediction = self.fake.predictions.get(parts[2])
            if prediction is None:
                self._send(404, {"title": "Not found", "detail": "Not found", "status": 404})
                return
            if self.fake.status_of(prediction) in ("starting", "processing"):
                prediction.canceled_at = time.monotonic()
            self._send(200, self.fake.prediction_json(prediction))
            return
        if parts == ["v1", "files"]:
            if self._apply("upload"):
                return
            self._upload(body)
            return
        self._send(404, {"title": "Not found", "detail": f"No route {path}", "status": 404})

    def _create(self, model: str, version: str, body: bytes) -> None:
        self.fake.create_attempts += 1
        if self._apply("create"):
            return
        payload = json.loads(body or b"{}")
        prediction = self.fake.create_prediction(model, version, dict(payload.get("input") or {}))
        self._send(201, self.fake.prediction_json(prediction, at_create=True))

    def _upload(self, body: bytes) -> None:
        content_type = self.headers.get("Content-Type", "")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        data = b""
        mime = "application/octet-stream"
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "content":
                data = part.get_payload(decode=True) or b""
                mime = part.get_content_type()
        file_id = uuid.uuid4().hex[:16]
        with self.fake._lock:
            self.fake.upload_count += 1
            self.fake.files[file_id] = (mime, data)
        self._send(
            201,
            {
                "id": file_id,
                "name": "upload",
                "content_type": mime,
                "size": len(data),
                "etag": hashlib.md5(data).hexdigest(),
                "checksums": {"sha256": hashlib.sha256(data).hexdigest()},
                "metadata": {},
                "created_at": _iso(time.time()),
                "expires_at": _iso(time.time() + 86400),
                "urls": {"get": f"{self.fake.url}/files/{file_id}"},
            },
        )

    def _deliver(self, prediction_id: str) -> None:
        self.fake.download_count += 1
        prediction = self.fake.predictions.get(prediction_id)
        if prediction is None or prediction.data_removed:
            self._send(404, {"detail": "This file has been deleted."})
            return
        fault = self.fake.take_fault("download")
        data = self.fake.output_bytes(prediction)
        if fault is not None and fault.status:
            self._problem(fault)
            return
        if fault is not None and fault.drop:
            self._drop()
            return
        if fault is not None and fault.not_image:
            data = b"<html><body>Access denied</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4" if prediction.kind == "video" else "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault is not None and fault.truncate:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._drop()
            return
        self.wfile.write(data)


def _model_json(owner: str, name: str) -> dict[str, Any]:
    return {
        "url": f"https://replicate.com/{owner}/{name}",
        "owner": owner,
        "name": name,
        "description": "fake model",
        "visibility": "public",
        "github_url": None,
        "paper_url": None,
        "license_url": None,
        "run_count": 1,
        "cover_image_url": None,
        "default_example": None,
        "latest_version": {
            "id": hashlib.sha256(f"{owner}/{name}".encode()).hexdigest(),
            "created_at": _iso(time.time()),
            "cog_version": "0.9.0",
            "openapi_schema": {
                "components": {
                    "schemas": {
                        "Input": {
                            "type": "object",
                            "properties": {
                                "prompt": {"type": "string"},
                                "seed": {"type": "integer"},
                            },
                        }
                    }
                }
            },
        },
    }
