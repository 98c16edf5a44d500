"""The pieces of the final video: the common format, and each clip or still normalised to it.

Every piece (a clip, or a still shown for N seconds) is normalised once to one common
format — size, frame rate, pixel format, codec settings and a stereo AAC track (silent when
the source has none) — and cached under the data folder's cache, keyed by the source's hash
and the format. `media.video` joins the pieces. Blocking: call from a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError
from storyboard_app.media import ffmpeg
from storyboard_app.media.atomic import temporary_sibling
from storyboard_app.media.ffmpeg import CancelCheck
from storyboard_app.media.probe import MediaFileError, MediaInfo, probe
from storyboard_app.media.store_paths import is_storage_id

log = logging.getLogger(__name__)

MAX_WIDTH, MAX_HEIGHT = 1920, 1080
DEFAULT_FPS = 24
DEFAULT_LONG_SIDE = 1280
SAMPLE_RATE = 48_000
# Bump when the normalisation command changes, so old cache entries are not reused.
NORMALISE_VERSION = 1


class AssemblyCancelledError(ffmpeg.FfmpegCancelledError):
    """The user stopped the assembly; no output file was written."""


class AssemblyError(ffmpeg.FfmpegFailedError):
    """ffmpeg could not make the video; the message names the shot and what to do."""


@dataclass(frozen=True)
class Segment:
    """One piece of the final video: a clip, or a still image held for `duration` seconds."""

    label: str  # names the shot in messages, e.g. "scene 1, shot 2"
    source: Path  # unused for a slate
    kind: Literal["clip", "still", "slate"]
    duration: float | None = None  # None: a clip's own length (required for a still, slate)
    shot_id: int | None = None
    caption: str = ""  # a slate's card text: "S01 SH03 — title — no final image"
    code: str = ""  # what a burn-in shows: "S01 SH03"


@dataclass(frozen=True)
class VideoFormat:
    """The one format every piece is normalised to."""

    width: int = 1280
    height: int = 720
    fps: int = DEFAULT_FPS
    crf: int = 20
    preset: str = "veryfast"

    def __post_init__(self) -> None:
        if self.width % 2 or self.height % 2 or self.width <= 0 or self.height <= 0:
            raise InvalidInputError(f"Video size {self.width}×{self.height} must be even.")
        if not 1 <= self.fps <= 120:
            raise InvalidInputError(f"Frame rate {self.fps} must be between 1 and 120.")

    @property
    def key(self) -> str:
        size = f"{self.width}x{self.height}p{self.fps}"
        return f"{size}-crf{self.crf}-{self.preset}-v{NORMALISE_VERSION}"

    @classmethod
    def for_ratio(
        cls, ratio: str, fps: int = DEFAULT_FPS, long_side: int = DEFAULT_LONG_SIDE
    ) -> VideoFormat:
        """The frame of an aspect ratio ("16:9" → 1280×720, "2.39:1" → 1280×536), even sides."""
        width, height = frame_size(ratio, long_side)
        return cls(width=width, height=height, fps=fps)


def frame_size(ratio: str, long_side: int = DEFAULT_LONG_SIDE) -> tuple[int, int]:
    """Width and height for `ratio` ("9:16", "2.39:1") with `long_side` pixels on the long side,
    both even; an unreadable ratio reads as 16:9."""
    try:
        w, _, h = ratio.partition(":")
        value = float(w) / float(h)
    except (ValueError, ZeroDivisionError):
        value = 16 / 9
    if not 0.1 <= value <= 10:
        value = 16 / 9
    long_side = max(2, long_side // 2 * 2)
    short = max(2, round(long_side / max(value, 1 / value) / 2) * 2)
    return (long_side, short) if value >= 1 else (short, long_side)


def cancelled_error() -> AssemblyCancelledError:
    return AssemblyCancelledError("The video assembly was cancelled; no file was written.")


def run_ffmpeg(
    args: Sequence[str],
    *,
    what: str,
    expected_seconds: float = 0.0,
    progress: Callable[[float], None] | None = None,
    cancel: CancelCheck | None = None,
) -> None:
    """`ffmpeg.run_with_progress`, its failures said as the assembly's own errors."""
    try:
        ffmpeg.run_with_progress(
            args, what=what, expected_seconds=expected_seconds, progress=progress, cancel=cancel
        )
    except ffmpeg.FfmpegCancelledError as exc:
        raise cancelled_error() from exc
    except ffmpeg.FfmpegFailedError as exc:
        raise AssemblyError(str(exc)) from exc


# -- the common format ---------------------------------------------------------------------


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def fit_size(width: int, height: int) -> tuple[int, int]:
    """Scale a size down to fit 1920×1080 (never up) and make both sides even."""
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    return _even(width * scale), _even(height * scale)


