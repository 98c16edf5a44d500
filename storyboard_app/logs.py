"""Logging to a rotating file in the data folder, with secrets scrubbed from every line."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re

from storyboard_app.paths import DataPaths

_TOKEN_PATTERNS = [
    re.compile(r"r8_[A-Za-z0-9]{8,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]+"),
    re.compile(r"(?i)(token[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
]


def scrub(text: str) -> str:
    """Remove anything that looks like an API token, and the current token itself."""
    token = os.environ.get("REPLICATE_API_TOKEN")
    if token and len(token) >= 4:
        text = text.replace(token, "[token]")
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[token]", text)
    return text


class ScrubbingFilter(logging.Filter):
    """Rewrites each record's message so no token reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file; a write that fails (disk full, folder gone) is dropped without a word.

    logging's default prints a traceback to stderr for every failed record — hundreds of
    lines when the disk fills during a round. The work that hit the same disk reports the
    problem once, in its own words; `failures` counts what the log lost.
    """

    failures = 0

    def handleError(self, record: logging.LogRecord) -> None:
        self.failures += 1


class QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler (console, or the fallback when the log folder cannot be made) that
    stays quiet when its stream fails, like QuietRotatingFileHandler."""

    failures = 0

    def handleError(self, record: logging.LogRecord) -> None:
        self.failures += 1


_current: tuple[str, logging.Handler] | None = None  # the one file handler of this process


def setup_logging(paths: DataPaths, *, console: bool = False, level: int = logging.INFO) -> None:
    """Log to `logs/storyboard.log` (rotated) of this data folder.

    Idempotent for one folder; pointing at another folder (tests, --self-test) replaces the
    previous file handler, so no handler is left writing into a folder that may be gone.
    """
    global _current
    key = str(paths.logs)
    log_file = paths.logs / "storyboard.log"
    root = logging.getLogger("storyboard_app")
    if _current is not None and _current[0] == key and log_file.exists():
        return
    if _current is not None:
        root.removeHandler(_current[1])
        _current[1].close()
        _current = None
    root.setLevel(level)
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = QuietRotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = QuietStreamHandler()
    handler.addFilter(ScrubbingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _current = (key, handler)
    if console:
        stream = QuietStreamHandler()
        stream.addFilter(ScrubbingFilter())
        root.addHandler(stream)
