"""The one way ffmpeg is found and run: exit codes, stderr, time limits, failures in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.media import ffmpeg


def test_the_binary_is_found_once() -> None:
    exe = ffmpeg.ffmpeg_exe()
    assert Path(exe).is_file()
    assert ffmpeg.ffmpeg_exe() is exe  # remembered, not looked up again


def test_a_short_run_gives_its_exit_code_and_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "missing.mp4"
    result = ffmpeg.run(["-i", str(missing)], timeout=30)
    assert not result.ok
    assert "No such file" in result.last_line()
    assert "ffmpeg version" not in result.stderr  # the banner is always hidden


def test_a_run_past_its_time_limit_is_an_environment_problem() -> None:
    endless = ["-re", "-f", "lavfi", "-i", "testsrc=rate=1", "-f", "null", "-"]
    with pytest.raises(ffmpeg.FfmpegStartError, match="did not finish within"):
        ffmpeg.run(endless, timeout=0.5)


def test_failures_are_said_in_words() -> None:
    full = ffmpeg.failure("[out] Error: No space left on device\n", "the video")
    assert isinstance(full, EnvironmentProblemError) and "disk is full" in str(full)
    other = ffmpeg.failure("first\nInvalid data found when processing input\n", "the clip")
    assert isinstance(other, ffmpeg.FfmpegFailedError)
    assert str(other) == "ffmpeg could not make the clip: Invalid data found when processing input"


def test_a_long_run_reports_progress_and_stops_when_cancelled(tmp_path: Path) -> None:
    seen: list[float] = []
    target = tmp_path / "out.mkv"
    source = ["-re", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=10", "-t", "30"]
    with pytest.raises(ffmpeg.FfmpegCancelledError, match="no file was written"):
        ffmpeg.run_with_progress(
            [*source, "-f", "matroska", str(target)],
            what="a test",
            expected_seconds=30,
            progress=seen.append,
            cancel=lambda: len(seen) >= 3 and seen[-1] > 0,
        )
    assert seen and all(0 <= f < 1 for f in seen)