def choose_format(
    clips: Sequence[MediaInfo], still_sizes: Sequence[tuple[int, int]]
) -> VideoFormat:
    """The most common clip size and frame rate; with no clips, the first still's size."""
    sizes = [(c.width, c.height) for c in clips if c.width and c.height]
    if sizes:
        width, height = Counter(sizes).most_common(1)[0][0]
    elif still_sizes:
        width, height = still_sizes[0]
    else:
        width, height = 1280, 720
    rates = [round(c.fps) for c in clips if c.fps and 1 <= c.fps <= 120]
    fps = Counter(rates).most_common(1)[0][0] if rates else DEFAULT_FPS
    w, h = fit_size(width, height)
    return VideoFormat(width=w, height=h, fps=fps)


def frames_for(seconds: float, fps: int) -> int:
    """Whole frames for a duration (at least one)."""
    return max(1, round(seconds * fps))


# -- normalising one piece -----------------------------------------------------------------


def file_key(path: Path) -> str:
    """The content hash of a file (a media-store file's name already is its SHA-256)."""
    if is_storage_id(path.name):
        return path.name
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _video_filter(fmt: VideoFormat, hold_seconds: float) -> str:
    chain = (
        f"scale={fmt.width}:{fmt.height}:force_original_aspect_ratio=decrease:flags=bicubic,"
        f"pad={fmt.width}:{fmt.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,"
        f"fps={fmt.fps},format=yuv420p"
    )
    if hold_seconds > 0:  # a clip shorter than its shot holds its last frame
        chain += f",tpad=stop_mode=clone:stop_duration={hold_seconds:.3f}"
    return chain


def encode_args(fmt: VideoFormat, frames: int, seconds: float) -> list[str]:
    return [
        "-c:v",
        "libx264",
        "-preset",
        fmt.preset,
        "-crf",
        str(fmt.crf),
        "-profile:v",
        "high",
        "-pix_fmt",
        "yuv420p",
        "-g",
        str(fmt.fps * 2),
        "-r",
        str(fmt.fps),
        "-video_track_timescale",
        str(fmt.fps * 1000),
        "-frames:v",
        str(frames),
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-ar",
        str(SAMPLE_RATE),
        "-ac",
        "2",
        "-t",
        f"{seconds:.6f}",
        "-map_metadata",
        "-1",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
    ]


def _normalise_args(
    segment: Segment, info: MediaInfo | None, fmt: VideoFormat, seconds: float
) -> list[str]:
    frames = frames_for(seconds, fmt.fps)
    exact = frames / fmt.fps
    silence = f"anullsrc=r={SAMPLE_RATE}:cl=stereo"
    audio_chain = f"aresample={SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,apad"
    if segment.kind == "still":
        return [
            "-loop",
            "1",
            "-framerate",
            str(fmt.fps),
            "-t",
            f"{exact:.6f}",
            "-i",
            str(segment.source),
            "-f",
            "lavfi",
            "-t",
            f"{exact:.6f}",
            "-i",
            silence,
            "-filter_complex",
            f"[0:v]{_video_filter(fmt, 0)}[v];[1:a]{audio_chain}[a]",
            "-map",
            "[v]",
            "-map",
            "[a]",
            *encode_args(fmt, frames, exact),
        ]
    assert info is not None
    own = info.duration or exact
    hold = max(0.0, exact - own) + 1.0 / fmt.fps
    inputs = ["-i", str(segment.source)]
    if info.has_audio:
        audio = f"[0:a:0]{audio_chain}[a]"
    else:
        inputs += ["-f", "lavfi", "-i", silence]
        audio = f"[1:a]{audio_chain}[a]"
    return [
        *inputs,
        "-filter_complex",
        f"[0:v:0]{_video_filter(fmt, hold)}[v];{audio}",
        "-map",
        "[v]",
        "-map",
        "[a]",
        *encode_args(fmt, frames, exact),
    ]


@dataclass(frozen=True)
class PreparedSegment:
    """A segment with its source checked and its length settled."""

    segment: Segment
    info: MediaInfo | None  # None for a still
    seconds: float  # whole frames of the target rate
    key: str  # the source's content hash


