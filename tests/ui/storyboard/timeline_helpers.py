"""Mouse gestures on the timeline view, sent as real Qt events (press, moves, release)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton


def _send(
    widget: QWidget,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
    modifiers: Qt.KeyboardModifier,
) -> None:
    glob = QPointF(widget.mapToGlobal(pos.toPoint()))
    QApplication.sendEvent(widget, QMouseEvent(kind, pos, glob, button, buttons, modifiers))


def drag(
    widget: QWidget,
    start: QPointF,
    end: QPointF,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    steps: int = 6,
) -> None:
    """Press at `start`, move in steps to `end`, release there."""
    _send(widget, QEvent.Type.MouseButtonPress, start, LEFT, LEFT, modifiers)
    for i in range(1, steps + 1):
        pos = start + (end - start) * (i / steps)
        _send(widget, QEvent.Type.MouseMove, pos, NONE, LEFT, modifiers)
    _send(widget, QEvent.Type.MouseButtonRelease, end, LEFT, NONE, modifiers)


def click(widget: QWidget, pos: QPointF) -> None:
    drag(widget, pos, pos, steps=1)


def ctrl_wheel(widget: QWidget, pos: QPointF, notches: int) -> None:
    glob = QPointF(widget.mapToGlobal(pos.toPoint()))
    event = QWheelEvent(
        pos,
        glob,
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        NONE,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
