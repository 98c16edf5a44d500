"""What a media file holds (duration, size, frame rate, streams), read from `ffmpeg -i`.

imageio-ffmpeg ships ffmpeg without ffprobe, so the header summary ffmpeg prints on stderr
is parsed instead; `decode` reads every frame to prove the file plays to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.media import ffmpeg


class MediaFileError(StoryboardError):
    """A clip or image file that is missing, unreadable or not media at all."""


@dataclass(frozen=True)
class MediaInfo:
    """The streams of one media file as ffmpeg reports them."""

    duration: float | None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    pixel_format: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    video_streams: int = 0
    audio_streams: int = 0

    @property
    def has_video(self) -> bool:
        return self.video_streams > 0

    @property
    def has_audio(self) -> bool:
        return self.audio_streams > 0


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_STREAM = re.compile(
    r"^\s*Stream #\d+:\d+(?:\[\w+\])?(?:\(\w+\))?:\s*(Video|Audio|Data|Subtitle):\s*(.*)$"
)
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_FPS = re.compile(r"([\d.]+)(k?)\s*fps\b")
_TBR = re.compile(r"([\d.]+)(k?)\s*tbr\b")
_RATE = re.compile(r"(\d+)\s*Hz")
_PIX = re.compile(r"^(yuv\w*|yuvj\w*|rgb\w*|bgr\w*|gray\w*|nv\d+\w*|pal8|argb|rgba|bgra|gbr\w*)")
_TIME = re.compile(r"time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_FRAME = re.compile(r"frame=\s*(\d+)")

_CHANNEL_LAYOUTS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "5.0": 5, "5.1": 6, "7.1": 8}


def _seconds(h: str, m: str, s: str) -> float:
    return int(h) * 3600 + int(m) * 60 + float(s)


def _rate(match: re.Match[str] | None) -> float | None:
    if match is None:
        return None
    value = float(match.group(1))
    return value * 1000 if match.group(2) else value


def _channels(details: str) -> int | None:
    for part in (p.strip() for p in details.split(",")):
        if part in _CHANNEL_LAYOUTS:
            return _CHANNEL_LAYOUTS[part]
        found = re.match(r"(\d+) channels", part)
        if found:
            return int(found.group(1))
    return None


def parse_ffmpeg_header(text: str) -> MediaInfo:
    """Read the input summary `ffmpeg -i` prints; raise MediaFileError when there is none."""
    duration = None
    found = _DURATION.search(text)
    if found:
        duration = _seconds(*found.groups())
    width = height = None
    fps = None
    video_codec = pixel_format = audio_codec = None
    sample_rate = channels = None
    videos = audios = 0
    for line in text.splitlines():
        stream = _STREAM.match(line)
        if not stream:
            continue
        kind, details = stream.groups()
        if kind == "Video":
            videos += 1
            if videos > 1:
                continue  # an attached cover picture; the first stream is the picture
            video_codec = details.split()[0].rstrip(",")
            parts = [p.strip() for p in re.split(r",(?![^(]*\))", details)]
            for part in parts[1:]:
                pix = _PIX.match(part)
                if pix and pixel_format is None:
                    pixel_format = pix.group(1)
            size = _SIZE.search(details)
            if size:
                width, height = int(size.group(1)), int(size.group(2))
            fps = _rate(_FPS.search(details)) or _rate(_TBR.search(details))
        elif kind == "Audio":
            audios += 1
            if audios > 1:
                continue
            audio_codec = details.split()[0].rstrip(",")
            rate = _RATE.search(details)
            sample_rate = int(rate.group(1)) if rate else None
            channels = _channels(details)
    if not videos and not audios:
        raise MediaFileError("ffmpeg found no picture or sound in it")
    return MediaInfo(
        duration=duration,
        width=width,
        height=height,
        fps=fps,
        video_codec=video_codec,
        pixel_format=pixel_format,
        audio_codec=audio_codec,
        sample_rate=sample_rate,
        channels=channels,
        video_streams=videos,
        audio_streams=audios,
    )


def _last_error_line(text: str, path: Path) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in reversed(lines):
        if str(path) in line or "Invalid data" in line or "moov atom" in line:
            return line.replace(str(path), path.name)
    return lines[-1] if lines else "ffmpeg could not read it"


def probe(path: Path) -> MediaInfo:
    """Describe a media file; raise MediaFileError for a missing or unreadable one."""
    path = Path(path)
    if not path.is_file():
        raise MediaFileError(f"{path} does not exist")
    text = ffmpeg.run(["-i", str(path)], timeout=60).stderr
    if "Stream #" not in text:
        raise MediaFileError(
            f"{path.name} is not a readable video ({_last_error_line(text, path)})"
        )
    return parse_ffmpeg_header(text)


@dataclass(frozen=True)
class DecodeResult:
    """What decoding a whole file produced."""

    frames: int
    duration: float
    info: MediaInfo


def decode(path: Path) -> DecodeResult:
    """Decode every frame (no output written); raise MediaFileError when decoding fails."""
    path = Path(path)
    info = probe(path)
    result = ffmpeg.run(
        ["-v", "error", "-stats", "-xerror", "-i", str(path), "-f", "null", "-"], timeout=600
    )
    if not result.ok:
        raise MediaFileError(
            f"{path.name} does not decode: {_last_error_line(result.stderr, path)}"
        )
    stats = result.stderr.replace("\r", "\n")
    times = _TIME.findall(stats)
    frames = _FRAME.findall(stats)
    return DecodeResult(
        frames=int(frames[-1]) if frames else 0,
        duration=_seconds(*times[-1]) if times else 0.0,
        info=info,
    )
