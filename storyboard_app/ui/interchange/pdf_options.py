"""The PDF storyboard's layout, chosen before File → Export → PDF storyboard asks where.

`PdfOptionsWidget` edits a `PdfOptions` (paper, orientation, panels per page, the fields a
panel shows); `PdfOptionsDialog` holds it with Continue/Cancel; `ask_pdf_options` shows the
dialog with the choices of the last export (kept in the data folder's window settings) and
remembers the new ones. The export controller takes the asker as a callable, like its file
chooser, so tests answer without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSettings, QSize, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.pdf_layout import (
    DEFAULT_FIELDS,
    FIELD_NAMES,
    FIELDS,
    GUTTER,
    ORIENTATIONS,
    PANEL_COUNTS,
    PAPER_NAMES,
    ROW_GAP,
    SCENE_H,
    PdfOptions,
    Rect,
    page_geometry,
    panel_geometry,
)
from storyboard_app.paths import DataPaths

SETTINGS_GROUP = "pdf_export"

PdfOptionsAsker = Callable[[QWidget | None, DataPaths], PdfOptions | None]
"""Shows the choices (from the last export) and returns the new ones, or None to cancel."""


class PagePreview(QWidget):
    """A miniature of one page: header, scene band and the panels at the chosen layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPagePreview")
        self.options = PdfOptions()
        self.aspect_ratio = "16:9"
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(320, 320)

    def show_options(self, options: PdfOptions) -> None:
        self.options = options
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt override
        g = page_geometry(self.options)
        scale = min((self.width() - 8) / g.width, (self.height() - 8) / g.height)
        left = (self.width() - g.width * scale) / 2
        top = (self.height() - g.height * scale) / 2

        def box(x: float, y: float, w: float, h: float) -> QRectF:
            return QRectF(left + x * scale, top + y * scale, w * scale, h * scale)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#909090"), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(box(0, 0, g.width, g.height))
        painter.setPen(QColor("#808080"))
        header = g.header
        painter.fillRect(box(header.x, header.y + 4, header.w * 0.4, 6), QColor("#606060"))
        lines = 2 + len(self.options.fields)
        y = g.body.y
        for _row in range(g.rows):
            painter.fillRect(box(g.body.x, y + 4, g.body.w * 0.25, 7), QColor("#9a9a9a"))
            y += SCENE_H
            for column in range(g.columns):
                x = g.body.x + column * (g.cell_w + GUTTER)
                cell = Rect(x, y, g.cell_w, g.row_h)
                shape = panel_geometry(cell, self.aspect_ratio, lines)
                pic = shape.picture
                painter.fillRect(box(pic.x, pic.y, pic.w, pic.h), QColor("#5b6f8a"))
                words = shape.words
                for n in range(min(lines, int(words.h // 11))):
                    width = words.w * (0.9 if n else 0.6)
                    painter.fillRect(
                        box(words.x, words.y + n * 11 + 2, width, 4), QColor("#c4c4c4")
                    )
            y += g.row_h + ROW_GAP
        painter.end()


class PdfOptionsWidget(QWidget):
    """Paper, orientation, panels per page and fields for the PDF storyboard (GUI thread).

    options_changed(object): the new `PdfOptions` after any choice changed.
    """

    options_changed = Signal(object)

    def __init__(self, options: PdfOptions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfOptions")
        self.paper = QComboBox(self)
        self.paper.setObjectName("pdfPaper")
        for key, name in PAPER_NAMES.items():
            self.paper.addItem(name, key)
        self.orientation = QComboBox(self)
        self.orientation.setObjectName("pdfOrientation")
        for key in ORIENTATIONS:
            self.orientation.addItem(key.capitalize(), key)
        self.panels = QComboBox(self)
        self.panels.setObjectName("pdfPanels")
        for count in PANEL_COUNTS:
            self.panels.addItem(f"{count} per page", count)
        self.grid_label = QLabel(self)
        self.grid_label.setObjectName("pdfGridLabel")
        self.grid_label.setWordWrap(True)
        self.preview = PagePreview(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("&Paper:", self.paper)
        form.addRow("&Orientation:", self.orientation)
        form.addRow("Pa&nels:", self.panels)
        form.addRow(self.grid_label)

        self.fields: dict[str, QCheckBox] = {}
        box = QGroupBox("Under each panel", self)
        grid = QGridLayout(box)
        for index, name in enumerate(FIELDS):
            check = QCheckBox(FIELD_NAMES[name], box)
            check.setObjectName(f"pdfField_{name}")
            self.fields[name] = check
            grid.addWidget(check, index // 2, index % 2)
        always = QLabel("The shot number, description and status always show.", box)
        always.setObjectName("pdfAlwaysLabel")
        always.setWordWrap(True)
        grid.addWidget(always, (len(FIELDS) + 1) // 2, 0, 1, 2)

        choices = QVBoxLayout()
        choices.addLayout(form)
        choices.addWidget(box)
        choices.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(choices, 3)
        layout.addWidget(self.preview, 2)
        self.set_options(options or PdfOptions())
        for combo in (self.paper, self.orientation, self.panels):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        for check in self.fields.values():
            check.toggled.connect(self._on_choice_changed)

    def options(self) -> PdfOptions:
        """The choices as shown."""
        return PdfOptions(
            paper=self.paper.currentData(),
            orientation=self.orientation.currentData(),
            panels=int(self.panels.currentData()),
            fields=tuple(name for name, check in self.fields.items() if check.isChecked()),
        )

    def set_options(self, options: PdfOptions) -> None:
        self.paper.setCurrentIndex(self.paper.findData(options.paper))
        self.orientation.setCurrentIndex(self.orientation.findData(options.orientation))
        self.panels.setCurrentIndex(self.panels.findData(options.panels))
        for name, check in self.fields.items():
            check.setChecked(options.shows(name))
        self._show_grid(options)

    def _show_grid(self, options: PdfOptions) -> None:
        columns, rows = options.grid
        self.preview.show_options(options)
        self.grid_label.setText(
            f"{columns} across × {rows} down. Each scene starts on a new row and has a "
            "bookmark; pictures keep the project's aspect ratio."
        )

    def _on_choice_changed(self, *_args: object) -> None:
        options = self.options()
        self._show_grid(options)
        self.options_changed.emit(options)


class PdfOptionsDialog(QDialog):
    """Asks how to lay out the PDF storyboard; Continue goes on to choose where (GUI thread)."""

    def __init__(
        self,
        options: PdfOptions | None = None,
        parent: QWidget | None = None,
        aspect_ratio: str = "16:9",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfOptionsDialog")
        self.setWindowTitle("PDF storyboard layout")
        self.editor = PdfOptionsWidget(options, self)
        self.editor.preview.aspect_ratio = aspect_ratio  # the project's, as the PDF draws it
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Continue…")
        ok.setObjectName("pdfContinueButton")
        ok.setToolTip("Choose where to save the PDF (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def options(self) -> PdfOptions:
        return self.editor.options()


def load_pdf_options(paths: DataPaths) -> PdfOptions:
    """The choices of the last PDF export, or the defaults (anything unreadable is ignored)."""
    settings = QSettings(str(paths.qt_settings_file), QSettings.Format.IniFormat)
    settings.beginGroup(SETTINGS_GROUP)
    defaults = PdfOptions()
    paper = settings.value("paper", defaults.paper)
    orientation = settings.value("orientation", defaults.orientation)
    panels = settings.value("panels", defaults.panels)
    fields = settings.value("fields", ",".join(DEFAULT_FIELDS))
    settings.endGroup()
    try:
        chosen = tuple(f for f in str(fields).split(",") if f) if fields is not None else ()
        return PdfOptions(
            paper=str(paper),  # type: ignore[arg-type]  # checked by PdfOptions
            orientation=str(orientation),  # type: ignore[arg-type]  # checked by PdfOptions
            panels=int(str(panels)),
            fields=chosen,
        )
    except (InvalidInputError, ValueError):  # a hand-edited or older settings file
        return defaults


def save_pdf_options(paths: DataPaths, options: PdfOptions) -> None:
    """Remember the choices for the next PDF export."""
    settings = QSettings(str(paths.qt_settings_file), QSettings.Format.IniFormat)
    settings.beginGroup(SETTINGS_GROUP)
    settings.setValue("paper", options.paper)
    settings.setValue("orientation", options.orientation)
    settings.setValue("panels", options.panels)
    settings.setValue("fields", ",".join(options.fields))
    settings.endGroup()
    settings.sync()


def ask_pdf_options(parent: QWidget | None, paths: DataPaths) -> PdfOptions | None:
    """The layout dialog with the last choices (GUI thread; modal, like a file dialog);
    remembers and returns the new ones, or None when the user cancelled."""
    project = getattr(parent, "project", None)  # the main window's open project, if any
    ratio = getattr(project, "aspect_ratio", None)
    dialog = PdfOptionsDialog(load_pdf_options(paths), parent, ratio or "16:9")
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
    finally:
        dialog.deleteLater()
    save_pdf_options(paths, options)
    return options


def choose_layout(
    asker: PdfOptionsAsker, parent: QWidget | None, paths: DataPaths, *, ask: bool
) -> PdfOptions | None:
    """The layout for a PDF export: asked through `asker` (None: the user cancelled), or the
    last one used when not `ask` (the path was given without asking)."""
    return asker(parent, paths) if ask else load_pdf_options(paths)
