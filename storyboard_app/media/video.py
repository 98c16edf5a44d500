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

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.media.atomic import atomic_path
from storyboard_app.media.burn_in import burn_in_filter
from storyboard_app.media.ffmpeg import CancelCheck
from storyboard_app.media.mp4_boxes import read_mp4_layout
from storyboard_app.media.video_pieces import (
    AssemblyCancelledError,
    AssemblyError,
    PreparedSegment,
    Segment,
    VideoFormat,
    cached_probe,
    cancelled_error,
    encode_args,
    fit_size,
    frames_for,
    normalise,
    prepare_segments,
    run_ffmpeg,
)

__all__ = [
    "AssemblyCancelledError",
    "AssemblyError",
    "AssemblyResult",
    "CancelCheck",
    "PreparedSegment",
    "Progress",
    "Segment",
    "VideoFormat",
    "assemble_video",
    "cached_probe",
    "fit_size",
    "plan_direct_join",
    "run_ffmpeg",
    "with_duration",
]

Progress = Callable[[float, str], None]
"""Called with the fraction done (0..1) and what is happening."""


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


# -- joining -------------------------------------------------------------------------------


def _concat_list(paths: Sequence[Path]) -> str:
    def quoted(p: Path) -> str:
        return "'" + str(p).replace("'", "'\\''") + "'"

    return "ffconcat version 1.0\n" + "".join(f"file {quoted(p)}\n" for p in paths)


def _crossfade_args(
    pieces: Sequence[Path], seconds: Sequence[float], fade: float, burn: str | None = None
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
    return inputs, ";".join(graph) + f";{v_prev}{burn or 'null'}[vout];{a_prev}anull[aout]"


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


def _join(
    pieces: Sequence[Path],
    seconds: Sequence[float],
    target: Path,
    *,
    fmt: VideoFormat,
    crossfade: float,
    progress: Callable[[float], None],
    cancel: CancelCheck | None,
    burn: str | None = None,
) -> float:
    """Join `pieces` in order into `target` (written atomically); the output's length.

    Every path writes the index (moov) before the media (faststart) and starts at 0: the
    stream copy keeps the pieces' own timestamps (`-copyts`), so the AAC priming of the
    first piece does not push the picture back by an empty edit. `burn` (a `drawtext`
    chain) re-encodes the picture with the burn-in drawn over it.
    """
    total = sum(seconds)
    fading = crossfade > 0 and len(pieces) > 1
    out_seconds = total - crossfade * (len(pieces) - 1) if fading else total
    list_file: Path | None = None
    with atomic_path(Path(target), "video") as tmp:
        if fading:
            inputs, graph = _crossfade_args(pieces, seconds, crossfade, burn)
            args = [
                *inputs,
                "-filter_complex",
                graph,
                "-map",
                "[vout]",
                "-map",
                "[aout]",
                *encode_args(fmt, frames_for(out_seconds, fmt.fps), out_seconds),
                str(tmp),
            ]
        else:
            list_file = tmp.with_name(tmp.name + ".ffconcat")
            list_file.write_text(_concat_list(pieces), encoding="utf-8")
            concat = ["-f", "concat", "-safe", "0", "-i", str(list_file)]
            if burn:
                args = [
                    *concat,
                    "-filter_complex",
                    f"[0:v]{burn}[vout]",
                    "-map",
                    "[vout]",
                    "-map",
                    "0:a?",
                    *encode_args(fmt, frames_for(out_seconds, fmt.fps), out_seconds),
                    str(tmp),
                ]
            else:
                args = [
                    *concat,
                    "-map",
                    "0",
                    "-c",
                    "copy",
                    "-copyts",
                    "-movflags",
                    "+faststart",
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
            raise cancelled_error()
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
    burn_in: bool = False,
) -> AssemblyResult:
    """Join the clips directly when they share one format, else normalise (or reuse) every
    piece and join them in order; write `target` atomically.

    Raises MediaFileError naming the shot for a missing or damaged source,
    AssemblyCancelledError when `cancel()` turned True, EnvironmentProblemError for a full
    disk or an unwritable path. Nothing is ever left under `target` unless it is complete.
    `burn_in` draws each segment's `code` and a timecode from 01:00:00:00 over the picture.
    """
    started = time.perf_counter()
    report: Progress = progress or (lambda _f, _m: None)
    _check_crossfade(crossfade, [])
    direct = None if burn_in else plan_direct_join(segments, fmt, crossfade)
    if direct is not None:
        checked = time.perf_counter()
        if cancel is not None and cancel():
            raise cancelled_error()
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
            raise cancelled_error()
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
    seconds = [p.seconds for p in prepared]
    fading = crossfade if len(pieces) > 1 else 0.0
    burn = (
        burn_in_filter([s.code for s in segments], seconds, fmt.fps, fmt.height, fading)
        if burn_in
        else None
    )
    out_seconds = _join(
        pieces,
        seconds,
        target,
        fmt=fmt,
        crossfade=crossfade,
        progress=lambda fraction: report(weight + (1 - weight) * fraction, "Joining the shots"),
        cancel=cancel,
        burn=burn,
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
