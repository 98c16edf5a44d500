"""Every assembly path writes moov before mdat, starts its picture at 0, keeps slates' time,
uses the asked frame rate and shape (letterboxed), and can burn in shot and timecode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from storyboard_app.media.video import Segment, VideoFormat, assemble_video
from storyboard_app.media.video_pieces import frame_size
from tests.media.media_helpers import make_clip, png_bytes
from tests.media.video_checks import frame_at, moov_before_mdat, video_facts


@pytest.fixture
def pieces(tmp_path: Path) -> dict[str, Path]:
    src = tmp_path / "src"
    src.mkdir()
    still = src / "wide.png"
    still.write_bytes(png_bytes((40, 160, 40), (320, 180)))  # 16:9, bright green
    return {
        "a": make_clip(src / "a.mp4", size=(160, 90), fps=24, seconds=1.0),
        "b": make_clip(src / "b.mp4", size=(160, 90), fps=24, seconds=1.0),
        "still": still,
    }


def _segments(p: dict[str, Path]) -> list[Segment]:
    return [
        Segment("scene 1, shot 1", p["a"], "clip", code="S01 SH01"),
        Segment("scene 1, shot 2", p["still"], "still", 1.0, code="S01 SH02"),
        Segment(
            "scene 1, shot 3",
            Path(),
            "slate",
            1.5,
            caption="S01 SH03 — Gull — no final image",
            code="S01 SH03",
        ),
        Segment("scene 2, shot 1", p["b"], "clip", code="S02 SH01"),
    ]


def test_the_straight_cut_of_matching_clips_is_faststart_and_starts_at_zero(
    pieces: dict[str, Path], tmp_path: Path
) -> None:
    """The bug: the direct `-c copy` join put moov after mdat and started at 0.021 s."""
    segments = [Segment("a", pieces["a"], "clip"), Segment("b", pieces["b"], "clip")]
    result = assemble_video(segments, tmp_path / "cut.mp4", cache_dir=tmp_path / "c")
    assert result.joined_directly
    facts = video_facts(tmp_path / "cut.mp4")
    assert moov_before_mdat(facts.boxes), facts.boxes
    assert facts.start == 0 and facts.first_frame == 0
    assert abs(facts.duration - 2.0) < 0.01


@pytest.mark.parametrize(
    ("crossfade", "burn_in"), [(0.0, False), (0.25, False), (0.0, True), (0.25, True)]
)
def test_every_other_path_is_faststart_starts_at_zero_and_keeps_the_slate(
    pieces: dict[str, Path], tmp_path: Path, crossfade: float, burn_in: bool
) -> None:
    fmt = VideoFormat.for_ratio("16:9", fps=25, long_side=320)
    target = tmp_path / "v.mp4"
    result = assemble_video(
        _segments(pieces),
        target,
        cache_dir=tmp_path / "c",
        fmt=fmt,
        crossfade=crossfade,
        burn_in=burn_in,
    )
    facts = video_facts(target)
    assert moov_before_mdat(facts.boxes), facts.boxes
    assert facts.start == 0 and facts.first_frame == 0
    assert facts.rate == 25 and (facts.width, facts.height) == (320, 180)
    expected = 1.0 + 1.0 + 1.5 + 1.0 - 3 * crossfade  # the slate's 1.5 s included
    assert abs(facts.video_duration - expected) <= 1 / 25 + 1e-6, (facts, expected)
    assert abs(result.duration - expected) < 0.05


def test_a_slate_is_a_drawn_card_lasting_its_shot(pieces: dict[str, Path], tmp_path: Path) -> None:
    fmt = VideoFormat(width=320, height=180, fps=24)
    target = tmp_path / "v.mp4"
    assemble_video(_segments(pieces), target, cache_dir=tmp_path / "c", fmt=fmt)
    card = frame_at(target, 2.0 + 0.75).to_image().convert("L")  # mid-slate
    # a dark card with light text in the middle: not one flat colour
    assert ImageStat.Stat(card).mean[0] < 80
    middle = card.crop((40, 60, 280, 120))
    assert middle.getextrema()[1] > 180 and ImageStat.Stat(middle).stddev[0] > 10


def test_the_frame_follows_the_ratio_with_even_sides() -> None:
    assert frame_size("16:9") == (1280, 720)
    assert frame_size("9:16") == (720, 1280)
    assert frame_size("2.39:1") == (1280, 536)
    assert frame_size("21:9") == (1280, 548)
    assert frame_size("4:5") == (1024, 1280)
    assert frame_size("1:1", 854) == (854, 854)
    assert frame_size("nonsense") == (1280, 720)
    assert all(side % 2 == 0 for side in frame_size("2.39:1", 1919))


def test_a_picture_of_another_shape_is_letterboxed_not_stretched(
    pieces: dict[str, Path], tmp_path: Path
) -> None:
    fmt = VideoFormat.for_ratio("9:16", fps=24, long_side=320)  # 180×320, portrait
    target = tmp_path / "tall.mp4"
    assemble_video(
        [Segment("s", pieces["still"], "still", 0.5)], target, cache_dir=tmp_path / "c", fmt=fmt
    )
    facts = video_facts(target)
    assert (facts.width, facts.height) == (180, 320)
    picture = frame_at(target, 0.0).to_image()
    # the 16:9 picture fills the width and sits in the middle; black above and below
    for band in ((0, 0, 180, 100), (0, 220, 180, 320)):
        assert max(high for _low, high in picture.crop(band).getextrema()) < 40
    red, green, _blue = ImageStat.Stat(picture.crop((20, 150, 160, 170))).mean
    assert abs(green - 160) < 20 and red < 70


def test_burn_in_draws_the_shot_and_timecode_in_the_bottom_corners(
    pieces: dict[str, Path], tmp_path: Path
) -> None:
    fmt = VideoFormat(width=640, height=360, fps=24)
    plain, burnt = tmp_path / "plain.mp4", tmp_path / "burnt.mp4"
    segments = [Segment("s", pieces["still"], "still", 1.0, code="S01 SH02")]
    assemble_video(segments, plain, cache_dir=tmp_path / "c", fmt=fmt)
    assemble_video(segments, burnt, cache_dir=tmp_path / "c", fmt=fmt, burn_in=True)

    def frame(path: Path, t: float) -> Image.Image:
        return frame_at(path, t).to_image().convert("L")

    def change(x: Image.Image, y: Image.Image, box: tuple[int, int, int, int]) -> float:
        return float(ImageStat.Stat(ImageChops.difference(x.crop(box), y.crop(box))).mean[0])

    a, b = frame(plain, 0.5), frame(burnt, 0.5)
    w, h = a.size
    assert change(a, b, (0, h - 40, w // 3, h)) > 10  # bottom left: S01 SH02
    assert change(a, b, (w - w // 3, h - 40, w, h)) > 10  # bottom right: the timecode
    assert change(a, b, (w // 3, 0, w - w // 3, h // 2)) < 2  # the picture is untouched
    # the timecode runs: its digits change between two frames of one still picture
    corner = (w - w // 4, h - 40, w, h)
    assert change(a, frame(plain, 0.9), corner) < 0.1
    assert change(b, frame(burnt, 0.9), corner) > 0.3
