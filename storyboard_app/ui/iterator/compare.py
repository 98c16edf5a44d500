"""Compare two images of a shot (a variant and its parent, or any two): side by side with one
zoom and pan, or overlaid with a draggable wipe (W toggles), with what changed beside them.

The same view serves the side panel's Compare tab (compact: facts below) and the
full-window compare of the lightbox (wide: facts beside). Left is "before" (the parent when
comparing with a parent), right is "after"; the word diff reads from left to right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.compare_facts import (
    ADDED_STYLE,
    REMOVED_STYLE,
    CompareFacts,
    compare_rows,
    diff_html,
    provider_name,
)
from storyboard_app.ui.iterator.data import image_label
from storyboard_app.ui.iterator.wipe import SIDE, WIPE, CompareCanvas

__all__ = [
    "ADDED_STYLE",
    "REMOVED_STYLE",
    "CompareView",
    "choice_label",
    "compare_rows",
    "diff_html",
    "provider_name",
]

NO_PARENT = "Drawn from the prompt alone: no parent"


def choice_label(image: ImageInfo, other: ImageInfo | None) -> str:
    """ "Round 2 · variant 3 ★ (parent)" for the choosers."""
    text = image_label(image)
    if image.is_favorite:
        text += " ★"
    if other is not None and image.id == other.parent_image_id:
        text += " (parent)"
    return text


class CompareView(QWidget):
    """Two images, side by side or wiped, and their differences (GUI thread).

    side_changed(int, int): the user chose this image id for side 0 (left) or 1 (right).
    expand_requested(): "Full window" was pressed (the compact view only).
    """

    side_changed = Signal(int, int)
    expand_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, wide: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("compareViewWide" if wide else "compareView")
        self.left: ImageInfo | None = None
        self.right: ImageInfo | None = None
        self._updating = False
        outer = QBoxLayout(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom, self
        )
        outer.setContentsMargins(6, 6, 6, 6)
        pictures = QVBoxLayout()
        self.canvas = CompareCanvas(self)
        self.canvas.mode_changed.connect(self._on_canvas_mode_changed)
        self.combos = (self._combo(0), self._combo(1))
        buttons = QHBoxLayout()
        if wide:
            for side, combo in enumerate(self.combos):
                buttons.addWidget(QLabel("Right:" if side else "Left:", self))
                buttons.addWidget(combo, 1)
        else:
            choosers = QFormLayout()
            choosers.addRow("Left:", self.combos[0])
            choosers.addRow("Right:", self.combos[1])
            pictures.addLayout(choosers)
        self.mode_button = QPushButton("Wipe (W)", self)
        self.mode_button.setObjectName("compareMode")
        self.mode_button.setCheckable(True)
        self.mode_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mode_button.setToolTip("Overlay the two with a divider you drag (or move with ←/→)")
        self.mode_button.toggled.connect(lambda on: self.canvas.set_mode(WIPE if on else SIDE))
        buttons.addWidget(self.mode_button)
        self.expand_button = QPushButton("Full window", self)
        self.expand_button.setObjectName("compareExpand")
        self.expand_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.expand_button.setToolTip("Compare the two at full size")
        self.expand_button.clicked.connect(self.expand_requested)
        self.expand_button.setVisible(not wide)
        buttons.addWidget(self.expand_button)
        if not wide:
            buttons.addStretch(1)
        pictures.addLayout(buttons)
        pictures.addWidget(self.canvas, 1)
        outer.addLayout(pictures, 1)
        self.facts = CompareFacts(self)
        if wide:
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFixedWidth(340)
            scroll.setWidget(self.facts)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setStyleSheet("QScrollArea { background: transparent; }")
            scroll.viewport().setAutoFillBackground(False)
            self.facts.setAutoFillBackground(False)
            outer.addWidget(scroll)
        else:
            self.canvas.setMinimumHeight(140)
            outer.addWidget(self.facts)
        self.legend_label = self.facts.legend_label
        self.prompt_label = self.facts.prompt_label
        self.show_pair(None, None, [])

    def _combo(self, side: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("compareLeft" if side == 0 else "compareRight")
        combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.currentIndexChanged.connect(lambda index: self._on_combo_index_changed(side, index))
        return combo

    def show_pair(
        self, left: ImageInfo | None, right: ImageInfo | None, candidates: list[ImageInfo]
    ) -> None:
        """Compare `left` (before) with `right` (after); `candidates` fill the choosers."""
        self.left, self.right = left, right
        pickable = sorted(
            (i for i in candidates if i.status == ImageStatus.COMPLETE or i in (left, right)),
            key=lambda i: (i.iteration_number, i.variant_number),
        )
        self._updating = True
        try:
            for combo, chosen in zip(self.combos, (left, right), strict=True):
                combo.clear()
                for candidate in pickable:
                    combo.addItem(choice_label(candidate, right), candidate.id)
                combo.setCurrentIndex(combo.findData(chosen.id) if chosen is not None else -1)
        finally:
            self._updating = False
        self.facts.show_pair(left, right)
        if left is None and right is None:
            self.canvas.set_side(0, None, "", "")
            self.canvas.set_side(1, None, "", "")
            return
        for side, image in enumerate((left, right)):
            if image is None:
                self.canvas.set_side(side, None, "", NO_PARENT)
            else:
                self.canvas.set_side(side, None, image_label(image), "Loading…")

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        for side, image in enumerate((self.left, self.right)):
            if image is not None and image.image_storage_id == storage_id:
                self.canvas.set_pixmap(side, pixmap)

    def storage_ids(self) -> list[str]:
        return [i.image_storage_id for i in (self.left, self.right) if i and i.image_storage_id]

    def _on_combo_index_changed(self, side: int, index: int) -> None:
        if self._updating or index < 0:
            return
        image_id = self.combos[side].itemData(index)
        if isinstance(image_id, int):
            self.side_changed.emit(side, image_id)
            if self.combos[side].hasFocus():
                self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)  # W, ←/→ work again

    def _on_canvas_mode_changed(self, mode: str) -> None:
        self.mode_button.blockSignals(True)
        self.mode_button.setChecked(mode == WIPE)
        self.mode_button.blockSignals(False)
