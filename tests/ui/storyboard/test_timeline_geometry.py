"""Where shots sit on the timeline (Qt-free): widths from durations, gaps, time ↔ x, drops,
snapping and timecodes."""

from __future__ import annotations

import pytest

from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.timeline_data import CardData


def card(
    shot_id: int, scene_id: int, number: int, seconds: float, *, gap: bool = False
) -> CardData:
    return CardData(
        scene_id=scene_id,
        scene_number=scene_id,
        shot_id=shot_id,
        shot_number=number,
        description="",
        prompt="",
        image_id=None if gap else shot_id * 10,
        image_storage_id=None,
        selection=None,
        clip_path=None,
        duration=seconds,
        duration_source="set",
        picture=None,
    )


CARDS = [card(1, 1, 1, 2.0), card(2, 1, 2, 4.0), card(3, 1, 3, 3.0, gap=True), card(4, 2, 1, 1.5)]


def test_shots_and_gaps_are_as_wide_as_their_duration_like_the_video_slate() -> None:
    blocks = geo.layout_blocks(CARDS, 50.0)
    assert [b.width for b in blocks] == [100.0, 200.0, 150.0, 75.0]
    assert [b.start for b in blocks] == [0.0, 2.0, 6.0, 9.0]
    assert blocks[2].is_gap and blocks[2].duration == 3.0  # the slate's length in the video
    assert geo.total_seconds(blocks) == 10.5
    wider = geo.layout_blocks(CARDS, 100.0)
    assert wider[1].width == 2 * blocks[1].width
    assert wider[2].width == 2 * blocks[2].width
    narrow = geo.layout_blocks(CARDS, geo.MIN_ZOOM)
    assert narrow[2].width >= geo.GAP_WIDTH  # a gap stays visible when zoomed out


def test_time_and_x_map_onto_each_other_through_gaps() -> None:
    blocks = geo.layout_blocks(CARDS, 50.0)
    for seconds in (0.0, 1.0, 3.5, 6.0, 7.0, 9.75, 10.5):
        assert geo.time_at_x(blocks, geo.x_for_time(blocks, seconds)) == pytest.approx(seconds)
    assert geo.x_for_time(blocks, 9.0) == pytest.approx(blocks[3].x)  # after the gap
    assert geo.block_at_time(blocks, 2.5) == blocks[1]
    assert geo.block_at_time(blocks, 7.0) == blocks[2]  # the gap shows for its duration
    assert geo.block_at_time(blocks, 9.1) == blocks[3]
    assert geo.block_at_time(blocks, 99) == blocks[3]


def test_a_drop_becomes_a_scene_and_a_position() -> None:
    blocks = geo.layout_blocks(CARDS, 50.0)
    # Shot 1 dropped after shot 2: second in scene 1.
    assert geo.move_target(CARDS, 1, geo.drop_index(blocks, blocks[1].right - 5, 1)) == (1, 2)
    # Shot 4 (scene 2) dropped first: first in scene 1.
    assert geo.move_target(CARDS, 4, 0) == (1, 1)
    # Shot 1 dropped at the very end: joins scene 2 after shot 4.
    assert geo.move_target(CARDS, 1, 3) == (2, 2)
    # Dropped where it already is: nothing to do.
    assert geo.move_target(CARDS, 2, 1) is None


def test_trims_snap_to_half_seconds_or_to_frames() -> None:
    assert geo.snap_seconds(2.74, 24, frames=False) == 2.5
    assert geo.snap_seconds(2.76, 24, frames=False) == 3.0
    assert geo.snap_seconds(0.1, 24, frames=False) == 0.5  # never below one step
    assert geo.snap_seconds(1.02, 25, frames=True) == 1.04  # 26 frames at 25 fps
    assert geo.snap_seconds(0.001, 30, frames=True) == pytest.approx(1 / 30, abs=1e-4)


def test_timecodes_count_frames_at_the_project_rate() -> None:
    assert geo.timecode(0, 24) == "0:00:00"
    assert geo.timecode(63.5, 24) == "1:03:12"
    assert geo.timecode(2.96, 25) == "0:02:24"
    assert geo.ruler_label(7.5) == "0:07.5"
    assert geo.ruler_label(75) == "1:15"
    step, _minor = geo.ruler_step(10.0)
    assert step * 10.0 >= 70
