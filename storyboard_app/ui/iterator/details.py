"""The details panel: every recorded input of a variant, copy prompt/seed, reuse its settings."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.time_format import minute_stamp
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.elements.use_as_reference import UseAsReferenceDialog
from storyboard_app.ui.iterator.data import image_label, model_of, provider_label, strength_of
from storyboard_app.ui.shared.mentions import find_context
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache


def references_text(params: dict[str, object]) -> str | None:
    """The elements and reference files a round sent, e.g. "@Mara (3fa2…), @Harbor"."""
    refs = params.get("references")
    elements = params.get("elements")
    if not isinstance(elements, list) or not elements:
        return None
    sent = {
        r.get("name"): str(r.get("sha256", ""))[:8]
        for r in (refs if isinstance(refs, list) else [])
        if isinstance(r, dict)
    }
    parts = []
    for element in elements:
        if isinstance(element, dict):
            name = element.get("name")
            parts.append(f"@{name} ({sent[name]}…)" if name in sent else f"@{name}")
    note = params.get("references_not_sent")
    return ", ".join(parts) + (f" — not sent: {note}" if note else "")


def look_text(params: dict[str, object]) -> str | None:
    look = params.get("look")
    if not isinstance(look, dict):
        return None
    bits = [str(look.get("aspect_ratio") or ""), str(look.get("shot_type") or "")]
    style = look.get("style")
    if style:
        bits.append(f"style “{style}”")
    return " · ".join(b for b in bits if b) or None


def _plain(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


class DetailsPanel(QWidget):
    """Facts and the full `generation_params` of one image (GUI thread).

    reuse_requested(object): take this ImageInfo's prompt and strength for the next round.
    copied(str): what was put on the clipboard ("prompt" or "seed").
    """

    reuse_requested = Signal(object)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.image: ImageInfo | None = None
        # Finds a parent variant by id among those at hand (set by the page's side panels).
        self.parent_of: Callable[[int], ImageInfo | None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = QLabel("<b>No variant selected</b>", self)
        layout.addWidget(self.title_label)
        self.reference_badge = QLabel("⚠ reference changed", self)
        self.reference_badge.setObjectName("referenceChangedBadge")
        self.reference_badge.setStyleSheet(
            "background: #c77d1a; color: white; border-radius: 8px; padding: 2px 8px;"
        )
        self.reference_badge.hide()
        layout.addWidget(self.reference_badge)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for name in (
            "Status",
            "Provider",
            "Model",
            "Version",
            "Seed",
            "Strength",
            "Parent",
            "References",
            "Look",
            "Prediction",
            "Created",
            "Error",
        ):
            label = QLabel("—", self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[name] = label
            self.form.addRow(f"{name}:", label)
        layout.addLayout(self.form)
        self.reference_row = QHBoxLayout()
        self.reference_thumbs: list[QLabel] = []
        for _ in range(3):
            thumb = QLabel(self)
            thumb.setObjectName("referenceThumb")
            thumb.setFixedSize(56, 56)
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            thumb.hide()
            self.reference_row.addWidget(thumb)
            self.reference_thumbs.append(thumb)
        self.reference_row.addStretch(1)
        layout.addLayout(self.reference_row)
        self._thumbnails: ThumbnailCache | None = None
        layout.addWidget(QLabel("Prompt:", self))
        self.prompt_view = QPlainTextEdit(self)
        self.prompt_view.setObjectName("detailsPrompt")
        self.prompt_view.setReadOnly(True)
        self.prompt_view.setMaximumHeight(80)
        layout.addWidget(self.prompt_view)
        buttons = QHBoxLayout()
        self.copy_prompt_button = QPushButton("Copy prompt", self)
        self.copy_seed_button = QPushButton("Copy seed", self)
        self.reuse_button = QPushButton("Reuse settings", self)
        self.reuse_button.setToolTip("Use this prompt and strength for the next round")
        self.copy_prompt_button.clicked.connect(self.copy_prompt)
        self.copy_seed_button.clicked.connect(self.copy_seed)
        self.reuse_button.clicked.connect(self._on_reuse_clicked)
        self.reference_button = QPushButton("Use as reference for @Name…", self)
        self.reference_button.setObjectName("useAsReferenceButton")
        self.reference_button.clicked.connect(self._on_use_as_reference_clicked)
        for button in (self.copy_prompt_button, self.copy_seed_button, self.reuse_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(self.reference_button)
        layout.addWidget(QLabel("Every recorded input (generation_params):", self))
        self.params_view = QPlainTextEdit(self)
        self.params_view.setObjectName("detailsParams")
        self.params_view.setReadOnly(True)
        self.params_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.params_view, 1)
        self.show_image(None)

    def show_image(self, image: ImageInfo | None) -> None:
        self.image = image
        for button in (self.copy_prompt_button, self.copy_seed_button, self.reuse_button):
            button.setEnabled(image is not None)
        self.reference_button.setEnabled(
            image is not None and image.status.value == "complete" and bool(image.image_storage_id)
        )
        changed = image.reference_changed if image is not None else None
        self.reference_badge.setVisible(bool(changed))
        self.reference_badge.setToolTip(changed or "")
        self._show_reference_thumbs()
        if image is None:
            self.title_label.setText("<b>No variant selected</b>")
            for label in self.fields.values():
                label.setText("—")
            self.prompt_view.setPlainText("")
            self.params_view.setPlainText("")
            return
        self.copy_seed_button.setEnabled(image.seed is not None)
        params = image.generation_params
        self.title_label.setText(f"<b>{image_label(image)}</b>")
        strength = strength_of(image)
        values = {
            "Status": image.status.value + (" · ★ starred" if image.is_favorite else ""),
            "Provider": provider_label(image),
            "Model": model_of(image),
            "Version": params.get("version"),
            "Seed": image.seed,
            "Strength": f"{strength:.2f}" if strength is not None else None,
            "Parent": self._parent_words(image),
            "References": references_text(params),
            "Look": look_text(params),
            "Prediction": image.replicate_image_id,
            "Created": minute_stamp(image.created_at) if image.created_at else None,
            "Error": image.error,
        }
        for name, value in values.items():
            self.fields[name].setText(_plain(value))
        self.prompt_view.setPlainText(image.iteration_prompt)
        self.params_view.setPlainText(
            json.dumps(params, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        )

    def _parent_words(self, image: ImageInfo) -> str:
        """The parent in creator words ("Round 1 · variant 3"), never its id."""
        if image.parent_image_id is None:
            return "prompt only"
        parent = self.parent_of(image.parent_image_id) if self.parent_of else None
        return image_label(parent) if parent is not None else "a variant of an earlier round"

    def _reference_files(self) -> list[tuple[str, str]]:
        """(name, storage id) of each reference the shown image was made with."""
        refs = self.image.generation_params.get("references") if self.image else None
        if not isinstance(refs, list):
            return []
        return [
            (str(r.get("name")), str(r["sha256"]))
            for r in refs
            if isinstance(r, dict) and isinstance(r.get("sha256"), str)
        ][: len(self.reference_thumbs)]

    def _show_reference_thumbs(self, _ready: str = "") -> None:
        files = self._reference_files()
        context = find_context(self) if files else None
        if context is not None and self._thumbnails is None:
            self._thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
            self._thumbnails.image_ready.connect(self._show_reference_thumbs)
        for i, thumb in enumerate(self.reference_thumbs):
            if i >= len(files) or self._thumbnails is None:
                thumb.hide()
                continue
            name, storage_id = files[i]
            pixmap = self._thumbnails.request(storage_id)
            thumb.setToolTip(f"@{name} · reference {storage_id[:12]}…")
            if pixmap is not None:
                thumb.setPixmap(
                    pixmap.scaled(
                        56,
                        56,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                thumb.setText(f"@{name}")
            thumb.show()

    def copy_prompt(self) -> None:
        if self.image is not None:
            QGuiApplication.clipboard().setText(self.image.iteration_prompt)
            self.copied.emit("prompt")

    def copy_seed(self) -> None:
        if self.image is not None and self.image.seed is not None:
            QGuiApplication.clipboard().setText(str(self.image.seed))
            self.copied.emit("seed")

    def _on_use_as_reference_clicked(self) -> None:
        context = find_context(self)
        if self.image is not None and context is not None:
            UseAsReferenceDialog(context, self.image, self).open()

    def _on_reuse_clicked(self) -> None:
        if self.image is not None:
            self.reuse_requested.emit(self.image)
