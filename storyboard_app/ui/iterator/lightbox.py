"""The lightbox: one variant over the whole window, the round's filmstrip below, and the
full-window compare; keys only (the wiring to the page is `lightbox_control.py`).

Keys: ←/→ variants, Ctrl+←/→ rounds, F star, R refine, Enter make final, C compare with
the parent, X reject, + / − / wheel zoom, 1 actual size, 0 or double-click fit, Esc close.
In compare: W side by side / wipe, ←/→ move the wipe, Esc back to the variant.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.compare import CompareView
from storyboard_app.ui.iterator.data import image_label, provider_label, status_text
from storyboard_app.ui.iterator.filmstrip import Filmstrip
from storyboard_app.ui.iterator.picture_canvas import PictureCanvas
from storyboard_app.ui.shared.elided_label import ElidedLabel

FLASH_MS = 1800
STYLE = """
#lightbox QLabel { color: #e8e8e8; }
#lightbox QPushButton { color: #f0f0f0; background: #2a2d33; border: 1px solid #3a3e46;
    border-radius: 4px; padding: 5px 10px; }
#lightbox QPushButton:hover { background: #363a42; }
#lightbox QPushButton:checked { background: #3d5a80; }
#lightboxFlash { background: rgba(20, 22, 26, 225); color: #ffffff; border-radius: 8px;
    padding: 8px 16px; font-size: 15px; }
