"""A small non-modal note over the bottom of the window, with one optional action (e.g.
"Undone: Create “Harbour”  [Redo]"); it hides itself after a while (GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

TOAST_MS = 8_000


class Toast(QFrame):
    """One toast per window; `show_message` replaces what it says (GUI thread)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#toast { background: palette(tooltip-base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setObjectName("toastText")
        layout.addWidget(self.label, 1)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("toastAction")
        self.action_button.clicked.connect(self._on_action_clicked)
        layout.addWidget(self.action_button)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._action: Callable[[], object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self.hide()

    def show_message(
        self,
        text: str,
        action_text: str = "",
        action: Callable[[], object] | None = None,
        timeout_ms: int = TOAST_MS,
    ) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self._action = action
        self.action_button.setText(action_text)
        self.action_button.setVisible(bool(action_text and action is not None))
        self._place()
        self.show()
        self.raise_()
        self._timer.start(timeout_ms)

    def _on_action_clicked(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        width = min(560, max(200, host.width() - 32))
        self.label.setMaximumWidth(width - 140)
        self.resize(width, self.sizeHint().height())
        self.move((host.width() - width) // 2, host.height() - self.height() - 16)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        resized = watched is self.parentWidget() and event.type() == QEvent.Type.Resize
        if resized and self.isVisible():
            self._place()
        return False
