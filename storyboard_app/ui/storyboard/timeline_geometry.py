"""Where every shot sits on the timeline, in pixels and in seconds; plain Python, no Qt.

Every shot is as wide as its duration at the current zoom (pixels per second). A gap (a shot
with no final pick yet) keeps its duration too — the final video shows a slate for it and the
editorial timeline a gap of that length, so the animatic keeps the same timing — and is drawn
hatched. Tests drive this without widgets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from storyboard_app.ui.storyboard.timeline_data import CardData

MIN_ZOOM = 6.0  # pixels per second
MAX_ZOOM = 240.0
DEFAULT_ZOOM = 40.0
GAP_WIDTH = 30.0
SPACING = 3.0
MARGIN = 10.0
MIN_SECONDS = 0.5  # the shortest a trim makes a shot (and the coarse snap)


@dataclass(frozen=True)
class Block:
    """One shot on the track: its place in pixels and in animatic seconds."""

    shot_id: int
    scene_id: int
    index: int  # in the flat scene/shot order
    x: float
    width: float
    start: float  # seconds from the animatic's start
    duration: float
    gap: bool = False  # no final pick yet: a slate in the video

    @property
    def is_gap(self) -> bool:
        return self.gap

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def end(self) -> float:
        return self.start + self.duration


def clamp_zoom(pixels_per_second: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, pixels_per_second))


def layout_blocks(cards: Sequence[CardData], zoom: float) -> list[Block]:
    """The blocks of `cards` in order at `zoom` pixels per second."""
    blocks: list[Block] = []
    x, t = MARGIN, 0.0
    for index, card in enumerate(cards):
        gap = card.image_id is None
        seconds = max(card.duration, 0.0)
        width = max(seconds * zoom, GAP_WIDTH if gap else 4.0)
        blocks.append(Block(card.shot_id, card.scene_id, index, x, width, t, seconds, gap))
        x += width + SPACING
        t += seconds
    return blocks


def total_seconds(blocks: Sequence[Block]) -> float:
    return blocks[-1].end if blocks else 0.0


def track_width(blocks: Sequence[Block]) -> float:
    return (blocks[-1].right if blocks else 0.0) + MARGIN


def x_for_time(blocks: Sequence[Block], seconds: float) -> float:
    """The x of a moment of the animatic (inside the shot that shows it)."""
    timed = [b for b in blocks if b.duration > 0]
    if not timed:
        return MARGIN
    seconds = max(0.0, min(seconds, total_seconds(blocks)))
    for block in timed:
        if seconds < block.end or block is timed[-1]:
            return block.x + (seconds - block.start) / block.duration * block.width
    return timed[-1].right  # pragma: no cover - the loop always returns


def time_at_x(blocks: Sequence[Block], x: float) -> float:
    """The moment of the animatic under `x`."""
    timed = [b for b in blocks if b.duration > 0]
    if not timed:
        return 0.0
    for block in timed:
        if x < block.right + SPACING / 2:
            fraction = (x - block.x) / block.width
            return block.start + max(0.0, min(1.0, fraction)) * block.duration
    return total_seconds(blocks)


def block_at_time(blocks: Sequence[Block], seconds: float) -> Block | None:
    """The shot showing at this moment (the last one at the very end); None without shots."""
    timed = [b for b in blocks if b.duration > 0]
    for block in timed:
        if seconds < block.end:
            return block
    return timed[-1] if timed else None


def block_at_x(blocks: Sequence[Block], x: float) -> Block | None:
    return next((b for b in blocks if b.x <= x < b.right + SPACING), None)


def drop_index(blocks: Sequence[Block], x: float, moving: int) -> int:
    """Where a dragged shot lands, as an index in the order without it."""
    rest = [b for b in blocks if b.shot_id != moving]
    for index, block in enumerate(rest):
        if x < block.x + block.width / 2:
            return index
    return len(rest)


def move_target(cards: Sequence[CardData], shot_id: int, index: int) -> tuple[int, int] | None:
    """(scene id, 1-based position in that scene) that puts the shot at `index` of the order
    without it; None when it would not move. Dropped between two scenes, it joins the earlier
    one (at its end); dropped first, the first scene."""
    moving = next((c for c in cards if c.shot_id == shot_id), None)
    if moving is None:
        return None
    rest = [c for c in cards if c.shot_id != shot_id]
    if not rest:
        return None
    index = max(0, min(index, len(rest)))
    if index > 0:
        before = rest[index - 1]
        scene_id = before.scene_id
        position = sum(1 for c in rest[:index] if c.scene_id == scene_id) + 1
    else:
        scene_id, position = rest[0].scene_id, 1
    order_now = [c.shot_id for c in cards]
    order_then = [c.shot_id for c in rest]
    order_then.insert(index, shot_id)
    if order_now == order_then and scene_id == moving.scene_id:
        return None
    return scene_id, position


def snap_seconds(seconds: float, fps: int, *, frames: bool) -> float:
    """A trimmed duration on the grid: half seconds, or whole frames at `fps` (never below
    one step)."""
    step = 1.0 / fps if frames and fps > 0 else MIN_SECONDS
    snapped = round(seconds / step) * step
    return round(max(step, snapped), 4)


def ruler_step(zoom: float) -> tuple[float, int]:
    """(seconds between labelled ticks, small ticks per label) so labels stay ≥ 70 px apart."""
    for step in (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0):
        if step * zoom >= 70:
            return step, (5 if step in (0.5, 5.0, 10.0) else 4 if step >= 60 else 2)
    return 600.0, 2


def timecode(seconds: float, fps: int) -> str:
    """`0:07:12` — minutes, seconds and frames at the project's frame rate."""
    seconds = max(0.0, seconds)
    whole = math.floor(seconds + 1e-9)
    frame = min(fps - 1, round((seconds - whole) * fps)) if fps > 0 else 0
    return f"{whole // 60}:{whole % 60:02d}:{frame:02d}"


def ruler_label(seconds: float) -> str:
    """`0:07`, or `0:07.5` on a half second: the ruler's labels."""
    whole = math.floor(seconds + 1e-9)
    text = f"{whole // 60}:{whole % 60:02d}"
    return text + ".5" if seconds - whole >= 0.25 else text
