"""Final video assembly: our pipeline against a bare `ffmpeg -f concat -c copy`.

Run: `.venv/bin/python benchmarks/assembly.py [--clips 20] [--seconds 2]`

Prints, for 20 clips of one format (H.264 + AAC MP4): the bare concat time, our time with a
cold cache (the headline: cold / bare, goal ≤ 1.2; such clips are joined directly with
`-c copy`, nothing is re-encoded) and with a warm one; then the times for 20 mixed clips
(sizes, codecs, frame rates, with and without sound), which are normalised first.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyboard_app.media.ffmpeg import ffmpeg_exe
from storyboard_app.media.store import MediaStore
from storyboard_app.media.video import Segment, assemble_video

MIXED = [
    # (size, fps, codec, audio, container)
    ((640, 360), 24, "libx264", True, "mp4"),
    ((480, 360), 30, "mpeg4", False, "mp4"),
    ((320, 180), 12, "libvpx-vp9", True, "matroska"),
    ((640, 360), 25, "libx264", False, "mp4"),
]


def make_clip(
    path: Path,
    size: tuple[int, int],
    fps: int,
    seconds: float,
    codec: str,
    audio: bool,
    fmt: str,
    tone: int = 330,
) -> Path:
    """A test clip; `tone` (and the frame count it shifts) makes every clip's bytes differ."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error"]
    args += ["-f", "lavfi", "-i", f"testsrc2=size={size[0]}x{size[1]}:rate={fps}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=48000"]
    args += ["-t", str(seconds), "-c:v", codec, "-pix_fmt", "yuv420p", "-metadata", f"title={tone}"]
    if audio:
        args += ["-c:a", "aac" if fmt == "mp4" else "libopus", "-ac", "2"]
    args += ["-f", fmt, str(path)]
    subprocess.run(args, check=True)
    return path


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def bare_concat(clips: list[Path], target: Path) -> None:
    listing = target.with_suffix(".txt")
    listing.write_text("".join(f"file '{c}'\n" for c in clips), encoding="utf-8")
    subprocess.run(
        [
            *(ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-f", "concat"),
            *("-safe", "0", "-i", str(listing), "-c", "copy", str(target)),
        ],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sb-bench-") as tmp:
        root = Path(tmp)
        same = [
            make_clip(
                root / f"same{i:02d}.mp4",
                (640, 360),
                24,
                args.seconds,
                "libx264",
                True,
                "mp4",
                tone=200 + 20 * i,
            )
            for i in range(args.clips)
        ]
        mixed = []
        for i in range(args.clips):
            size, fps, codec, audio, fmt = MIXED[i % len(MIXED)]
            ext = "mkv" if fmt == "matroska" else "mp4"
            mixed.append(
                make_clip(
                    root / f"mixed{i:02d}.{ext}",
                    size,
                    fps,
                    args.seconds,
                    codec,
                    audio,
                    fmt,
                    tone=210 + 20 * i,
                )
            )
        total = args.clips * args.seconds
        print(
            f"{args.clips} clips of {args.seconds:g} s ({total:g} s of video), "
            f"ffmpeg {ffmpeg_exe()}"
        )

        # As in the app, the clips live in the content-addressed media store (name = hash).
        media = MediaStore(root / "media")
        stored = [media.path_for(media.put_file(p, kind="video")) for p in same]
        segments = [Segment(f"clip {i + 1}", p, "clip") for i, p in enumerate(stored)]
        cache = root / "cache-same"
        # Interleaved, so a busy machine slows every side alike; medians of each. Every cold
        # run gets an empty cache folder (no probe or normalised piece to reuse).
        bare_runs, cold_runs, warm_runs = [], [], []
        direct = []
        for run in range(args.repeat):
            bare_runs.append(timed(lambda: bare_concat(same, root / "bare.mp4")))
            fresh = root / f"cache-cold-{run}"
            start = time.perf_counter()
            result = assemble_video(segments, root / "ours.mp4", cache_dir=fresh)
            cold_runs.append(time.perf_counter() - start)
            direct.append(result.joined_directly)
            warm_runs.append(
                timed(lambda: assemble_video(segments, root / "ours.mp4", cache_dir=cache))
            )
        bare = statistics.median(bare_runs)
        cold, warm = statistics.median(cold_runs), statistics.median(warm_runs)
        path = "joined directly (-c copy)" if all(direct) else "NORMALISED (slow path)"
        print(f"one format (H.264 640×360 24 fps + AAC), {path}:")
        print(f"  bare ffmpeg concat -c copy      {bare:7.3f} s")
        print(
            f"  assembly, cold cache            {cold:7.3f} s   "
            f"({cold / bare:5.2f}× bare, goal ≤ 1.2)   <- headline"
        )
        print(f"  assembly, warm cache            {warm:7.3f} s   ({warm / bare:5.2f}× bare)")

        stored = [media.path_for(media.put_file(p, kind="video")) for p in mixed]
        mixed_segments = [Segment(f"clip {i + 1}", p, "clip") for i, p in enumerate(stored)]
        cache = root / "cache-mixed"
        mixed_cold = timed(
            lambda: assemble_video(mixed_segments, root / "mixed.mp4", cache_dir=cache)
        )
        mixed_warm = timed(
            lambda: assemble_video(mixed_segments, root / "mixed.mp4", cache_dir=cache), args.repeat
        )
        fade_cache = root / "cache-mixed"
        fades = timed(
            lambda: assemble_video(
                mixed_segments, root / "fades.mp4", cache_dir=fade_cache, crossfade=0.5
            )
        )
        print("mixed (4 sizes, H.264/MPEG-4/VP9, 12–30 fps, some silent):")
        print(f"  assembly, cold cache            {mixed_cold:7.3f} s")
        print(f"  assembly, warm cache            {mixed_warm:7.3f} s")
        print(f"  with 0.5 s crossfades (warm)    {fades:7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