def _check_still(segment: Segment) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(segment.source) as img:
            img.load()
            return img.size
    except FileNotFoundError as exc:
        raise MediaFileError(
            f"The image of {segment.label} is missing ({segment.source}). Run "
            "`storyboard-app media verify`, or pick the shot's final image again."
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise MediaFileError(
            f"The image of {segment.label} is damaged ({segment.source.name}: {exc}). "
            "Pick another final image for the shot."
        ) from exc


def cached_probe(path: Path, cache_dir: Path | None, key: str | None = None) -> MediaInfo:
    """`probe`, remembered under the cache by content hash (the same bytes probe the same)."""
    if cache_dir is None:
        return probe(path)
    entry = cache_dir / "probe" / f"{(key or file_key(path))[:40]}.json"
    try:
        return MediaInfo(**json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    info = probe(path)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_sibling(entry)
        tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        log.warning("could not cache the probe of %s", path.name)
    return info


def prepare_segments(
    segments: Sequence[Segment],
    fmt: VideoFormat | None = None,
    cache_dir: Path | None = None,
) -> tuple[list[PreparedSegment], VideoFormat]:
    """Check every source (naming the shot when one is missing or damaged) and settle lengths."""
    if not segments:
        raise InvalidInputError(
            "There is nothing to assemble: no shot has a final image. Pick final images first."
        )
    infos: list[MediaInfo | None] = []
    keys: list[str] = []
    still_sizes: list[tuple[int, int]] = []
    if all(segment.kind == "slate" for segment in segments):
        raise InvalidInputError(
            "There is nothing to assemble: no shot has a final image. Pick final images first."
        )
    for segment in segments:
        if segment.kind == "slate":
            infos.append(None)
            keys.append(hashlib.sha256(f"slate\x00{segment.caption}".encode()).hexdigest())
            continue
        if segment.kind == "still":
            still_sizes.append(_check_still(segment))
            infos.append(None)
            keys.append(file_key(segment.source))
            continue
        if not segment.source.is_file():
            raise MediaFileError(
                f"The clip of {segment.label} is missing ({segment.source}). Animate the shot "
                "again, or run `storyboard-app media verify`."
            )
        keys.append(file_key(segment.source))
        try:
            info = cached_probe(segment.source, cache_dir, keys[-1])
        except MediaFileError as exc:
            raise MediaFileError(
                f"The clip of {segment.label} is damaged: {exc}. Animate the shot again."
            ) from exc
        if not info.has_video or not info.width or not info.height:
            raise MediaFileError(
                f"The clip of {segment.label} has no picture. Animate the shot again."
            )
        infos.append(info)
    if fmt is None:
        fmt = choose_format([i for i in infos if i is not None], still_sizes)
    prepared = []
    for segment, maybe_info, key in zip(segments, infos, keys, strict=True):
        seconds = segment.duration
        if seconds is None and maybe_info is not None:
            seconds = maybe_info.duration
        if seconds is None or seconds <= 0:
            raise InvalidInputError(
                f"{segment.label} has no length; set its duration in the storyboard."
            )
        exact = frames_for(seconds, fmt.fps) / fmt.fps
        prepared.append(PreparedSegment(segment, maybe_info, exact, key))
    return prepared, fmt


def normalised_path(cache_dir: Path, piece: PreparedSegment, fmt: VideoFormat) -> Path:
    """Where the normalised copy of a piece is cached."""
    source_key = piece.key
    millis = round(piece.seconds * 1000)
    name = f"{source_key[:40]}-{piece.segment.kind}-{millis}ms-{fmt.key}.mp4"
    return cache_dir / "normalised" / name


def normalise(
    piece: PreparedSegment,
    fmt: VideoFormat,
    cache_dir: Path,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[Path, bool]:
    """The cached normalised copy of a piece (made now if missing); True when it was cached."""
    target = normalised_path(cache_dir, piece, fmt)
    if target.is_file() and target.stat().st_size > 0:
        return target, True
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblemError(
            f"The cache folder {target.parent} cannot be written ({exc.strerror or exc})."
        ) from exc
    segment = piece.segment
    if segment.kind == "slate":  # drawn at the video's own size, then held like a still
        segment = replace(segment, source=slate_picture(cache_dir, piece, fmt), kind="still")
    tmp = temporary_sibling(target)
    try:
        run_ffmpeg(
            [*_normalise_args(segment, piece.info, fmt, piece.seconds), str(tmp)],
            what=f"the {piece.segment.kind} of {piece.segment.label}",
            expected_seconds=piece.seconds,
            progress=progress,
            cancel=cancel,
        )
        os.replace(tmp, target)
    except AssemblyError as exc:
        raise AssemblyError(
            f"The {piece.segment.kind} of {piece.segment.label} could not be converted "
            f"({exc}). Animate the shot again or pick another image."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target, False


def slate_picture(cache_dir: Path, piece: PreparedSegment, fmt: VideoFormat) -> Path:
    """The slate's card as a PNG at the video's size, drawn once into the cache."""
    from storyboard_app.media.slate import draw_slate

    target = cache_dir / "slates" / f"{piece.key[:40]}-{fmt.width}x{fmt.height}.png"
    if target.is_file() and target.stat().st_size > 0:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_sibling(target)
        tmp.write_bytes(draw_slate(piece.segment.caption, (fmt.width, fmt.height)))
        os.replace(tmp, target)
    except OSError as exc:
        raise EnvironmentProblemError(
            f"The cache folder {target.parent} cannot be written ({exc.strerror or exc})."
        ) from exc
    return target