"""
# (action, button text, tooltip): what the creator can do to the shown variant.
BUTTONS = (
    ("round-1", "◀◀ Round", "The same variant of the previous round (Ctrl+←)"),
    ("step-1", "◀", "Previous variant (←)"),
    ("star", "★ Star (F)", "Star or unstar this variant (F)"),
    ("refine", "Refine (R)", "Close and refine from this variant (R)"),
    ("final", "Make final (Enter)", "Make this the shot's final image (Enter)"),
    ("compare", "Compare (C)", "Compare with its parent (C)"),
    ("reject", "Reject (X)", "Reject (hide) this variant, or bring it back (X)"),
    ("step1", "▶", "Next variant (→)"),
    ("round1", "Round ▶▶", "The same variant of the next round (Ctrl+→)"),
)
KEYS: dict[int, str] = {
    Qt.Key.Key_F: "star",
    Qt.Key.Key_R: "refine",
    Qt.Key.Key_Return: "final",
    Qt.Key.Key_Enter: "final",
    Qt.Key.Key_C: "compare",
    Qt.Key.Key_X: "reject",
}


OWN_KEYS = frozenset(
    {
        *KEYS,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Escape,
        Qt.Key.Key_Space,
        Qt.Key.Key_Plus,
        Qt.Key.Key_Minus,
        Qt.Key.Key_Equal,
        Qt.Key.Key_0,
        Qt.Key.Key_1,
        Qt.Key.Key_W,
    }
)


def caption_html(
    image: ImageInfo, *, is_final: bool, percent: int, full: bool, missing: bool = False
) -> str:
    """Round, variant, seed, star and final state, provider and zoom, in one line."""
    parts = [f"<b>{image_label(image)}</b>"]
    if image.is_favorite:
        parts.append("<span style='color:#ffcc33'>★ starred</span>")
    if is_final:
        parts.append("<span style='color:#3fb950'>✓ final image</span>")
    if image.is_rejected:
        parts.append("<span style='color:#ff9b8a'>rejected</span>")
    parts.append(f"seed {image.seed if image.seed is not None else '—'}")
    parts.append(escape(provider_label(image)))
    if missing:
        parts.append(f"{percent} % · the full-size file is missing: showing its thumbnail")
    else:
        parts.append(f"{percent} %" + ("" if full else " · loading the full image…"))
    return " · ".join(parts)


class Lightbox(QWidget):
    """The overlay (GUI thread), a child of the main window covering all of it but the
    status bar (which keeps saying what runs and what went wrong).

    step_requested(int): ±1, the previous or next variant.
    round_step_requested(int): ±1, the previous or next round.
    action_requested(str): "star", "refine", "final", "compare" or "reject" on the shown one.
    image_chosen(object): the filmstrip's ImageInfo the user clicked.
    closing(): Esc (or the close button); the control hides it.
    compare_closed(): Esc in compare: back to the variant.
    """

    step_requested = Signal(int)
    round_step_requested = Signal(int)
    action_requested = Signal(str)
    image_chosen = Signal(object)
    closing = Signal()
    compare_closed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("lightbox")
        self.host = host
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#0b0c0e"))
        self.setPalette(palette)
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image: ImageInfo | None = None
        self.is_full = False
        self.is_final = False
        self.full_missing = False
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self._build_single())
        self.stack.addWidget(self._build_compare())
        self.flash_label = QLabel("", self)
        self.flash_label.setObjectName("lightboxFlash")
        self.flash_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.flash_label.hide()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self.flash_label.hide)
        host.installEventFilter(self)
        self.hide()

    def _build_single(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        top = QHBoxLayout()
        self.caption = QLabel("", page)
        self.caption.setObjectName("lightboxCaption")
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.caption, 1)
        top.addWidget(self._button(page, "Close (Esc)", "Back to the grid", self.closing.emit))
        column.addLayout(top)
        second = QHBoxLayout()
        self.prompt_label = ElidedLabel("", page)
        self.prompt_label.setObjectName("lightboxPrompt")
        self.prompt_label.setStyleSheet("color: #a8adb5;")
        second.addWidget(self.prompt_label, 1)
        hint = QLabel("wheel or + / − zoom · 1 = 100 % · 0 or double-click fit · drag to pan", page)
        hint.setStyleSheet("color: #7d828a; font-size: 11px;")
        second.addWidget(hint)
        column.addLayout(second)
        self.canvas = PictureCanvas(page)
        self.canvas.zoom_changed.connect(self._update_caption)
        column.addWidget(self.canvas, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip in BUTTONS:
            button = self._button(page, text, tip, self._clicker(name))
            button.setObjectName(f"lightbox_{name}")
            self.buttons[name] = button
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.filmstrip = Filmstrip(page)
        self.filmstrip.image_chosen.connect(self.image_chosen)
        column.addWidget(self.filmstrip)
        return page

    def _build_compare(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        title = QLabel(
            "<b>Compare</b> · W side by side / wipe · drag or ←/→ move the wipe · "
            "wheel, + / − zoom both · 0 fit · Esc back",
            page,
        )
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(title, 1)
        top.addWidget(
            self._button(page, "Back (Esc)", "Back to the variant", self.compare_closed.emit)
        )
        column.addLayout(top)
        self.compare = CompareView(page, wide=True)
        column.addWidget(self.compare, 1)
        return page

    def _button(
        self, parent: QWidget, text: str, tip: str, slot: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(text, parent)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _clicker(self, name: str) -> Callable[[], None]:
        def clicked() -> None:
            if name.startswith("round"):
                self.round_step_requested.emit(int(name[5:]))
            elif name.startswith("step"):
                self.step_requested.emit(int(name[4:]))
            else:
                self.action_requested.emit(name)

        return clicked

    # -- showing ---------------------------------------------------------------------------

    @property
    def in_compare(self) -> bool:
        return self.stack.currentIndex() == 1

    def open(self) -> None:
        self.stack.setCurrentIndex(0)
        self.cover()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_compare(self) -> None:
        self.stack.setCurrentIndex(1)
        if not self.isVisible():
            self.cover()
            self.show()
            self.raise_()
        self.compare.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def back_to_single(self) -> None:
        self.stack.setCurrentIndex(0)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def cover(self) -> None:
        """Cover the host window, its status bar aside."""
        rect = self.host.rect()
        if isinstance(self.host, QMainWindow):
            bar = self.host.statusBar()
            if bar.isVisible():
                rect.setBottom(bar.geometry().top() - 1)
        self.setGeometry(rect)

    def show_image(
        self, image: ImageInfo, pixmap: QPixmap | None, *, full: bool, is_final: bool
    ) -> None:
        self.image, self.is_full, self.is_final = image, full, is_final
        self.full_missing = False
        message = "" if pixmap is not None else status_text(image)
        if pixmap is None and image.status.value == "complete":
            message = "Loading…"
        self.canvas.set_pixmap(pixmap, message)
        self.prompt_label.setText(image.iteration_prompt)
        self.buttons["star"].setText("☆ Unstar (F)" if image.is_favorite else "★ Star (F)")
        self.buttons["reject"].setText("Bring back (X)" if image.is_rejected else "Reject (X)")
        self.filmstrip.set_current(image.id)
        self._update_caption()

    def set_full_pixmap(self, pixmap: QPixmap) -> None:
        self.is_full = True
        self.canvas.set_pixmap(pixmap)
        self._update_caption()

    def set_full_missing(self) -> None:
        self.full_missing = True
        self._update_caption()

    def _update_caption(self) -> None:
        if self.image is not None:
            self.caption.setText(
                caption_html(
                    self.image,
                    is_final=self.is_final,
                    percent=self.canvas.percent(),
                    full=self.is_full,
                    missing=self.full_missing,
                )
            )

    def flash(self, text: str) -> None:
        """A short note over the picture saying what just happened."""
        self.flash_label.setText(text)
        self.flash_label.adjustSize()
        self.flash_label.move((self.width() - self.flash_label.width()) // 2, 64)
        self.flash_label.show()
        self.flash_label.raise_()
        self._flash_timer.start(FLASH_MS)

    # -- keys ------------------------------------------------------------------------------

    def _handles(self, event: QKeyEvent) -> bool:
        """The keys the lightbox uses (others, like F1 or Ctrl+Z, stay the window's)."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if mods == Qt.KeyboardModifier.ControlModifier:
            return key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        return (
            mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
            and key in OWN_KEYS
        )

    def event(self, event: QEvent) -> bool:  # Qt override
        # The lightbox's keys win over the window's shortcuts (Ctrl+Z and the like still work).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._handles(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if self._key(event):
            event.accept()
        else:
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if self.in_compare:
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_C and not ctrl):
                self.compare_closed.emit()
                return True
            return self.compare.canvas.handle_key(event)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            (self.round_step_requested if ctrl else self.step_requested).emit(step)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Space):
            self.closing.emit()
        elif key in KEYS:
            self.action_requested.emit(KEYS[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.canvas.zoom_step(1)
        elif key == Qt.Key.Key_Minus:
            self.canvas.zoom_step(-1)
        elif key == Qt.Key.Key_0:
            self.canvas.fit()
        elif key == Qt.Key.Key_1:
            self.canvas.actual_size()
        else:
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.cover()
        return False
