"""The storyboard as a PDF (QPdfWriter): a cover, then six panels per A4 landscape page.

The one module below `ui/` that imports Qt: Qt draws the pages. It is imported only when a
PDF is asked for, and `ensure_gui_application()` starts an offscreen QGuiApplication when
none exists. Painting into a QPdfWriter is allowed off the GUI thread, so a worker may call
`export_pdf`. The written file is read back with pypdf (it opens, it has every page)
before it is renamed into place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
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

from storyboard_app.domain.errors import EnvironmentProblemError
from storyboard_app.domain.shot_language import camera_caption, script_caption
from storyboard_app.exports.timeline import ShotEntry, Timeline, shot_duration
from storyboard_app.media.atomic import atomic_path

COLUMNS = 3
ROWS_PER_PAGE = 2
RESOLUTION = 144  # layout units per inch
BRIEF_CHARS = 1500
PROMPT_CHARS = 400

_app: QGuiApplication | None = None  # kept alive for the process when we made it


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


@dataclass(frozen=True)
class _Header:
    title: str


@dataclass(frozen=True)
class _Row:
    entries: tuple[ShotEntry, ...]


_Block = _Header | _Row


def paginate(timeline: Timeline) -> list[list[_Block]]:
    """Scene headers and rows of up to three panels, split into pages of two rows."""
    pages: list[list[_Block]] = []
    page: list[_Block] = []
    rows_on_page = 0
    for scene in timeline.scenes:
        entries = [e for e in timeline.entries if e.scene.id == scene.id]
        title = f"Scene {scene.scene_number}: {scene.title}"
        rows = [tuple(entries[i : i + COLUMNS]) for i in range(0, len(entries), COLUMNS)] or [()]
        for index, row in enumerate(rows):
            if rows_on_page == ROWS_PER_PAGE or not page:
                if page:
                    pages.append(page)
                page, rows_on_page = [], 0
                page.append(_Header(title if index == 0 else f"{title} (continued)"))
            elif index == 0:
                page.append(_Header(title))
            page.append(_Row(row))
            rows_on_page += 1
    if page:
        pages.append(page)
    return pages


class _Painter:
    """Draws the cover and the panel pages onto one QPdfWriter."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, default_seconds: float) -> None:
        self.writer = writer
        self.p = painter
        self.default_seconds = default_seconds
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.unit = writer.resolution() / 72.0  # device units per point

    def font(self, points: float, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def text(
        self,
        rect: QRectF,
        text: str,
        points: float,
        *,
        bold: bool = False,
        italic: bool = False,
        color: str = "#202020",
        wrap: bool = True,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> float:
        """Draw text clipped to `rect`; return the height it needed (at most the rect's)."""
        font = self.font(points, bold=bold, italic=italic)
        self.p.setFont(font)
        self.p.setPen(QColor(color))
        metrics = QFontMetricsF(font, self.writer)
        flags = int(align | Qt.AlignmentFlag.AlignTop)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
        else:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        needed = metrics.boundingRect(rect, flags, text).height()
        self.p.save()
        self.p.setClipRect(rect)
        self.p.drawText(rect, flags, text)
        self.p.restore()
        return min(needed, rect.height())

    def footer(self, page: int, pages: int, title: str) -> None:
        u = self.unit
        rect = QRectF(0, self.height - 14 * u, self.width, 14 * u)
        self.text(rect, title, 8, color="#808080", wrap=False)
        self.text(
            rect, f"Page {page} of {pages}", 8, color="#808080", align=Qt.AlignmentFlag.AlignRight
        )

    def cover(self, timeline: Timeline, pages: int) -> None:
        u = self.unit
        project = timeline.project
        y = self.height * 0.18
        y += self.text(QRectF(0, y, self.width, 80 * u), project.title, 30, bold=True) + 10 * u
        picked = timeline.picked
        total = sum(shot_duration(e, self.default_seconds) for e in picked)
        summary = (
            f"{len(timeline.scenes)} scenes · {len(timeline.entries)} shots · "
            f"{len(picked)} with a final image · {total:.1f} s"
        )
        y += self.text(QRectF(0, y, self.width, 20 * u), summary, 11, color="#606060") + 18 * u
        if project.description.strip():
            y += (
                self.text(QRectF(0, y, self.width, 120 * u), project.description.strip(), 12)
                + 14 * u
            )
        brief = project.prompt_planner_data.strip()
        if brief:
            if len(brief) > BRIEF_CHARS:
                brief = brief[:BRIEF_CHARS].rstrip() + " …"
            y += self.text(QRectF(0, y, self.width, 16 * u), "Brief", 11, bold=True) + 4 * u
            remaining = self.height - 24 * u - y
            if remaining > 20 * u:
                self.text(QRectF(0, y, self.width, remaining), brief, 9.5, color="#404040")
        self.footer(1, pages, project.title)

    def panel(self, rect: QRectF, entry: ShotEntry | None) -> None:
        if entry is None:
            return
        u = self.unit
        image_rect = QRectF(rect.left(), rect.top(), rect.width(), rect.width() * 9 / 16)
        self.p.setPen(QPen(QColor("#c8c8c8"), 0.8 * u))
        self.p.fillRect(image_rect, QColor("#f0f0f0"))
        drawn = False
        if entry.image_path is not None and entry.image_path.is_file():
            image = QImage(str(entry.image_path))
            if not image.isNull():
                scaled = image.scaled(
                    int(image_rect.width() * 1.5),
                    int(image_rect.height() * 1.5),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                target = QRectF(0, 0, scaled.width() / 1.5, scaled.height() / 1.5)
                target.moveCenter(image_rect.center())
                self.p.drawImage(target, scaled)
                drawn = True
        if not drawn:
            message = "No final image yet" if entry.image is None else "Image file missing"
            self.text(
                image_rect.adjusted(0, image_rect.height() / 2 - 8 * u, 0, 0),
                message,
                10,
                italic=True,
                color="#909090",
                align=Qt.AlignmentFlag.AlignHCenter,
            )
        self.p.setPen(QPen(QColor("#c8c8c8"), 0.8 * u))
        self.p.drawRect(image_rect)
        y = image_rect.bottom() + 5 * u
        seconds = (
            f" · {shot_duration(entry, self.default_seconds):.1f} s"
            if entry.image is not None
            else ""
        )
        fields = entry.shot.fields
        camera = camera_caption(fields.shot_type, fields.angle, fields.move)
        camera = f" · {camera}" if camera else ""
        heading = f"Shot {entry.shot.shot_number}{camera}{seconds} · {entry.status}"
        y += self.text(QRectF(rect.left(), y, rect.width(), 14 * u), heading, 9.5, bold=True)
        y += 2 * u
        if entry.shot.description.strip():
            y += self.text(
                QRectF(rect.left(), y, rect.width(), 24 * u), entry.shot.description.strip(), 8.5
            )
            y += 2 * u
        script = script_caption(fields.dialogue, fields.action)
        if script and y < rect.bottom():
            y += self.text(QRectF(rect.left(), y, rect.width(), 24 * u), script, 8.5)
            y += 2 * u
        prompt = entry.prompt.strip()
        if len(prompt) > PROMPT_CHARS:
            prompt = prompt[:PROMPT_CHARS].rstrip() + " …"
        if prompt and y < rect.bottom():
            self.text(
                QRectF(rect.left(), y, rect.width(), rect.bottom() - y),
                prompt,
                7.5,
                italic=True,
                color="#505050",
            )

    def page(self, blocks: list[_Block], number: int, pages: int, title: str) -> None:
        u = self.unit
        header_h = 22 * u
        footer_h = 18 * u
        gutter = 12 * u
        row_h = (self.height - footer_h - ROWS_PER_PAGE * header_h) / ROWS_PER_PAGE - 6 * u
        col_w = (self.width - gutter * (COLUMNS - 1)) / COLUMNS
        y = 0.0
        for block in blocks:
            if isinstance(block, _Header):
                self.text(QRectF(0, y, self.width, header_h), block.title, 13, bold=True)
                y += header_h
                continue
            for column, entry in enumerate(block.entries):
                x = column * (col_w + gutter)
                self.panel(QRectF(x, y, col_w, row_h), entry)
            y += row_h + 6 * u
        self.footer(number, pages, title)


def _check_pages(path: Path, pages: int) -> None:
    """The written file opens as a PDF and has `pages` pages."""
    from pypdf import PdfReader

    try:
        found = len(PdfReader(path, strict=True).pages)
    except Exception as exc:  # pypdf raises its own and plain errors for a damaged file
        raise EnvironmentProblemError(
            f"The PDF storyboard written to {path.name} does not open (is the disk full or "
            "failing?). Nothing was kept."
        ) from exc
    if found != pages:
        raise EnvironmentProblemError(
            f"The PDF storyboard written to {path.name} has {found} of {pages} pages. "
            "Nothing was kept."
        )


def export_pdf(timeline: Timeline, target: Path, default_seconds: float) -> PdfExport:
    """Write the storyboard PDF atomically; every shot gets a panel, gaps included.

    Every final image is checked (present, SHA-256 intact) before Qt reads any of them: a
    missing or damaged one raises MediaError naming the shot and nothing is written (so
    no half-drawn panel, and no decoder noise on stderr).
    """
    timeline.check_media(clips=False)
    ensure_gui_application()
    pages = paginate(timeline)
    total = len(pages) + 1
    with atomic_path(
        Path(target), "PDF storyboard", check=lambda tmp: _check_pages(tmp, total)
    ) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(timeline.project.title)
        writer.setCreator("Storyboard Studio")
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(36, 36, 36, 30),
                QPageLayout.Unit.Point,
            )
        )
        painter = QPainter()
        if not painter.begin(writer):
            raise EnvironmentProblemError(
                f"Cannot write the PDF storyboard to {target}. Choose a folder you can write to."
            )
        try:
            drawer = _Painter(writer, painter, default_seconds)
            drawer.cover(timeline, total)
            for number, blocks in enumerate(pages, start=2):
                writer.newPage()
                drawer.page(blocks, number, total, timeline.project.title)
        finally:
            ended = painter.end()
        if not ended or not tmp.is_file() or tmp.stat().st_size == 0:
            raise EnvironmentProblemError(
                f"The PDF storyboard {target} could not be written completely (is the disk "
                "full?). Free some space and export again."
            )
    return PdfExport(Path(target).expanduser().absolute(), total, len(timeline.entries))
