"""Final video assembly with the bundled ffmpeg: mixed inputs, cache, faults, cancel."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError
from storyboard_app.media.ffmpeg import ffmpeg_exe
from storyboard_app.media.mp4_boxes import read_mp4_layout
from storyboard_app.media.probe import MediaFileError, decode
from storyboard_app.media.video import (
    AssemblyCancelledError,
    Segment,
    VideoFormat,
    assemble_video,
    fit_size,
    run_ffmpeg,
)
from tests.media.media_helpers import make_clip, png_bytes


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    src = tmp_path / "src"
    src.mkdir()
    still = src / "still.png"
    still.write_bytes(png_bytes((200, 40, 40), (320, 180)))
    return {
        "h264": make_clip(src / "a.mp4", size=(160, 90), fps=24, seconds=1.0),
        # another size, codec, frame rate and no sound at all
        "mpeg4": make_clip(
            src / "b.mp4", size=(320, 240), fps=30, seconds=0.5, codec="mpeg4", audio=False
        ),
        # VP9 + Opus in Matroska, 12 fps
        "vp9": make_clip(
            src / "c.mkv",
            size=(96, 54),
            fps=12,
            seconds=0.75,
            codec="libvpx-vp9",
            container="matroska",
        ),
        "still": still,
    }


def _assert_decodes_to(path: Path, seconds: float, size: tuple[int, int]) -> None:
    result = decode(path)
    fps = result.info.fps or 24
    assert abs(result.frames / fps - seconds) <= 1.5 / fps, (result.frames, fps, seconds)
    assert abs(result.duration - seconds) <= 2 / fps + 0.05
    assert (result.info.width, result.info.height) == size
    assert result.info.video_streams == 1 and result.info.audio_streams == 1
    assert result.info.video_codec == "h264" and result.info.audio_codec == "aac"


def test_mixed_clips_and_a_still_make_one_valid_video(
    sources: dict[str, Path], tmp_path: Path
) -> None:
    segments = [
        Segment("scene 1, shot 1", sources["h264"], "clip"),
        Segment("scene 1, shot 2", sources["mpeg4"], "clip"),
        Segment("scene 1, shot 3", sources["still"], "still", 1.25),
        Segment("scene 2, shot 1", sources["vp9"], "clip", 1.5),  # held past its end
    ]
    seen: list[float] = []
    result = assemble_video(
        segments,
        tmp_path / "final.mp4",
        cache_dir=tmp_path / "cache",
        progress=lambda f, _m: seen.append(f),
    )
    assert result.format == VideoFormat(160, 90, 24)  # the most common clip format wins
    assert result.cache_hits == 0
    assert abs(result.duration - (1.0 + 0.5 + 1.25 + 1.5)) < 1 / 24
    _assert_decodes_to(tmp_path / "final.mp4", result.duration, (160, 90))
    assert seen == sorted(seen) and seen[-1] == 1.0
    # Every normalised piece is cached once; a second assembly re-encodes nothing.
    again = assemble_video(segments, tmp_path / "again.mp4", cache_dir=tmp_path / "cache")
    assert again.cache_hits == 4
    assert len(list((tmp_path / "cache" / "normalised").iterdir())) == 4
    _assert_decodes_to(tmp_path / "again.mp4", result.duration, (160, 90))


def test_crossfades_shorten_by_the_overlaps(sources: dict[str, Path], tmp_path: Path) -> None:
    segments = [
        Segment("a", sources["h264"], "clip"),
        Segment("b", sources["still"], "still", 1.0),
        Segment("c", sources["h264"], "clip"),
    ]
    result = assemble_video(
        segments, tmp_path / "x.mp4", cache_dir=tmp_path / "cache", crossfade=0.25
    )
    assert result.duration == pytest.approx(3.0 - 2 * 0.25)
    _assert_decodes_to(tmp_path / "x.mp4", result.duration, (160, 90))
    with pytest.raises(InvalidInputError, match="longer than the shortest"):
        assemble_video(segments, tmp_path / "y.mp4", cache_dir=tmp_path / "cache", crossfade=1)
    assert not (tmp_path / "y.mp4").exists()


def test_stills_only_take_the_first_image_size(tmp_path: Path) -> None:
    assert fit_size(2000, 1500) == (1440, 1080)  # fits 1080p, never scaled up
    assert fit_size(301, 171) == (300, 170)  # even sides for yuv420p
    still = tmp_path / "odd.png"
    still.write_bytes(png_bytes((0, 90, 0), (301, 171)))
    result = assemble_video(
        [Segment("s", still, "still", 0.5)], tmp_path / "o.mp4", cache_dir=tmp_path / "c"
    )
    assert (result.format.width, result.format.height) == (300, 170)
    _assert_decodes_to(tmp_path / "o.mp4", 0.5, (300, 170))


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated"])
def test_a_broken_clip_names_its_shot_and_writes_nothing(
    sources: dict[str, Path], tmp_path: Path, damage: str
) -> None:
    broken = tmp_path / "broken.mp4"
    if damage == "garbage":
        broken.write_bytes(b"not a video at all" * 50)
    elif damage == "truncated":
        broken.write_bytes(sources["h264"].read_bytes()[:300])
    segments = [
        Segment("scene 1, shot 1", sources["h264"], "clip"),
        Segment("scene 2, shot 4 (id 9)", broken, "clip"),
    ]
    with pytest.raises(MediaFileError, match=r"scene 2, shot 4 \(id 9\)") as caught:
        assemble_video(segments, tmp_path / "final.mp4", cache_dir=tmp_path / "cache")
    assert "Animate the shot again" in str(caught.value)
    assert not (tmp_path / "final.mp4").exists()
    assert not list(tmp_path.glob(".final.mp4*"))


def test_a_damaged_still_names_its_shot(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(png_bytes((1, 2, 3))[:60])
    with pytest.raises(MediaFileError, match="scene 3, shot 1"):
        assemble_video(
            [Segment("scene 3, shot 1", bad, "still", 1.0)],
            tmp_path / "o.mp4",
            cache_dir=tmp_path / "c",
        )


def test_nothing_to_assemble_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="Pick final images"):
        assemble_video([], tmp_path / "o.mp4", cache_dir=tmp_path / "c")


@pytest.mark.parametrize("when", ["normalising", "joining"])
def test_cancel_mid_assembly_leaves_no_file(
    sources: dict[str, Path], tmp_path: Path, when: str
) -> None:
    segments = [Segment(f"shot {i}", sources["still"], "still", 1.0 + i / 10) for i in range(4)]
    state = {"stop": False}

    def progress(fraction: float, message: str) -> None:
        if (when == "normalising" and fraction > 0.3) or message.startswith("Joining"):
            state["stop"] = True

    with pytest.raises(AssemblyCancelledError, match="no file was written"):
        assemble_video(
            segments,
            tmp_path / "final.mp4",
            cache_dir=tmp_path / "cache",
            progress=progress,
            cancel=lambda: state["stop"],
        )
    assert not (tmp_path / "final.mp4").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    pieces = list((tmp_path / "cache" / "normalised").iterdir())
    assert all(not p.name.startswith(".") for p in pieces)  # no half-made cache entries
    if when == "normalising":
        assert 0 < len(pieces) < 4


def test_unwritable_target_is_refused_before_any_work(
    sources: dict[str, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InvalidInputError, match=r"Cannot write the video: .* is a file"):
        assemble_video(
            [Segment("s", sources["still"], "still", 1.0)],
            blocker / "final.mp4",
            cache_dir=tmp_path / "cache",
        )


def test_a_full_disk_is_reported_as_such() -> None:
    args = ["-f", "lavfi", "-i", "testsrc=size=160x90:rate=24", "-t", "2"]
    with pytest.raises(EnvironmentProblemError, match="disk is full"):
        run_ffmpeg([*args, "-c:v", "libx264", "-f", "matroska", "/dev/full"], what="a test")


def test_os_errors_while_writing_say_what_to_do(tmp_path: Path) -> None:
    import errno

    from storyboard_app.media.atomic import atomic_path, explain_os_error

    full = explain_os_error(OSError(errno.ENOSPC, "No space left"), tmp_path / "x.pdf", "PDF")
    assert "disk is full" in str(full) and "Free some space" in str(full)
    denied = explain_os_error(OSError(errno.EACCES, "Permission denied"), tmp_path / "x", "video")
    assert "permission denied" in str(denied)
    target = tmp_path / "out.csv"
    with pytest.raises(EnvironmentProblemError, match="disk is full"), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert not target.exists() and list(tmp_path.iterdir()) == []


# -- joining clips of one format directly (issue 6) ----------------------------------------


def _reencoded_audio(source: Path, target: Path, rate: int, channels: int) -> Path:
    """`source` with its picture copied and its sound re-encoded at another rate/layout."""
    subprocess.run(
        [
            *(ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-i", str(source)),
            *("-c:v", "copy", "-c:a", "aac", "-ar", str(rate), "-ac", str(channels)),
            *("-f", "mp4", str(target)),
        ],
        check=True,
        timeout=60,
    )
    return target


@pytest.fixture
def same_format(tmp_path: Path) -> list[Path]:
    """Three H.264 + AAC clips of one format and different lengths (1, 0.5 and 0.75 s)."""
    src = tmp_path / "same"
    src.mkdir()
    return [
        make_clip(src / f"clip{i}.mp4", size=(160, 90), fps=24, seconds=seconds)
        for i, seconds in enumerate([1.0, 0.5, 0.75])
    ]


def test_clips_of_one_format_are_joined_directly(same_format: list[Path], tmp_path: Path) -> None:
    layouts = [read_mp4_layout(clip) for clip in same_format]
    assert all(layout is not None for layout in layouts)
    assert len({layout.signature for layout in layouts if layout is not None}) == 1
    segments = [
        Segment("scene 1, shot 1", same_format[0], "clip"),
        Segment("scene 1, shot 2", same_format[1], "clip", 0.5 + 0.4 / 24),  # within ½ frame
        Segment("scene 2, shot 1", same_format[2], "clip"),
    ]
    seen: list[tuple[float, str]] = []
    result = assemble_video(
        segments,
        tmp_path / "final.mp4",
        cache_dir=tmp_path / "cache",
        progress=lambda f, m: seen.append((f, m)),
    )
    assert result.joined_directly
    assert result.format == VideoFormat(160, 90, 24)
    assert result.segments == 3 and result.cache_hits == 0
    assert result.duration == pytest.approx(1.0 + 0.5 + 0.75, abs=0.03)
    assert not (tmp_path / "cache" / "normalised").exists()  # nothing was re-encoded
    _assert_decodes_to(tmp_path / "final.mp4", result.duration, (160, 90))
    decoded = decode(tmp_path / "final.mp4")
    assert decoded.frames == 24 + 12 + 18  # every frame of every clip, no more
    assert (decoded.info.sample_rate, decoded.info.channels) == (44_100, 1)  # as the clips
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(m in ("Joining the shots", "Done") for _f, m in seen)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # Asking for the clips' own size and rate still joins directly; another size does not.
    same = assemble_video(
        segments, tmp_path / "same.mp4", cache_dir=tmp_path / "cache", fmt=VideoFormat(160, 90)
    )
    assert same.joined_directly
    bigger = assemble_video(
        segments, tmp_path / "big.mp4", cache_dir=tmp_path / "cache", fmt=VideoFormat(320, 180)
    )
    assert not bigger.joined_directly
    _assert_decodes_to(tmp_path / "big.mp4", bigger.duration, (320, 180))


@pytest.mark.parametrize(
    "difference", ["size", "fps", "codec", "no sound", "sound rate", "still", "duration", "fade"]
)
def test_clips_that_differ_are_normalised(
    same_format: list[Path], sources: dict[str, Path], tmp_path: Path, difference: str
) -> None:
    odd = tmp_path / "odd.mp4"
    first, second = same_format[0], same_format[1]
    crossfade = 0.0
    segments = [Segment("a", first, "clip"), Segment("b", second, "clip")]
    expected = 1.0 + 0.5
    if difference == "size":
        segments[1] = Segment("b", make_clip(odd, size=(192, 108), seconds=0.5), "clip")
    elif difference == "fps":
        segments[1] = Segment("b", make_clip(odd, fps=25, seconds=0.5), "clip")
    elif difference == "codec":
        segments[1] = Segment("b", make_clip(odd, codec="mpeg4", seconds=0.5), "clip")
    elif difference == "no sound":
        segments[1] = Segment("b", make_clip(odd, audio=False, seconds=0.5), "clip")
    elif difference == "sound rate":
        segments[1] = Segment("b", _reencoded_audio(second, odd, 48_000, 2), "clip")
    elif difference == "still":
        segments[1] = Segment("b", sources["still"], "still", 0.5)
    elif difference == "duration":
        segments[1] = Segment("b", second, "clip", 0.75)  # held a quarter second longer
        expected = 1.0 + 0.75
    else:
        crossfade = 0.25
        expected = 1.0 + 0.5 - 0.25
    if difference not in ("still", "duration", "fade"):
        assert read_mp4_layout(segments[1].source) != read_mp4_layout(first)
    result = assemble_video(
        segments, tmp_path / "final.mp4", cache_dir=tmp_path / "cache", crossfade=crossfade
    )
    assert not result.joined_directly
    assert result.format == VideoFormat(160, 90, 24)
    assert result.duration == pytest.approx(expected, abs=1 / 24)
    assert len(list((tmp_path / "cache" / "normalised").iterdir())) == 2
    _assert_decodes_to(tmp_path / "final.mp4", result.duration, (160, 90))
    decoded = decode(tmp_path / "final.mp4")
    assert (decoded.info.sample_rate, decoded.info.channels) == (48_000, 2)  # normalised


def test_only_plain_complete_mp4s_have_a_layout(
    same_format: list[Path], sources: dict[str, Path], tmp_path: Path
) -> None:
    layout = read_mp4_layout(same_format[0])
    assert layout is not None
    assert (layout.width, layout.height, layout.fps, layout.profile) == (160, 90, 24.0, 100)
    assert (layout.sample_rate, layout.channels) == (44_100, 1)
    assert layout.duration == pytest.approx(1.0, abs=0.03)
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(same_format[0].read_bytes()[:-100])
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00\x00\x00\x08ftyp" + b"not a video" * 40)
    silent = make_clip(tmp_path / "silent.mp4", audio=False)
    for path in (
        truncated,
        garbage,
        silent,
        sources["vp9"],  # Matroska
        sources["mpeg4"],  # MPEG-4 part 2, no sound
        sources["still"],
        tmp_path / "missing.mp4",
    ):
        assert read_mp4_layout(path) is None, path.name
    # A clip cut short is never stream-copied: ffmpeg re-encodes what it can still read.
    result = assemble_video(
        [
            Segment("scene 1, shot 1", same_format[0], "clip"),
            Segment("scene 1, shot 2", truncated, "clip"),
        ],
        tmp_path / "final.mp4",
        cache_dir=tmp_path / "cache",
    )
    assert not result.joined_directly
    _assert_decodes_to(tmp_path / "final.mp4", result.duration, (160, 90))


def test_cancel_while_joining_directly_leaves_no_file(
    same_format: list[Path], tmp_path: Path
) -> None:
    segments = [Segment(f"shot {i}", clip, "clip") for i, clip in enumerate(same_format)]
    state = {"stop": False}

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Joining"):
            state["stop"] = True

    with pytest.raises(AssemblyCancelledError, match="no file was written"):
        assemble_video(
            segments,
            tmp_path / "final.mp4",
            cache_dir=tmp_path / "cache",
            progress=progress,
            cancel=lambda: state["stop"],
        )
    assert not (tmp_path / "final.mp4").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
