"""Assemble the final video from clips and stills with the ffmpeg bundled by imageio-ffmpeg.

When every piece is a clip and all the clips share one H.264 + AAC MP4 format (byte-identical
codec configuration, read from their headers without running ffmpeg) and each lasts exactly
its shot, they are joined directly with the concat demuxer and `-c copy`: as fast as a bare
concat, cold cache included. Otherwise every piece (a clip, or a still shown for N seconds)
is normalised once to one common format — size, frame rate, pixel format, codec settings and
a stereo AAC track (silent when the source has none) — and cached under the data folder's
cache, keyed by the source's hash and the format. Identical pieces are then joined with the
concat demuxer and stream copy; `-c copy` is never used over pieces that differ.
Crossfades re-encode.

These are plain blocking functions: call them from a worker thread, never the GUI thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError, StoryboardError
from storyboard_app.media.atomic import atomic_path, temporary_sibling
from storyboard_app.media.layout import is_storage_id
from storyboard_app.media.mp4_layout import read_mp4_layout
from storyboard_app.media.probe import MediaFileError, MediaInfo, ffmpeg_exe, probe

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
"""Called with the fraction done (0..1) and what is happening."""
CancelCheck = Callable[[], bool]
"""Returns True when the user asked to stop."""

MAX_WIDTH, MAX_HEIGHT = 1920, 1080
DEFAULT_FPS = 24
SAMPLE_RATE = 48_000
# Bump when the normalisation command changes, so old cache entries are not reused.
NORMALISE_VERSION = 1


class AssemblyCancelledError(StoryboardError):
    """The user stopped the assembly; no output file was written."""


class AssemblyError(StoryboardError):
    """ffmpeg could not make the video; the message names the shot and what to do."""


@dataclass(frozen=True)
class Segment:
    """One piece of the final video: a clip, or a still image held for `duration` seconds."""

    label: str  # names the shot in messages, e.g. "scene 1, shot 2"
    source: Path
    kind: Literal["clip", "still"]
    duration: float | None = None  # None: a clip's own length (required for a still)
    shot_id: int | None = None


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


@dataclass(frozen=True)
class AssemblyResult:
    """What `assemble_video` wrote."""

    path: Path
    duration: float
    format: VideoFormat
    segments: int
    cache_hits: int
    crossfade: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    # True: the clips shared one format and were stream-copied, nothing was re-encoded.
    joined_directly: bool = False


# -- running ffmpeg ------------------------------------------------------------------------


def _ffmpeg_failure(stderr: str, what: str) -> StoryboardError:
    low = stderr.lower()
    if "no space left on device" in low:
        return EnvironmentProblemError(
            f"The disk is full while making {what}. Free some space and try again; nothing "
            "half-written was kept."
        )
    if "permission denied" in low:
        return EnvironmentProblemError(f"Permission denied while making {what}.")
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    detail = lines[-1] if lines else "ffmpeg failed"
    return AssemblyError(f"ffmpeg could not make {what}: {detail[:300]}")


def run_ffmpeg(
    args: Sequence[str],
    *,
    what: str,
    expected_seconds: float = 0.0,
    progress: Callable[[float], None] | None = None,
    cancel: CancelCheck | None = None,
) -> None:
    """Run ffmpeg with `args`; report progress (0..1), kill it when `cancel()` turns True."""
    with tempfile.TemporaryDirectory(prefix="sb-ffmpeg-") as tmp:
        progress_file = Path(tmp) / "progress.txt"
        err_file = Path(tmp) / "stderr.txt"
        command = [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-progress",
            str(progress_file),
            *args,
        ]
        with err_file.open("w", encoding="utf-8", errors="replace") as err:
            try:
                proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
            except OSError as exc:
                raise EnvironmentProblemError(
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
                        raise AssemblyCancelledError(
                            "The video assembly was cancelled; no file was written."
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
            raise _ffmpeg_failure(err_file.read_text(encoding="utf-8", errors="replace"), what)
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


def _encode_args(fmt: VideoFormat, frames: int, seconds: float) -> list[str]:
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
            *_encode_args(fmt, frames, exact),
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
        *_encode_args(fmt, frames, exact),
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
    for segment in segments:
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
    tmp = temporary_sibling(target)
    try:
        run_ffmpeg(
            [*_normalise_args(piece.segment, piece.info, fmt, piece.seconds), str(tmp)],
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


# -- joining -------------------------------------------------------------------------------


def _concat_list(paths: Sequence[Path]) -> str:
    def quoted(p: Path) -> str:
        return "'" + str(p).replace("'", "'\\''") + "'"

    return "ffconcat version 1.0\n" + "".join(f"file {quoted(p)}\n" for p in paths)


def _crossfade_args(
    pieces: Sequence[Path], seconds: Sequence[float], fade: float
) -> tuple[list[str], str]:
    inputs: list[str] = []
    for path in pieces:
        inputs += ["-i", str(path)]
    graph: list[str] = []
    v_prev, a_prev = "[0:v]", "[0:a]"
    offset = 0.0
    for i in range(1, len(pieces)):
        offset += seconds[i - 1] - fade
        v_out, a_out = f"[v{i}]", f"[a{i}]"
        graph.append(
            f"{v_prev}[{i}:v]xfade=transition=fade:duration={fade:.3f}:offset={offset:.3f}{v_out}"
        )
        graph.append(f"{a_prev}[{i}:a]acrossfade=d={fade:.3f}{a_out}")
        v_prev, a_prev = v_out, a_out
    return inputs, ";".join(graph) + f";{v_prev}null[vout];{a_prev}anull[aout]"


# AVCProfileIndication values that are always 8-bit 4:2:0 (what the normalised pieces are).
_PLAIN_H264_PROFILES = frozenset({66, 77, 88, 100})


@dataclass(frozen=True)
class DirectJoin:
    """Clips that can be joined with `-c copy` as they are: their common format and lengths."""

    format: VideoFormat
    durations: list[float]


def plan_direct_join(
    segments: Sequence[Segment], fmt: VideoFormat | None = None, crossfade: float = 0.0
) -> DirectJoin | None:
    """The direct join when every piece is a clip of one identical MP4 format, else None.

    It applies when there are no stills and no crossfade, every clip is a complete H.264
    (8-bit 4:2:0) + AAC MP4 whose codec configuration, size, frame rate and sound are
    byte-identical to the others', the size needs no scaling (even, within 1920×1080),
    `fmt` (if given) asks for that same size and rate, and each shot lasts its clip's own
    length within half a frame. Reading the headers costs about a millisecond per clip.
    """
    if not segments or (crossfade > 0 and len(segments) > 1):
        return None
    if any(segment.kind != "clip" for segment in segments):
        return None
    layouts = []
    for segment in segments:
        layout = read_mp4_layout(segment.source)
        if layout is None:
            return None
        layouts.append(layout)
    first = layouts[0]
    if any(layout.signature != first.signature for layout in layouts[1:]):
        return None
    fps = round(first.fps)
    if abs(first.fps - fps) > 1e-3 or not 1 <= fps <= 120:
        return None
    if first.profile not in _PLAIN_H264_PROFILES:
        return None
    if fit_size(first.width, first.height) != (first.width, first.height):
        return None
    common = VideoFormat(width=first.width, height=first.height, fps=fps)
    if fmt is not None and (fmt.width, fmt.height, fmt.fps) != (first.width, first.height, fps):
        return None
    for segment, layout in zip(segments, layouts, strict=True):
        if segment.duration is not None and abs(segment.duration - layout.duration) > 0.5 / fps:
            return None
    return DirectJoin(fmt or common, [layout.duration for layout in layouts])


def _check_crossfade(crossfade: float, seconds: Sequence[float]) -> None:
    if crossfade < 0:
        raise InvalidInputError("A crossfade cannot be negative.")
    if crossfade > 0 and len(seconds) > 1:
        shortest = min(seconds)
        if crossfade >= shortest:
            raise InvalidInputError(
                f"A {crossfade:g}-second crossfade is longer than the shortest shot "
                f"({shortest:g} s); choose a shorter one."
            )


def _cancelled() -> AssemblyCancelledError:
    return AssemblyCancelledError("The video assembly was cancelled; no file was written.")


def _join(
    pieces: Sequence[Path],
    seconds: Sequence[float],
    target: Path,
    *,
    fmt: VideoFormat,
    crossfade: float,
    progress: Callable[[float], None],
    cancel: CancelCheck | None,
) -> float:
    """Join `pieces` in order into `target` (written atomically); the output's length."""
    total = sum(seconds)
    fading = crossfade > 0 and len(pieces) > 1
    out_seconds = total - crossfade * (len(pieces) - 1) if fading else total
    list_file: Path | None = None
    with atomic_path(Path(target), "video") as tmp:
        if fading:
            inputs, graph = _crossfade_args(pieces, seconds, crossfade)
            args = [
                *inputs,
                "-filter_complex",
                graph,
                "-map",
                "[vout]",
                "-map",
                "[aout]",
                *_encode_args(fmt, frames_for(out_seconds, fmt.fps), out_seconds),
                str(tmp),
            ]
        else:
            list_file = tmp.with_name(tmp.name + ".ffconcat")
            list_file.write_text(_concat_list(pieces), encoding="utf-8")
            args = [
                "-f",
                "concat",
                "-safe",
                "0",
                "-i",
                str(list_file),
                "-map",
                "0",
                "-c",
                "copy",
                "-f",
                "mp4",
                str(tmp),
            ]
        try:
            run_ffmpeg(
                args,
                what=f"the video {Path(target).name}",
                expected_seconds=out_seconds,
                progress=progress,
                cancel=cancel,
            )
        finally:
            if list_file is not None:
                list_file.unlink(missing_ok=True)
        if cancel is not None and cancel():  # asked to stop while ffmpeg was finishing
            raise _cancelled()
    return out_seconds


