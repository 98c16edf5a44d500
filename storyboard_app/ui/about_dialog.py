"""The About dialog and the application icon (drawn by packaging/draw_icon.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon, QPixmap, QTextDocumentFragment
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from storyboard_app import APP_NAME, __version__

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_path(size: int) -> Path:
    """The PNG of the app icon at `size` pixels (one of ICON_SIZES)."""
    return ICON_DIR / f"storyboard-studio-{size}.png"


def app_icon() -> QIcon:
    """The app icon with every drawn size, for the window and the task bar."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icon_path(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def about_text() -> str:
    """The plain text the dialog shows: name, version and the versions it is built on."""
    python = sys.version.split()[0]
    return (
        f"{APP_NAME} {__version__}\n"
        "Plan a video, iterate every shot in rounds of six, and assemble the storyboard "
        "into a video.\n"
        f"Python {python} · Qt {qVersion()} · PySide6 {pyside_version}"
    )


class AboutDialog(QDialog):
    """Name, version, icon and library versions; closes with OK. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(app_icon())
        picture = QLabel()
        picture.setPixmap(QPixmap(str(icon_path(128))))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        _, tagline, versions = about_text().split("\n")
        title = QLabel(f"<h2>{APP_NAME}</h2><p>Version {__version__}</p>")
        body = QLabel(f"<p>{tagline}</p><p><small>{versions}</small></p>")
        self._labels = (title, body)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(body)
        text.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(picture)
        row.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.licences_button = buttons.addButton("&Licences…", QDialogButtonBox.ButtonRole.HelpRole)
        self.licences_button.setToolTip(
            "The licence of every component Storyboard Studio is built with (Qt, ffmpeg, …)"
        )
        self.licences_button.clicked.connect(self.show_licences)
        self.licences: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def show_licences(self) -> None:
        """Open Help → About → Licences (one window, raised again when already open)."""
        from storyboard_app.ui.licenses_dialog import LicencesDialog

        if self.licences is None:
            self.licences = LicencesDialog(self)
        self.licences.show()
        self.licences.raise_()

    def text(self) -> str:
        """What the dialog's labels say, as plain text (for tests and the self-test)."""
        return "\n".join(
            QTextDocumentFragment.fromHtml(label.text()).toPlainText().strip()
            for label in self._labels
        )
