"""A one-line label that never asks for more width than it gets: a long text is elided
("…") and the whole of it is in the tooltip (GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_CHARS = 8  # the narrowest it goes: a few characters and the ellipsis


class ElidedLabel(QLabel):
    """`text()` is the whole text; what is painted fits the label's width."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt override: keep the whole text
        self._full = text
        self.updateGeometry()
        self._elide()

    def text(self) -> str:  # Qt override
        return self._full

    def minimumSizeHint(self) -> QSize:  # Qt override
        metrics = QFontMetrics(self.font())
        width = min(metrics.horizontalAdvance(self._full), metrics.averageCharWidth() * MIN_CHARS)
        return QSize(width, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # Qt override
        metrics = QFontMetrics(self.font())
        margins = self.contentsMargins()
        width = metrics.horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(width, super().sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        shown = metrics.elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(0, self.contentsRect().width())
        )
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