def assemble_video(
    segments: Sequence[Segment],
    target: Path,
    *,
    cache_dir: Path,
    fmt: VideoFormat | None = None,
    crossfade: float = 0.0,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> AssemblyResult:
    """Join the clips directly when they share one format, else normalise (or reuse) every
    piece and join them in order; write `target` atomically.

    Raises MediaFileError naming the shot for a missing or damaged source,
    AssemblyCancelledError when `cancel()` turned True, EnvironmentProblemError for a full
    disk or an unwritable path. Nothing is ever left under `target` unless it is complete.
    """
    started = time.perf_counter()
    report: Progress = progress or (lambda _f, _m: None)
    _check_crossfade(crossfade, [])
    direct = plan_direct_join(segments, fmt, crossfade)
    if direct is not None:
        checked = time.perf_counter()
        if cancel is not None and cancel():
            raise _cancelled()
        report(0.0, "Joining the shots")
        out_seconds = _join(
            [Path(segment.source) for segment in segments],
            direct.durations,
            target,
            fmt=direct.format,
            crossfade=0.0,
            progress=lambda fraction: report(fraction, "Joining the shots"),
            cancel=cancel,
        )
        done = time.perf_counter()
        report(1.0, "Done")
        return AssemblyResult(
            path=Path(target).expanduser().absolute(),
            duration=out_seconds,
            format=direct.format,
            segments=len(segments),
            cache_hits=0,
            timings={"check": checked - started, "normalise": 0.0, "join": done - checked},
            joined_directly=True,
        )

    prepared, fmt = prepare_segments(segments, fmt, cache_dir)
    _check_crossfade(crossfade, [p.seconds for p in prepared])
    checked = time.perf_counter()
    # Normalising takes most of the time on a cold cache; joining the rest.
    weight = 0.85
    pieces: list[Path] = []
    hits = 0
    for index, piece in enumerate(prepared):
        if cancel is not None and cancel():
            raise _cancelled()
        base = index / len(prepared)
        label = piece.segment.label
        report(weight * base, f"Preparing {label} ({index + 1} of {len(prepared)})")

        def step(fraction: float, base: float = base, label: str = label) -> None:
            report(weight * (base + fraction / len(prepared)), f"Preparing {label}")

        path, cached = normalise(piece, fmt, cache_dir, progress=step, cancel=cancel)
        hits += cached
        pieces.append(path)
    normalised = time.perf_counter()
    report(weight, "Joining the shots")
    out_seconds = _join(
        pieces,
        [p.seconds for p in prepared],
        target,
        fmt=fmt,
        crossfade=crossfade,
        progress=lambda fraction: report(weight + (1 - weight) * fraction, "Joining the shots"),
        cancel=cancel,
    )
    done = time.perf_counter()
    report(1.0, "Done")
    return AssemblyResult(
        path=Path(target).expanduser().absolute(),
        duration=out_seconds,
        format=fmt,
        segments=len(pieces),
        cache_hits=hits,
        crossfade=crossfade if len(pieces) > 1 else 0.0,
        timings={
            "check": checked - started,
            "normalise": normalised - checked,
            "join": done - normalised,
        },
    )


def with_duration(segment: Segment, seconds: float | None) -> Segment:
    """A copy of the segment lasting `seconds`."""
    return replace(segment, duration=seconds)
