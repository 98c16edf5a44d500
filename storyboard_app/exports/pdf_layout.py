"""The PDF storyboard's choices and page geometry, without Qt: paper, orientation, panels
per page, which fields a panel shows; the grid, how rows of panels fill pages, and where a
panel's picture and words go.

Units are points (1/72 inch) throughout; `exports/pdf.py` converts to the writer's units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.shot_language import ratio_value

T = TypeVar("T")
Paper = Literal["a4", "letter"]
Orientation = Literal["portrait", "landscape"]

PAPERS: dict[str, tuple[float, float]] = {  # portrait width, height in points
    "a4": (595.0, 842.0),  # 210 × 297 mm, as QPageSize rounds it
    "letter": (612.0, 792.0),  # 8.5 × 11 in
}
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}
ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")
PANEL_COUNTS = (1, 2, 3, 4, 6, 9)
FIELDS = ("camera", "dialogue", "action", "notes", "prompt", "duration", "seed")
"""What a panel can show under its picture, in the order drawn."""
FIELD_NAMES = {
    "camera": "Shot type and camera (angle, move)",
    "dialogue": "Dialogue",
    "action": "Action",
    "notes": "Notes",
    "prompt": "Prompt",
    "duration": "Duration",
    "seed": "Seed and model",
}
DEFAULT_FIELDS = ("camera", "dialogue", "action", "notes", "prompt", "duration")
IMAGE_DPI = 300  # a picture is embedded at its own pixels, or at this density when larger
REDUCE_ABOVE = 1.5  # … larger by more than this (linear) factor

MARGIN = 30.0  # around the page
HEADER_H = 22.0  # project · date · shots · total length, on every page
FOOTER_H = 16.0  # page numbers
SCENE_H = 20.0  # "Scene 2: Night" above the first row of a scene on a page
GUTTER = 12.0  # between panels
ROW_GAP = 8.0
TEXT_MIN = 44.0  # the least room under (or beside) a picture for its words


@dataclass(frozen=True)
class PdfOptions:
    """How the PDF storyboard is laid out; the defaults are six panels on landscape A4."""

    paper: Paper = "a4"
    orientation: Orientation = "landscape"
    panels: int = 6
    fields: tuple[str, ...] = field(default=DEFAULT_FIELDS)

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise InvalidInputError(f"Paper {self.paper!r} is not offered; choose A4 or Letter.")
        if self.orientation not in ORIENTATIONS:
            raise InvalidInputError("Choose portrait or landscape pages.")
        if self.panels not in PANEL_COUNTS:
            counts = ", ".join(map(str, PANEL_COUNTS))
            raise InvalidInputError(
                f"{self.panels} panels per page is not offered; choose {counts}."
            )
        unknown = [f for f in self.fields if f not in FIELDS]
        if unknown:
            raise InvalidInputError(
                f"A panel cannot show {', '.join(unknown)}; choose from {', '.join(FIELDS)}."
            )
        ordered = tuple(f for f in FIELDS if f in self.fields)  # one order, no repeats
        object.__setattr__(self, "fields", ordered)

    def shows(self, name: str) -> bool:
        return name in self.fields

    @property
    def page_size(self) -> tuple[float, float]:
        """The page's width and height in points, as oriented."""
        short, long = PAPERS[self.paper]
        return (long, short) if self.orientation == "landscape" else (short, long)

    @property
    def grid(self) -> tuple[int, int]:
        """Columns and rows of panels on a page."""
        return grid_for(self.panels, self.orientation)

    def describe(self) -> str:
        """`6 panels per page, A4 landscape`."""
        per = "panel" if self.panels == 1 else "panels"
        return f"{self.panels} {per} per page, {PAPER_NAMES[self.paper]} {self.orientation}"


def parse_fields(text: str) -> tuple[str, ...]:
    """`camera,dialogue, notes` → the fields; `none` → no fields; `all` → every one."""
    words = [w.strip().lower() for w in text.replace(";", ",").split(",") if w.strip()]
    if words == ["all"]:
        return FIELDS
    if words == ["none"] or not words:
        return ()
    aliases = {"shot": "camera", "shot-type": "camera", "model": "seed", "time": "duration"}
    chosen = [aliases.get(w, w) for w in words]
    unknown = [w for w in chosen if w not in FIELDS]
    if unknown:
        raise InvalidInputError(
            f"A panel cannot show {', '.join(unknown)}; choose from {', '.join(FIELDS)} "
            "(or all, none)."
        )
    return tuple(f for f in FIELDS if f in chosen)


def grid_for(panels: int, orientation: Orientation) -> tuple[int, int]:
    """Columns × rows for `panels` per page: wide pages get more columns, tall ones more rows."""
    landscape = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (2, 2), 6: (3, 2), 9: (3, 3)}
    portrait = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3), 9: (3, 3)}
    table = landscape if orientation == "landscape" else portrait
    if panels not in table:
        raise InvalidInputError(f"{panels} panels per page is not offered.")
    return table[panels]


