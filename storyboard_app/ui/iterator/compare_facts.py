"""What differs between two images of a shot, in words: the prompt word diff and a table of
seed, strength, model, provider and status (the compare view shows it beside the pictures).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from storyboard_app.domain.word_diff import DiffPart, is_unchanged, word_diff
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import image_label, model_of, strength_of

REMOVED_STYLE = "background-color:#6e2b2b; color:#ffd9d4; text-decoration:line-through;"
ADDED_STYLE = "background-color:#245c2f; color:#d8ffd9;"
DIFFERS_STYLE = "color:#e0a030; font-weight:bold;"


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


class CompareFacts(QWidget):
    """The prompt word diff (left → right) and the fields table (GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareFacts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        layout.addStretch(1)
        self._table_labels: list[QLabel] = []

    def show_pair(self, left: ImageInfo | None, right: ImageInfo | None) -> None:
        for label in self._table_labels:
            label.deleteLater()
        self._table_labels.clear()
        self.legend_label.setText("<b>Prompt</b>")
        if left is None and right is None:
            self.prompt_label.setText("Select a variant and press C (or Compare) to compare it.")
            return
        if left is None or right is None:
            only = right if right is not None else left
            assert only is not None
            self.prompt_label.setText(escape(only.iteration_prompt))
            return
        parts = word_diff(left.iteration_prompt, right.iteration_prompt)
        html = diff_html(parts)
        if is_unchanged(parts):
            html += "  <i>(same prompt)</i>"
        self.prompt_label.setText(html)
        self.legend_label.setText(
            f"<b>Prompt</b>: from {image_label(left)} to {image_label(right)} "
            f'(<span style="{REMOVED_STYLE}">removed</span>, '
            f'<span style="{ADDED_STYLE}">added</span>)'
        )
        header = ["", f"<b>{image_label(left)}</b>", f"<b>{image_label(right)}</b>"]
        self._add_row(0, header)
        for row, (name, a, b, differs) in enumerate(compare_rows(left, right), start=1):
            style = DIFFERS_STYLE if differs else ""
            self._add_row(
                row,
                [
                    f"{name}:",
                    f'<span style="{style}">{escape(a)}</span>',
                    f'<span style="{style}">{escape(b)}</span>',
                ],
            )

    def _add_row(self, row: int, texts: list[str]) -> None:
        for column, text in enumerate(texts):
            label = QLabel(text, self)
            label.setWordWrap(True)
            self.table.addWidget(label, row, column)
            self._table_labels.append(label)
