"""The large preview of a variant with zoom; shows the thumbnail until the full image is decoded."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import image_label, provider_label

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
# (action, button text, keys): what the creator can do to the shown variant.
ACTIONS = (
    ("star", "Star (F)", ("F",)),
    ("final", "Make final (Enter)", ("Return", "Enter")),
    ("refine", "Refine (R)", ("R",)),
    ("reject", "Reject (X)", ("X",)),
)


class PreviewDialog(QDialog):
    """A zoomable view of one image (GUI thread). Keys: +/- zoom, 0 fit, 1 actual size,
    Left/Right previous/next variant, F star, Enter make final, R refine, X reject,
    Space or Esc close. The keys are the dialog's shortcuts, so they work whichever child
    has focus (the scroll area would otherwise take the arrows).

    step_requested(int): -1 / +1 to show the previous / next variant.
    action_requested(str, object): "star", "final", "refine" or "reject" on this ImageInfo.
    """

    step_requested = Signal(int)
    action_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle("Preview")
        self.resize(1000, 680)
        self.image: ImageInfo | None = None
        self._pixmap: QPixmap | None = None
        self._is_full = False
        self.zoom: float | None = None  # None: fit to the window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidgetResizable(False)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.picture)
        layout.addWidget(self.scroll_area, 1)
        self.caption = QLabel("", self)
        self.caption.setObjectName("previewCaption")
        self.caption.setContentsMargins(10, 4, 10, 6)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(10, 0, 10, 8)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, keys in ACTIONS:
            button = QPushButton(text, self)
            button.setObjectName(f"preview_{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.clicked.connect(self._requester(name))
            buttons.addWidget(button)
            self.buttons[name] = button
            self._shortcut(keys, self._requester(name))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._shortcut(("Left",), lambda: self.step_requested.emit(-1))
        self._shortcut(("Right",), lambda: self.step_requested.emit(1))

    def _shortcut(self, keys: tuple[str, ...], slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _requester(self, name: str) -> Callable[[], None]:
        return lambda: self._request(name)

    def _request(self, name: str) -> None:
        if self.image is not None:
            self.action_requested.emit(name, self.image)

    def show_image(self, image: ImageInfo, pixmap: QPixmap | None, *, full: bool) -> None:
        self.image = image
        self._pixmap = pixmap
        self._is_full = full
        self.setWindowTitle(f"Preview — {image_label(image)}")
        self.buttons["star"].setText("Unstar (F)" if image.is_favorite else "Star (F)")
        self.buttons["reject"].setText("Bring back (X)" if image.is_rejected else "Reject (X)")
        self._render()

    def set_full_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        if self.image is not None and self.image.image_storage_id == storage_id:
            self._pixmap = pixmap
            self._is_full = True
            self._render()

    @property
    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    @property
    def is_full(self) -> bool:
        return self._is_full

    def set_zoom(self, zoom: float | None) -> None:
        self.zoom = zoom
        self._render()

    def zoom_by(self, direction: int) -> None:
        current = self.zoom if self.zoom is not None else self._fit_factor()
        if direction > 0:
            steps = [z for z in ZOOM_STEPS if z > current + 1e-3]
            self.set_zoom(steps[0] if steps else ZOOM_STEPS[-1])
        else:
            steps = [z for z in ZOOM_STEPS if z < current - 1e-3]
            self.set_zoom(steps[-1] if steps else ZOOM_STEPS[0])

    def _fit_factor(self) -> float:
        if self._pixmap is None or self._pixmap.isNull():
            return 1.0
        area = self.scroll_area.viewport().size()
        return min(
            area.width() / max(1, self._pixmap.width()),
            area.height() / max(1, self._pixmap.height()),
        )

    def _render(self) -> None:
        image = self.image
        if image is None:
            return
        zoom_text = "fit" if self.zoom is None else f"{self.zoom:.0%}"
        quality = "" if self._is_full else " · loading the full image…"
        self.caption.setText(
            f"<b>{image_label(image)}</b> · seed {image.seed} · {provider_label(image)} · "
            f"zoom {zoom_text}{quality}<br>{image.iteration_prompt[:300]}"
            "<br><small>+/− zoom · 0 fit · 1 actual size · ←/→ other variants · F star · "
            "Enter make final · R refine · X reject · Space/Esc close</small>"
        )
        pixmap = self._pixmap
        if pixmap is None or pixmap.isNull():
            self.picture.setText("No picture for this variant yet.")
            self.picture.adjustSize()
            return
        factor = self.zoom if self.zoom is not None else self._fit_factor()
        width = max(1, round(pixmap.width() * factor))
        height = max(1, round(pixmap.height() * factor))
        self.picture.setPixmap(
            pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.picture.resize(width, height)

    def resizeEvent(self, event: object) -> None:  # Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.zoom is None:
            self._render()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        key = event.key()
        actions: dict[int, Callable[[], object]] = {
            Qt.Key.Key_Plus: lambda: self.zoom_by(1),
            Qt.Key.Key_Equal: lambda: self.zoom_by(1),
            Qt.Key.Key_Minus: lambda: self.zoom_by(-1),
            Qt.Key.Key_0: lambda: self.set_zoom(None),
            Qt.Key.Key_1: lambda: self.set_zoom(1.0),
            Qt.Key.Key_Space: self.close,
        }
        action = actions.get(key)
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)