@dataclass(frozen=True)
class Rect:
    """A rectangle in points, from the page's top left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class PanelGeometry:
    """Where a panel's picture (at the project's ratio) and its words go inside its cell."""

    picture: Rect
    words: Rect
    beside: bool  # words to the right of the picture rather than under it


def fit_inside(box: Rect, ratio: float) -> Rect:
    """The largest `ratio` (width/height) rectangle centred in `box`: letterboxed, never
    stretched."""
    if box.w <= 0 or box.h <= 0 or ratio <= 0:
        return Rect(box.x, box.y, 0.0, 0.0)
    w = min(box.w, box.h * ratio)
    h = w / ratio
    return Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)


def panel_geometry(cell: Rect, aspect_ratio: str, text_lines: int) -> PanelGeometry:
    """Split `cell` into a picture at `aspect_ratio` and room for about `text_lines` lines.

    The words go under the picture, or beside it (as on a classic storyboard sheet) when
    that gives the larger picture: a short wide cell, or a tall picture.
    """
    ratio = ratio_value(aspect_ratio)
    text_h = min(max(TEXT_MIN, 10.0 * (text_lines + 1)), cell.h * 0.45)
    below = fit_inside(Rect(cell.x, cell.y, cell.w, max(0.0, cell.h - text_h)), ratio)
    side = fit_inside(Rect(cell.x, cell.y, cell.w * 0.62, cell.h), ratio)
    side_words = cell.w - side.w - 10
    if side_words >= 2 * TEXT_MIN and side.w * side.h > below.w * below.h * 1.05:
        picture = Rect(cell.x, cell.y, side.w, side.h)
        words = Rect(cell.x + side.w + 10, cell.y, side_words, cell.h)
        return PanelGeometry(picture, words, beside=True)
    picture = Rect(cell.x, cell.y, below.w, below.h)  # left, above its words
    words = Rect(cell.x, cell.y + below.h + 5, cell.w, max(0.0, cell.h - below.h - 5))
    return PanelGeometry(picture, words, beside=False)


@dataclass(frozen=True)
class PageGeometry:
    """The page's bands and the grid's cells, in points."""

    width: float
    height: float
    header: Rect
    footer: Rect
    body: Rect
    columns: int
    rows: int
    cell_w: float
    row_h: float  # one row of panels, its scene band excluded


def page_geometry(options: PdfOptions) -> PageGeometry:
    """Bands (header, body, footer) and the size of one cell for these options."""
    width, height = options.page_size
    columns, rows = options.grid
    header = Rect(MARGIN, MARGIN, width - 2 * MARGIN, HEADER_H)
    footer = Rect(MARGIN, height - MARGIN - FOOTER_H, width - 2 * MARGIN, FOOTER_H)
    body = Rect(MARGIN, header.bottom + 4, header.w, footer.y - header.bottom - 8)
    cell_w = (body.w - GUTTER * (columns - 1)) / columns
    row_h = (body.h - rows * SCENE_H - ROW_GAP * (rows - 1)) / rows
    return PageGeometry(width, height, header, footer, body, columns, rows, cell_w, row_h)


def pixels_needed(points_w: float, points_h: float, dpi: int = IMAGE_DPI) -> tuple[int, int]:
    """How many pixels a picture of this size in points needs at `dpi`."""
    return (math.ceil(points_w / 72 * dpi), math.ceil(points_h / 72 * dpi))


def embed_size(
    source: tuple[int, int], box: tuple[int, int], slack: float = REDUCE_ABOVE
) -> tuple[int, int]:
    """The pixels to embed: the source's own, or just `box` (the panel at 300 dpi) when the
    source is more than `slack` times larger; never more than the source has.

    Within the slack the file goes in as it is (no decoding, no re-encoding), which is
    faster and, for a PNG or JPEG, smaller than the reduced picture Qt would write."""
    sw, sh = source
    bw, bh = box
    if sw <= 0 or sh <= 0:
        return source
    scale = min(bw / sw, bh / sh)
    if scale * slack >= 1:
        return source
    return (max(1, round(sw * scale)), max(1, round(sh * scale)))


def format_seconds(seconds: float) -> str:
    """`42.5 s`, `3:05` for longer than a minute: a total length as a reader says it."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Row(Generic[T]):
    """One row of panels on a page; `heading` is the scene title drawn above it, if any."""

    scene: int  # index of the scene in the document's order
    heading: str | None
    entries: tuple[T, ...]


def paginate(
    scenes: list[tuple[str, list[T]]], columns: int, rows_per_page: int
) -> list[list[Row[T]]]:
    """Scenes (title, shots) into pages of rows: a scene starts on a new row, its title above
    its first row and again ("continued") on each page it runs onto. A scene with no shots
    still gets a row, so its title (and bookmark) is in the document."""
    pages: list[list[Row[T]]] = []
    page: list[Row[T]] = []
    for index, (title, entries) in enumerate(scenes):
        chunks = [tuple(entries[i : i + columns]) for i in range(0, len(entries), columns)]
        for number, chunk in enumerate(chunks or [()]):
            if len(page) == rows_per_page:
                pages.append(page)
                page = []
            heading = None
            if number == 0:
                heading = title
            elif not page:
                heading = f"{title} (continued)"
            page.append(Row(index, heading, chunk))
    if page:
        pages.append(page)
    return pages


def first_pages(pages: list[list[Row[T]]]) -> dict[int, int]:
    """Scene index → the index of the page where the scene begins."""
    found: dict[int, int] = {}
    for number, page in enumerate(pages):
        for row in page:
            found.setdefault(row.scene, number)
    return found
