"""The one place that finds the ffmpeg binary (bundled by imageio-ffmpeg) and runs it.

`run` is for short jobs whose stderr the caller reads (probing, checking, a thumbnail);
`run_with_progress` is for long jobs (normalising, joining): it reports progress from
ffmpeg's `-progress` file and kills ffmpeg the moment `cancel()` turns True. Both block:
call them from a worker thread, never the GUI thread.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError, StoryboardError

CancelCheck = Callable[[], bool]
"""Returns True when the user asked to stop."""

QUIET = ("-hide_banner", "-nostdin")


class FfmpegStartError(EnvironmentProblemError):
    """ffmpeg could not be started, or did not finish in time."""


class FfmpegFailedError(StoryboardError):
    """ffmpeg ran and failed; the message names what it was making and its last error line."""


class FfmpegCancelledError(StoryboardError):
    """`cancel()` turned True and ffmpeg was killed; nothing was written."""


@cache
def ffmpeg_exe() -> str:
    """The ffmpeg binary bundled with imageio-ffmpeg."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


@dataclass(frozen=True)
class FfmpegOutput:
    """How a short ffmpeg run ended."""

    returncode: int
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def last_line(self, default: str = "?") -> str:
        lines = [ln.strip() for ln in self.stderr.splitlines() if ln.strip()]
        return lines[-1] if lines else default


def run(args: Sequence[str], *, timeout: float) -> FfmpegOutput:
    """Run `ffmpeg -hide_banner -nostdin ARGS`; its exit code and stderr (text).

    Raises FfmpegStartError when the binary cannot be started or overruns `timeout`.
    """
    try:
        result = subprocess.run(
            [ffmpeg_exe(), *QUIET, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise FfmpegStartError(f"ffmpeg did not finish within {timeout:g} s.") from exc
    except OSError as exc:
        raise FfmpegStartError(
            f"Cannot start ffmpeg ({exc.strerror or exc}); reinstall the app."
        ) from exc
    return FfmpegOutput(result.returncode, result.stderr.decode("utf-8", "replace"))


def failure(stderr: str, what: str) -> StoryboardError:
    """The error for a failed run making `what`: a full disk and permissions said plainly."""
    low = stderr.lower()
    if "no space left on device" in low:
        return EnvironmentProblemError(
            f"The disk is full while making {what}. Free some space and try again; nothing "
            "half-written was kept."
        )
    if "permission denied" in low:
        return EnvironmentProblemError(f"Permission denied while making {what}.")
    detail = FfmpegOutput(1, stderr).last_line("ffmpeg failed")
    return FfmpegFailedError(f"ffmpeg could not make {what}: {detail[:300]}")


def run_with_progress(
    args: Sequence[str],
    *,
    what: str,
    expected_seconds: float = 0.0,
    progress: Callable[[float], None] | None = None,
    cancel: CancelCheck | None = None,
) -> None:
    """Run `ffmpeg -y ARGS`; report progress (0..1), kill it when `cancel()` turns True.

    Raises FfmpegCancelledError when cancelled, `failure(...)` when ffmpeg fails.
    """
    with tempfile.TemporaryDirectory(prefix="sb-ffmpeg-") as tmp:
        progress_file = Path(tmp) / "progress.txt"
        err_file = Path(tmp) / "stderr.txt"
        command = [ffmpeg_exe(), *QUIET, "-y", "-v", "error", "-progress", str(progress_file)]
        with err_file.open("w", encoding="utf-8", errors="replace") as err:
            try:
                proc = subprocess.Popen([*command, *args], stdout=subprocess.DEVNULL, stderr=err)
            except OSError as exc:
                raise FfmpegStartError(
                    f"Cannot start ffmpeg ({exc.strerror or exc}); reinstall the app."
                ) from exc
            # A helper thread reaps ffmpeg so this thread wakes the moment it exits, while
            # still checking for cancel and reporting progress (on the caller's thread).
            exited = threading.Event()

            def reap() -> None:
                proc.wait()
                exited.set()

            reaper = threading.Thread(target=reap, name="ffmpeg-reaper", daemon=True)
            reaper.start()
            try:
                while not exited.wait(0.05):
                    if cancel is not None and cancel():
                        proc.kill()
                        exited.wait()
                        raise FfmpegCancelledError(
                            f"Making {what} was cancelled; no file was written."
                        )
                    if progress is not None and expected_seconds > 0:
                        done = _progress_seconds(progress_file)
                        if done is not None:
                            progress(min(1.0, done / expected_seconds))
            except BaseException:
                if proc.poll() is None:
                    proc.kill()
                exited.wait()
                raise
            finally:
                reaper.join()
        if proc.returncode != 0:
            raise failure(err_file.read_text(encoding="utf-8", errors="replace"), what)
        if progress is not None:
            progress(1.0)


def _progress_seconds(progress_file: Path) -> float | None:
    try:
        text = progress_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in reversed(text.splitlines()):
        if line.startswith("out_time_us="):
            try:
                return int(line.split("=", 1)[1]) / 1_000_000
            except ValueError:
                return None
    return None
