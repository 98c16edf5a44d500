"""The animatic's burn-in: each shot's scene/shot number (bottom left) and a running timecode
from 01:00:00:00 (bottom right), drawn by ffmpeg's `drawtext` over the joined video."""

from __future__ import annotations

from collections.abc import Sequence

from storyboard_app.media.fonts import font_file

START_TIMECODE = "01:00:00:00"

_OPTION_SPECIALS = "\\':"  # escaped inside one filter option's value
_GRAPH_SPECIALS = "\\'[],;"  # escaped again for the filter graph around it


def _escape(value: str) -> str:
    """`value` escaped for a filter option inside a filter graph (ffmpeg's two levels)."""
    once = "".join(f"\\{c}" if c in _OPTION_SPECIALS else c for c in value)
    return "".join(f"\\{c}" if c in _GRAPH_SPECIALS else c for c in once)


def cut_points(seconds: Sequence[float], fade: float) -> list[float]:
    """Where each piece takes over in the output: a crossfade's middle, else the cut."""
    points = [0.0]
    start = 0.0
    for length in seconds[:-1]:
        start += length - (fade if fade > 0 else 0.0)
        points.append(start + (fade / 2 if fade > 0 else 0.0))
    return points


def burn_in_filter(
    codes: Sequence[str], seconds: Sequence[float], fps: int, height: int, fade: float = 0.0
) -> str:
    """A `drawtext` chain: `codes[i]` while piece i shows, and the timecode throughout."""
    size = max(10, height // 24)
    margin = max(4, height // 40)
    font = font_file()
    common = f"fontsize={size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw={size // 4}"
    if font is not None:
        common = f"fontfile={_escape(font)}:{common}"
    bottom = f"y=h-th-{margin}"
    points = cut_points(seconds, fade)
    ends = [*points[1:], None]
    chain = []
    for code, start, end in zip(codes, points, ends, strict=True):
        if not code:
            continue
        # the next shot's first frame belongs to the next shot
        when = f"gte(t,{start:.4f})" if end is None else f"gte(t,{start:.4f})*lt(t,{end:.4f})"
        chain.append(
            f"drawtext={common}:expansion=none:text={_escape(code)}:x={margin}:{bottom}"
            f":enable='{when}'"
        )
    chain.append(
        f"drawtext={common}:timecode={_escape(START_TIMECODE)}:rate={fps}:x=w-tw-{margin}:{bottom}"
    )
    return ",".join(chain)
