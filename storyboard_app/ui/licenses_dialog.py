"""Help → About → Licences: the licence text of every component the app is built with.

The texts are the bundle's `licenses/` folder (packaging/licenses/ when run from source), one
folder per component; they are read on a pool thread and shown one component at a time.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.ui.shared.worker import TaskRunner

NAME_FILE = "LICENSE-NAME"
# Shown first: what a creator most likely looks for.
FIRST = ("Qt-and-PySide6", "ffmpeg", "Python")


@dataclass(frozen=True)
class Licence:
    component: str
    licence: str  # short name, e.g. "LGPL-3"
    text: str  # the NOTICE (where the source is) and every licence file, one after the other


def licenses_dir() -> Path:
    """Where the licence texts are: inside the bundle, or the source tree's packaging/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "licenses"
    return Path(__file__).resolve().parents[2] / "packaging" / "licenses"


def read_licences(root: Path) -> list[Licence]:
    """Every component under `root`, the best-known first (runs on a pool thread)."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name_file = folder / NAME_FILE
        licence = name_file.read_text(encoding="utf-8").strip() if name_file.is_file() else ""
        files = sorted(
            (p for p in folder.iterdir() if p.is_file() and p.name != NAME_FILE),
            key=lambda p: (p.name != "NOTICE", p.name.lower()),
        )
        parts = [
            f"── {p.name} ──\n\n{p.read_text(encoding='utf-8', errors='replace').strip()}"
            for p in files
        ]
        found.append(Licence(folder.name, licence, "\n\n\n".join(parts)))
    order = {name: i for i, name in enumerate(FIRST)}
    return sorted(
        found, key=lambda item: (order.get(item.component, len(order)), item.component.lower())
    )


class LicencesDialog(QDialog):
    """A list of components and the selected one's licence text. GUI thread only."""

    def __init__(self, parent: QWidget | None = None, root: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Licences")
        self._root = root if root is not None else licenses_dir()
        self._licences: list[Licence] = []
        self.status = QLabel("Reading the licence texts…")
        self.status.setWordWrap(True)
        self.components = QListWidget()
        self.components.setMinimumWidth(250)
        self.components.setMaximumWidth(340)
        self.components.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.components.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.components.currentRowChanged.connect(self._show)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        row = QHBoxLayout()
        row.addWidget(self.components)
        row.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
        self._tasks = TaskRunner(parent=self)
        root_path = self._root
        self._tasks.submit(
            lambda _ctx: read_licences(root_path),
            name="Reading the licence texts",
            on_result=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, licences: list[Licence]) -> None:
        self._licences = licences
        self.status.setText(
            f"{len(licences)} components. Each text says where that component's source "
            "code can be found."
        )
        for item in licences:
            name = item.component.replace("-and-", " and ")
            entry = QListWidgetItem(f"{name}  ({item.licence})" if item.licence else name)
            entry.setToolTip(f"{name}: {item.licence}" if item.licence else name)
            self.components.addItem(entry)
        if licences:
            self.components.setCurrentRow(0)
            self.components.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, _exc: BaseException) -> None:
        self.status.setText(
            f"The licence texts could not be read. They come with the app in {self._root}; "
            "reinstalling Storyboard Studio puts them back."
        )
        font = QFont(self.status.font())
        font.setBold(True)
        self.status.setFont(font)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._licences):
            self.text.setPlainText(self._licences[row].text)
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)

    def component_names(self) -> list[str]:
        return [item.component for item in self._licences]

    def select(self, component: str) -> str:
        """Show `component`'s text and return it (for tests and the self-test)."""
        self.components.setCurrentRow(self.component_names().index(component))
        return self.text.toPlainText()
