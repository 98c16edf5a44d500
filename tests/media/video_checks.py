"""Reading an MP4 back for the video tests: its top-level boxes, start, frame rate, frames."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av


def top_level_boxes(path: Path) -> list[str]:
    """The types of the file's top-level boxes, in file order."""
    data = path.read_bytes()
    kinds: list[str] = []
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, pos)
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
        elif size == 0:
            size = len(data) - pos
        assert size >= 8, f"a broken box at {pos}"
        kinds.append(kind.decode("latin-1"))
        pos += size
    assert pos == len(data), "the boxes do not fill the file"
    return kinds


@dataclass(frozen=True)
class VideoFacts:
    """What PyAV reads from a finished video."""

    boxes: list[str]
    start: float  # the container's start time
    first_frame: float  # the first decoded picture's time
    duration: float  # the container's
    video_duration: float  # frames / rate
    rate: Fraction
    width: int
    height: int
    frames: int


def video_facts(path: Path) -> VideoFacts:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times = [float(frame.time) for frame in container.decode(video=0) if frame.time is not None]
        assert container.duration is not None
        return VideoFacts(
            boxes=top_level_boxes(path),
            start=(container.start_time or 0) / av.time_base,
            first_frame=min(times),
            duration=container.duration / av.time_base,
            video_duration=len(times) / float(stream.average_rate or 1),
            rate=Fraction(stream.average_rate or 0),
            width=stream.width,
            height=stream.height,
            frames=len(times),
        )


def frame_at(path: Path, seconds: float) -> av.VideoFrame:
    """The first decoded picture at or after `seconds`."""
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= seconds - 1e-6:
                return frame
    raise AssertionError(f"no picture at {seconds} s")


def moov_before_mdat(boxes: list[str]) -> bool:
    return "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")
