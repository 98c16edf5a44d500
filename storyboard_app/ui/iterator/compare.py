"""Compare a variant with its parent (or any image of the shot): side by side, with what changed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.word_diff import (
    DiffPart,
    is_unchanged,
    word_diff,
)
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.cell import ImageBox
from storyboard_app.ui.iterator.data import image_label, model_of, strength_of

REMOVED_STYLE = "background-color:#6e2b2b; color:#ffd9d4; text-decoration:line-through;"
ADDED_STYLE = "background-color:#245c2f; color:#d8ffd9;"


def diff_html(parts: list[DiffPart]) -> str:
    """The word diff as rich text: removed words struck through in red, added words green."""
    out = ""
    for part in parts:
        text = escape(part.text)
        if part.kind == "removed":
            text = f'<span style="{REMOVED_STYLE}">{text}</span>'
        elif part.kind == "added":
            text = f'<span style="{ADDED_STYLE}">{text}</span>'
        if out and (part.spaced or part.old_spaced):
            out += " "
        out += text
    return out


def provider_name(image: ImageInfo) -> str:
    return {"replicate": "Replicate", "offline": "Offline draft"}.get(
        image.provider or "", image.provider or "unknown (imported)"
    )


def _fmt(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def compare_rows(left: ImageInfo, right: ImageInfo) -> list[tuple[str, str, str, bool]]:
    """(field, left value, right value, differs) for strength, seed, model and provider."""
    rows: list[tuple[str, str, str, bool]] = []
    for name, getter in (
        ("Strength", strength_of),
        ("Seed", lambda i: i.seed),
        ("Model", model_of),
        ("Provider", provider_name),
        ("Status", lambda i: i.status.value),
    ):
        a, b = _fmt(getter(left)), _fmt(getter(right))
        rows.append((name, a, b, a != b))
    return rows


class CompareView(QWidget):
    """Two images side by side and their differences (GUI thread).

    other_changed(int): the user chose another image id for the right-hand side.
    """

    other_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.left: ImageInfo | None = None
        self.right: ImageInfo | None = None
        self._updating = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Compare with:", self))
        self.other_combo = QComboBox(self)
        self.other_combo.setObjectName("compareOther")
        self.other_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.other_combo.setMinimumContentsLength(16)
        self.other_combo.currentIndexChanged.connect(self._on_other_index_changed)
        chooser.addWidget(self.other_combo, 1)
        layout.addLayout(chooser)

        images = QHBoxLayout()
        self.left_box, self.left_title = self._side(images)
        self.right_box, self.right_title = self._side(images)
        layout.addLayout(images)

        self.legend_label = QLabel("<b>Prompt</b>", self)
        self.legend_label.setObjectName("compareLegend")
        self.legend_label.setWordWrap(True)
        layout.addWidget(self.legend_label)
        self.prompt_label = QLabel("", self)
        self.prompt_label.setObjectName("comparePrompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.RichText)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.prompt_label)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(12)
        layout.addLayout(self.table)
        self._table_labels: list[QLabel] = []
        layout.addStretch(1)
        self.show_pair(None, None, [])

    def _side(self, row: QHBoxLayout) -> tuple[ImageBox, QLabel]:
        column = QVBoxLayout()
        title = QLabel("", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = ImageBox(self)
        box.setMinimumSize(160, 90)
        box.setMaximumHeight(260)
        column.addWidget(title)
        column.addWidget(box, 1)
        row.addLayout(column, 1)
        return box, title

    def show_pair(
        self, left: ImageInfo | None, right: ImageInfo | None, candidates: list[ImageInfo]
    ) -> None:
        """Compare `left` with `right` (usually its parent); `candidates` fill the chooser."""
        self.left, self.right = left, right
        self._updating = True
        try:
            self.other_combo.clear()
            for image in candidates:
                if left is not None and image.id == left.id:
                    continue
                text = image_label(image)
                if left is not None and image.id == left.parent_image_id:
                    text += " (parent)"
                self.other_combo.addItem(text, image.id)
            index = self.other_combo.findData(right.id) if right is not None else -1
            self.other_combo.setCurrentIndex(index)
        finally:
            self._updating = False
        for label in self._table_labels:
            label.deleteLater()
        self._table_labels.clear()
        if left is None:
            self.left_title.setText("No variant selected")
            self.right_title.setText("")
            self.prompt_label.setText("Select a variant and press C (or Compare) to compare it.")
            for box in (self.left_box, self.right_box):
                box.set_pixmap(None)
                box.set_message("")
            return
        self.left_title.setText(f"<b>{image_label(left)}</b>")
        self.left_box.set_pixmap(None)
        self.left_box.set_message("Loading…")
        if right is None:
            self.right_title.setText("—")
            self.right_box.set_pixmap(None)
            self.right_box.set_message("Drawn from the prompt alone: no parent")
            self.prompt_label.setText(escape(left.iteration_prompt))
            self.legend_label.setText("<b>Prompt</b>")
            return
        self.right_title.setText(f"<b>{image_label(right)}</b>")
        self.right_box.set_pixmap(None)
        self.right_box.set_message("Loading…")
        parts = word_diff(right.iteration_prompt, left.iteration_prompt)
        html = diff_html(parts)
        if is_unchanged(parts):
            html += "  <i>(same prompt)</i>"
        self.prompt_label.setText(html)
        self.legend_label.setText(
            f"<b>Prompt</b>: from {image_label(right)} to {image_label(left)} "
            f'(<span style="{REMOVED_STYLE}">removed</span>, '
            f'<span style="{ADDED_STYLE}">added</span>)'
        )
        header = [
            QLabel("", self),
            QLabel(f"<b>{image_label(left)}</b>", self),
            QLabel(f"<b>{image_label(right)}</b>", self),
        ]
        for column, label in enumerate(header):
            self.table.addWidget(label, 0, column)
            self._table_labels.append(label)
        for row, (name, a, b, differs) in enumerate(compare_rows(left, right), start=1):
            style = "color:#e0a030; font-weight:bold;" if differs else ""
            cells = [
                QLabel(f"{name}:", self),
                QLabel(f'<span style="{style}">{escape(a)}</span>', self),
                QLabel(f'<span style="{style}">{escape(b)}</span>', self),
            ]
            for column, label in enumerate(cells):
                label.setWordWrap(True)
                self.table.addWidget(label, row, column)
                self._table_labels.append(label)

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        for image, box in ((self.left, self.left_box), (self.right, self.right_box)):
            if image is not None and image.image_storage_id == storage_id:
                box.set_pixmap(pixmap)
                box.set_message("")

    def storage_ids(self) -> list[str]:
        return [i.image_storage_id for i in (self.left, self.right) if i and i.image_storage_id]

    def _on_other_index_changed(self, index: int) -> None:
        if self._updating or index < 0:
            return
        image_id = self.other_combo.itemData(index)
        if isinstance(image_id, int):
            self.other_changed.emit(image_id)
