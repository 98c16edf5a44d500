"""The storyboard as a PDF (QPdfWriter): a cover, then pages of panels as `PdfOptions` says.

The one module below `ui/` that imports Qt: Qt draws the pages. It is imported only when a
PDF is asked for, and `ensure_gui_application()` starts an offscreen QGuiApplication when
none exists. Painting into a QPdfWriter is allowed off the GUI thread, so a worker may call
`export_pdf`. Qt draws into memory; pypdf then puts each PNG or JPEG file in place of
the stand-in Qt drew for it (`pdf_images`), adds a bookmark per scene and writes the file,
which is read back (it opens, it has every page and bookmark) before it is renamed into
place. Text is set without ligatures so that every word can be searched; other pictures
are drawn by Qt losslessly at their own pixels (fewer only when far larger than 300 dpi
needs). Geometry is in `pdf_layout`, words in `pdf_content`; neither imports Qt.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from storyboard_app.domain.errors import EnvironmentProblemError, StoryboardError
from storyboard_app.exports import pdf_content as words
from storyboard_app.exports.pdf_images import (
    Original,
    embed_originals,
    original,
    placeholder_width,
)
from storyboard_app.exports.pdf_layout import (
    GUTTER,
    ROW_GAP,
    SCENE_H,
    PageGeometry,
    PdfOptions,
    Rect,
    Row,
    embed_size,
    first_pages,
    fit_inside,
    page_geometry,
    paginate,
    panel_geometry,
    pixels_needed,
)
from storyboard_app.exports.timeline import ShotEntry, Timeline
from storyboard_app.media.atomic import atomic_path

RESOLUTION = 144  # device units per inch: two per point
BRIEF_CHARS = 1500
FAMILIES = ["DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial", "Noto Sans CJK JP"]
NO_LIGATURES = ("liga", "clig", "dlig", "hlig")  # "ﬁ" as one glyph cannot be searched
STYLES: dict[words.Style, tuple[float, bool, bool, str]] = {  # points, bold, italic, colour
    "heading": (9.0, True, False, "#202020"),
    "body": (8.5, False, False, "#202020"),
    "dialogue": (8.5, False, True, "#202020"),
    "note": (8.0, False, False, "#505050"),
    "prompt": (7.5, False, True, "#505050"),
    "detail": (7.0, False, False, "#707070"),
}
PAPER_IDS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}

_app: QGuiApplication | None = None  # kept alive for the process when we made it
Progress = Callable[[float, str], None]


class PdfCancelledError(StoryboardError):
    """The user stopped the PDF between two pages; nothing was written."""


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new offscreen one (for the command line)."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:  # a QCoreApplication cannot draw text; nothing to do but say so
        raise EnvironmentProblemError("The PDF needs a GUI application; start it from the app.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["storyboard-app"])
    return _app


@dataclass(frozen=True)
class PdfExport:
    """What was written."""

    path: Path
    pages: int
    panels: int
    bookmarks: int = 0  # one per scene
    options: PdfOptions = field(default_factory=PdfOptions)


def text_font(points: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """A sans-serif font without ligatures (so "final" stays five searchable letters)."""
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    for tag in NO_LIGATURES:
        font.setFeature(QFont.Tag(tag), 0)
    return font


class _Painter:
    """Draws the cover and the panel pages onto one QPdfWriter, in points from `pdf_layout`."""

    def __init__(
        self,
        writer: QPdfWriter,
        painter: QPainter,
        timeline: Timeline,
        options: PdfOptions,
        default_seconds: float,
        today: date,
    ) -> None:
        self.writer = writer
        self.p = painter
        self.timeline = timeline
        self.options = options
        self.default_seconds = default_seconds
        self.geometry: PageGeometry = page_geometry(options)
        self.unit = writer.resolution() / 72.0  # device units per point
        self.header = words.header_text(timeline, default_seconds, today)
        self.originals: list[Original] = []  # files embedded as they are, by stand-in width

    def r(self, rect: Rect) -> QRectF:
        u = self.unit
        return QRectF(rect.x * u, rect.y * u, rect.w * u, rect.h * u)

    def text(
        self,
        rect: Rect,
        text: str,
        points: float,
        *,
        bold: bool = False,
        italic: bool = False,
        color: str = "#202020",
        wrap: bool = True,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> float:
        """Draw text inside `rect` (points), cut with "…" when it does not fit; return the
        height it took, in points."""
        if rect.h <= 0 or rect.w <= 0 or not text:
            return 0.0
        font = text_font(points, bold=bold, italic=italic)
        self.p.setFont(font)
        self.p.setPen(QColor(color))
        metrics = QFontMetricsF(font, self.writer)
        box = self.r(rect)
        flags = int(align | Qt.AlignmentFlag.AlignTop)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
            text = _fit(metrics, box, flags, text)
        else:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width())
        needed = metrics.boundingRect(box, flags, text).height()
        self.p.drawText(box, flags, text)
        return min(needed, box.height()) / self.unit

    def header_and_footer(self, number: int, pages: int) -> None:
        g = self.geometry
        title = self.timeline.project.title
        left = Rect(g.header.x, g.header.y, g.header.w * 0.58, g.header.h)  # room for the right
        self.text(left, title, 10, bold=True, wrap=False)
        self.text(
            g.header, self.header, 9, color="#606060", wrap=False, align=Qt.AlignmentFlag.AlignRight
        )
        u = self.unit
        self.p.setPen(QPen(QColor("#b0b0b0"), 0.6 * u))
        line_y = (g.header.bottom - 6) * u
        self.p.drawLine(int(g.header.x * u), int(line_y), int(g.header.right * u), int(line_y))
        self.text(
            g.footer,
            f"Page {number} of {pages}",
            8,
            color="#808080",
            align=Qt.AlignmentFlag.AlignRight,
        )

    def cover(self, pages: int) -> None:
        g = self.geometry
        project = self.timeline.project
        x, w = g.body.x, g.body.w
        y = g.body.y + g.body.h * 0.12
        y += self.text(Rect(x, y, w, 80), project.title, 28, bold=True) + 10
        summary = words.cover_summary(self.timeline, self.default_seconds, self.options)
        y += self.text(Rect(x, y, w, 32), summary, 11, color="#606060") + 16
        if project.description.strip():
            y += self.text(Rect(x, y, w, 120), project.description.strip(), 12) + 14
        brief = project.prompt_planner_data.strip()
        if brief:
            if len(brief) > BRIEF_CHARS:
                brief = brief[:BRIEF_CHARS].rstrip() + " …"
            y += self.text(Rect(x, y, w, 16), "Brief", 11, bold=True) + 4
            remaining = g.body.bottom - y
            if remaining > 20:
                self.text(Rect(x, y, w, remaining), brief, 9.5, color="#404040")
        self.header_and_footer(1, pages)

    def picture(self, box: Rect, entry: ShotEntry) -> None:
        """The final image letterboxed in a panel at the project's ratio, or a labelled gap."""
        u = self.unit
        message = words.panel_message(entry)
        found = original(entry.image_path) if entry.image_path and message is None else None
        image = QImage()
        if found is not None:
            source = (found.width, found.height)
        elif message is None:
            image = QImage(str(entry.image_path))
            source = (image.width(), image.height())
            if image.isNull():
                message = "Image cannot be read"
        if message is not None:
            self.p.fillRect(self.r(box), QColor("#f0f0f0"))
            middle = Rect(box.x + 4, box.y + box.h / 2 - 12, box.w - 8, box.h / 2 + 4)
            self.text(
                middle,
                message,
                9,
                italic=True,
                color="#808080",
                align=Qt.AlignmentFlag.AlignHCenter,
            )
        else:
            self.p.fillRect(self.r(box), QColor("#1a1a1a"))  # the letterbox
            target = fit_inside(box, source[0] / source[1])
            size = embed_size(source, pixels_needed(target.w, target.h))
            if found is not None and size == source:  # the file goes in as it is (see below)
                image = QImage(
                    placeholder_width(len(self.originals)), 1, QImage.Format.Format_RGB32
                )
                image.fill(QColor("#808080"))
                self.originals.append(found)
            elif size != source:
                if image.isNull():
                    image = QImage(str(entry.image_path))
                image = image.scaled(
                    *size,
                    Qt.AspectRatioMode.IgnoreAspectRatio,  # `size` keeps the ratio already
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.p.drawImage(self.r(target), image)
        self.p.setPen(QPen(QColor("#a0a0a0"), 0.6 * u))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(self.r(box))

    def panel(self, cell: Rect, entry: ShotEntry) -> None:
        lines = words.panel_lines(entry, self.options, self.default_seconds)
        room = 2 + len(self.options.fields)  # the same for every panel: rows line up
        shape = panel_geometry(cell, self.timeline.project.aspect_ratio, room)
        self.picture(shape.picture, entry)
        area = shape.words
        y = area.y
        for line in lines:
            points, bold, italic, color = STYLES[line.style]
            if area.bottom - y < points * 1.2:
                break
            y += self.text(
                Rect(area.x, y, area.w, area.bottom - y),
                line.text,
                points,
                bold=bold,
                italic=italic,
                color=color,
            )
            y += 2

    def page(self, rows: list[Row[ShotEntry]], number: int, pages: int) -> None:
        g = self.geometry
        y = g.body.y
        for row in rows:
            if row.heading is not None:
                self.text(
                    Rect(g.body.x, y, g.body.w, SCENE_H), row.heading, 12, bold=True, wrap=False
                )
            y += SCENE_H
            for column, entry in enumerate(row.entries):
                x = g.body.x + column * (g.cell_w + GUTTER)
                self.panel(Rect(x, y, g.cell_w, g.row_h), entry)
            y += g.row_h + ROW_GAP
        self.header_and_footer(number, pages)


def _fit(metrics: QFontMetricsF, box: QRectF, flags: int, text: str) -> str:
    """`text`, or as many of its words as fit in `box` followed by "…" (as many characters
    when not even one word fits, e.g. a line of Japanese with no spaces)."""

    def fits(trial: str) -> bool:
        return metrics.boundingRect(box, flags, trial).height() <= box.height() + 0.5

    if fits(text):
        return text
    for pieces, glue in ((text.split(" "), " "), (list(text), "")):
        lo, hi = 0, len(pieces)
        while lo < hi:  # the most pieces that fit with the ellipsis
            mid = (lo + hi + 1) // 2
            if fits(glue.join(pieces[:mid]) + glue + "…"):
                lo = mid
            else:
                hi = mid - 1
        if lo:
            return glue.join(pieces[:lo]) + glue + "…"
    return ""


def scenes_of(timeline: Timeline) -> list[tuple[str, list[ShotEntry]]]:
    """Each scene's title and its shots, in order."""
    return [
        (
            words.scene_title(scene.scene_number, scene.title),
            [e for e in timeline.entries if e.scene.id == scene.id],
        )
        for scene in timeline.scenes
    ]


def _draw(
    timeline: Timeline,
    options: PdfOptions,
    pages: list[list[Row[ShotEntry]]],
    default_seconds: float,
    today: date,
    progress: Progress,
    cancel: Callable[[], bool],
) -> tuple[bytes, list[Original]]:
    """The pages as Qt writes them (a cover first), in memory, and the files that Qt drew
    a stand-in for."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(timeline.project.title)
    writer.setCreator("Storyboard Studio")
    writer.setResolution(RESOLUTION)
    orientation = (
        QPageLayout.Orientation.Landscape
        if options.orientation == "landscape"
        else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAPER_IDS[options.paper]),
            orientation,
            QMarginsF(0, 0, 0, 0),  # the margins are pdf_layout's
            QPageLayout.Unit.Point,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise EnvironmentProblemError("Qt could not start drawing the PDF storyboard.")
    total = len(pages) + 1
    try:
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)  # no JPEG re-encoding
        drawer = _Painter(writer, painter, timeline, options, default_seconds, today)
        drawer.cover(total)
        for number, rows in enumerate(pages, start=2):
            if cancel():
                raise PdfCancelledError("The PDF storyboard was cancelled; nothing was written.")
            progress(0.9 * (number - 1) / total, f"Drawing page {number} of {total}")
            writer.newPage()
            drawer.page(rows, number, total)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data()), drawer.originals


def _check(path: Path, pages: int, bookmarks: int) -> None:
    """The written file opens as a PDF and has `pages` pages and `bookmarks` bookmarks."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=True)
        found, marks = len(reader.pages), len(reader.outline)
    except Exception as exc:  # pypdf raises its own and plain errors for a damaged file
        raise EnvironmentProblemError(
            f"The PDF storyboard written to {path.name} does not open (is the disk full or "
            "failing?). Nothing was kept."
        ) from exc
    if found != pages or marks != bookmarks:
        raise EnvironmentProblemError(
            f"The PDF storyboard written to {path.name} has {found} of {pages} pages and "
            f"{marks} of {bookmarks} scene bookmarks. Nothing was kept."
        )


def export_pdf(
    timeline: Timeline,
    target: Path,
    default_seconds: float,
    options: PdfOptions | None = None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> PdfExport:
    """Write the storyboard PDF atomically; every shot gets a panel, gaps included.

    Every final image is checked (present, SHA-256 intact) before Qt reads any of them: a
    missing or damaged one raises MediaError naming the shot and nothing is written (so
    no half-drawn panel, and no decoder noise on stderr). `progress` hears (fraction, what)
    page by page; `cancel` is asked between pages (PdfCancelledError, nothing written).
    """
    from pypdf import PdfReader, PdfWriter

    options = options or PdfOptions()
    timeline.check_media(clips=False)
    ensure_gui_application()
    scenes = scenes_of(timeline)
    columns, rows = options.grid
    pages = paginate(scenes, columns, rows)
    total = len(pages) + 1
    starts = first_pages(pages)
    with atomic_path(
        Path(target), "PDF storyboard", check=lambda tmp: _check(tmp, total, len(scenes))
    ) as tmp:
        report = progress or (lambda _fraction, _message: None)
        stop = cancel or (lambda: False)
        drawn, originals = _draw(
            timeline, options, pages, default_seconds, today or date.today(), report, stop
        )
        report(0.9, "Adding the pictures' files and a bookmark per scene")
        document = PdfWriter(clone_from=PdfReader(io.BytesIO(drawn)))
        if embed_originals(document, originals) != len(originals):
            raise RuntimeError("a picture's stand-in was not found in the drawn pages")
        for index, (title, _entries) in enumerate(scenes):
            document.add_outline_item(title=title, page_number=starts[index] + 1)  # 1: the cover
        document.page_mode = "/UseOutlines"  # a viewer opens with the scenes listed
        with tmp.open("wb") as out:
            document.write(out)
    return PdfExport(
        Path(target).expanduser().absolute(), total, len(timeline.entries), len(scenes), options
    )
