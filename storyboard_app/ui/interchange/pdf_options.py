"""The PDF storyboard's layout, chosen before File → Export → PDF storyboard asks where.

`PdfOptionsWidget` edits a `PdfOptions` (paper, orientation, panels per page, the fields a
panel shows); `PdfOptionsDialog` holds it with Continue/Cancel; `ask_pdf_options` shows the
dialog with the choices of the last export (kept in the data folder's window settings) and
remembers the new ones. The export controller takes the asker as a callable, like its file
chooser, so tests answer without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.exports.pdf_layout import (
    DEFAULT_FIELDS,
    FIELD_NAMES,
    FIELDS,
    ORIENTATIONS,
    PANEL_COUNTS,
    PAPER_NAMES,
    PdfOptions,
)
from storyboard_app.paths import DataPaths

SETTINGS_GROUP = "pdf_export"

PdfOptionsAsker = Callable[[QWidget | None, DataPaths], PdfOptions | None]
"""Shows the choices (from the last export) and returns the new ones, or None to cancel."""


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
        form = QFormLayout()
        form.addRow("&Paper:", self.paper)
        form.addRow("&Orientation:", self.orientation)
        form.addRow("Pa&nels:", self.panels)
        form.addRow("", self.grid_label)

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

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addStretch(1)
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
        self.grid_label.setText(
            f"{columns} across × {rows} down; each scene starts on a new row and has a "
            "bookmark. Pictures keep the project's aspect ratio."
        )

    def _on_choice_changed(self, *_args: object) -> None:
        options = self.options()
        self._show_grid(options)
        self.options_changed.emit(options)


class PdfOptionsDialog(QDialog):
    """Asks how to lay out the PDF storyboard; Continue goes on to choose where (GUI thread)."""

    def __init__(self, options: PdfOptions | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfOptionsDialog")
        self.setWindowTitle("PDF storyboard layout")
        self.editor = PdfOptionsWidget(options, self)
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
    dialog = PdfOptionsDialog(load_pdf_options(paths), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
    finally:
        dialog.deleteLater()
    save_pdf_options(paths, options)
    return options
