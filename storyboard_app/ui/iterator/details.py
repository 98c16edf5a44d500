"""The details panel: a variant in creator words (seed, strength, model, provider, parent,
elements with their reference thumbnails, style, aspect), copy and reuse, and every recorded
input in a drawer that stays closed until opened (remembered)."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.time_format import minute_stamp
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.elements.use_as_reference import UseAsReferenceDialog
from storyboard_app.ui.iterator.data import (
    image_label,
    made_at_ratio,
    made_at_tip,
    model_of,
    provider_label,
    status_word,
    strength_of,
)
from storyboard_app.ui.iterator.references import ReferenceStrip, used_references
from storyboard_app.ui.shared.mentions import find_context
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache


def elements_text(params: dict[str, object]) -> str | None:
    """The elements a round named, e.g. "@Mara, @Harbor" (and what was not sent, and why)."""
    elements = params.get("elements")
    if not isinstance(elements, list) or not elements:
        return None
    names = [f"@{e.get('name')}" for e in elements if isinstance(e, dict) and e.get("name")]
    note = params.get("references_not_sent")
    return ", ".join(names) + (f" — references not sent: {note}" if note else "")


def _look(params: dict[str, object]) -> dict[str, object]:
    look = params.get("look")
    return look if isinstance(look, dict) else {}


def style_text(params: dict[str, object]) -> str | None:
    style = _look(params).get("style")
    return f"“{style}”" if isinstance(style, str) and style else None


def aspect_text(params: dict[str, object], project_ratio: str) -> str | None:
    """ "16:9", or "16:9 — the project is now 9:16" for an image made at another ratio."""
    look = _look(params)
    ratio = look.get("aspect_ratio")
    if not isinstance(ratio, str) or not ratio:
        return None
    sent = look.get("sent_aspect_ratio")
    text = (
        ratio if not isinstance(sent, str) or sent in ("", ratio) else f"{ratio} (sent as {sent})"
    )
    if project_ratio and ratio != project_ratio:
        text += f" — the project is now {project_ratio}"
    return text


def camera_text(params: dict[str, object]) -> str | None:
    look = _look(params)
    bits = [look.get("shot_type"), look.get("angle")]
    return " · ".join(str(b) for b in bits if isinstance(b, str) and b) or None


DRAWER_KEY = "iterator/details_drawer_open"
FIELDS = (
    "Status",
    "Provider",
    "Model",
    "Seed",
    "Strength",
    "Parent",
    "Elements",
    "Style",
    "Aspect",
    "Camera",
    "Made",
    "Problem",
)


def _plain(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


class DetailsPanel(QWidget):
    """One image in creator words, its references, and every recorded input in a drawer
    (GUI thread).

    reuse_requested(object): take this ImageInfo's prompt and strength for the next round.
    copied(str): what was put on the clipboard ("prompt" or "seed").
    """

    reuse_requested = Signal(object)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.image: ImageInfo | None = None
        self.project_ratio = ""
        # Finds a parent variant by id among those at hand (set by the page's side panels).
        self.parent_of: Callable[[int], ImageInfo | None] | None = None
        self._drawer_restored = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title_label = QLabel("<b>No variant selected</b>", body)
        layout.addWidget(self.title_label)
        badges = QHBoxLayout()
        self.reference_badge = QLabel("⚠ reference changed", body)
        self.reference_badge.setObjectName("referenceChangedBadge")
        self.reference_badge.setStyleSheet(
            "background: #c77d1a; color: white; border-radius: 8px; padding: 2px 8px;"
        )
        self.reference_badge.hide()
        self.ratio_badge = QLabel("", body)
        self.ratio_badge.setObjectName("detailsMadeAtBadge")
        self.ratio_badge.setStyleSheet(
            "background: #4a4f58; color: #e0e0e0; border-radius: 8px; padding: 2px 8px;"
        )
        self.ratio_badge.hide()
        badges.addWidget(self.reference_badge)
        badges.addWidget(self.ratio_badge)
        badges.addStretch(1)
        layout.addLayout(badges)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for name in FIELDS:
            label = QLabel("—", body)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[name] = label
            self.form.addRow(f"{name}:", label)
        layout.addLayout(self.form)
        self.references = ReferenceStrip(body)
        layout.addWidget(self.references)
        self._own_thumbnails: ThumbnailCache | None = None  # when no page lends its cache
        layout.addWidget(QLabel("Prompt:", body))
        self.prompt_view = QPlainTextEdit(body)
        self.prompt_view.setObjectName("detailsPrompt")
        self.prompt_view.setReadOnly(True)
        self.prompt_view.setMaximumHeight(80)
        layout.addWidget(self.prompt_view)
        buttons = QGridLayout()
        buttons.setSpacing(4)
        self.copy_prompt_button = QPushButton("Copy prompt", body)
        self.copy_seed_button = QPushButton("Copy seed", body)
        self.reuse_button = QPushButton("Reuse settings", body)
        self.reuse_button.setToolTip("Use this prompt and strength for the next round")
        self.copy_prompt_button.clicked.connect(self.copy_prompt)
        self.copy_seed_button.clicked.connect(self.copy_seed)
        self.reuse_button.clicked.connect(self._on_reuse_clicked)
        self.reference_button = QPushButton("Use as reference…", body)
        self.reference_button.setToolTip("Use this picture as a reference of an @element")
        self.reference_button.setObjectName("useAsReferenceButton")
        self.reference_button.clicked.connect(self._on_use_as_reference_clicked)
        for index, button in enumerate(
            (
                self.copy_prompt_button,
                self.copy_seed_button,
                self.reuse_button,
                self.reference_button,
            )
        ):
            button.setMinimumWidth(60)  # the panel narrows: the text is cut, never the panel
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, index // 2, index % 2)
        layout.addLayout(buttons)
        self.drawer_button = QToolButton(body)
        self.drawer_button.setObjectName("recordDrawer")
        self.drawer_button.setText("Every recorded input")
        self.drawer_button.setToolTip("Everything sent to the model and recorded, as stored")
        self.drawer_button.setCheckable(True)
        self.drawer_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.drawer_button.setArrowType(Qt.ArrowType.RightArrow)
        self.drawer_button.setAutoRaise(True)
        self.drawer_button.toggled.connect(self._on_drawer_toggled)
        layout.addWidget(self.drawer_button)
        self.params_view = QPlainTextEdit(body)
        self.params_view.setObjectName("detailsParams")
        self.params_view.setReadOnly(True)
        self.params_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.params_view.setMinimumHeight(160)
        self.params_view.hide()  # closed by default
        layout.addWidget(self.params_view, 1)
        layout.addStretch(0)
        self.show_image(None)

    # -- the drawer ------------------------------------------------------------------------

    @property
    def drawer_open(self) -> bool:
        return self.drawer_button.isChecked()

    def set_drawer_open(self, on: bool) -> None:
        self.drawer_button.setChecked(on)

    def _settings(self) -> QSettings | None:
        settings = getattr(self.window(), "qsettings", None)
        return settings if isinstance(settings, QSettings) else None

    def restore_drawer(self) -> None:
        """Open the drawer if it was open when the app last ran (once)."""
        if self._drawer_restored:
            return
        self._drawer_restored = True
        settings = self._settings()
        if settings is not None:
            self.set_drawer_open(str(settings.value(DRAWER_KEY, "false")).lower() == "true")

    def _on_drawer_toggled(self, on: bool) -> None:
        self.params_view.setVisible(on)
        self._fill_drawer()
        if on:  # opened by the creator: bring the record into view once laid out
            QTimer.singleShot(0, self.scroll_to_drawer)
        self.drawer_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        settings = self._settings()
        if settings is not None and self._drawer_restored:
            settings.setValue(DRAWER_KEY, "true" if on else "false")

    def scroll_to_drawer(self) -> None:
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -- content ---------------------------------------------------------------------------

    def set_project_ratio(self, ratio: str) -> None:
        self.project_ratio = ratio
        if self.image is not None:
            self.show_image(self.image)

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
        made_at = made_at_ratio(image, self.project_ratio) if image is not None else None
        self.ratio_badge.setVisible(made_at is not None)
        if made_at is not None:
            self.ratio_badge.setText(f"made at {made_at}")
            self.ratio_badge.setToolTip(made_at_tip(made_at, self.project_ratio))
        self._lend_thumbnails()
        self.references.show_image(image)
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
            "Status": status_words(image),
            "Provider": provider_label(image),
            "Model": model_of(image),
            "Seed": image.seed,
            "Strength": f"{strength:.2f}" if strength is not None else None,
            "Parent": self._parent_words(image),
            "Elements": elements_text(params),
            "Style": style_text(params),
            "Aspect": aspect_text(params, self.project_ratio),
            "Camera": camera_text(params),
            "Made": minute_stamp(image.created_at) if image.created_at else None,
            "Problem": image.error if image.status == ImageStatus.FAILED else None,
        }
        for name, value in values.items():
            self.fields[name].setText(_plain(value))
        self.prompt_view.setPlainText(image.iteration_prompt)
        self._fill_drawer()

    def _fill_drawer(self) -> None:
        """The record as stored, written out only while the drawer is open."""
        if not self.drawer_open or self.image is None:
            self.params_view.setPlainText("")
            return
        self.params_view.setPlainText(
            json.dumps(
                self.image.generation_params,
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            )
        )

    def _lend_thumbnails(self) -> None:
        """Standing alone (no page lent its cache), the panel decodes references itself."""
        if self.references.request is not None or not used_references(self.image):
            return
        context = find_context(self)
        if context is None:
            return
        cache = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        cache.image_ready.connect(lambda storage_id: self._own_ready(cache, storage_id))
        self._own_thumbnails = cache
        self.references.request = cache.request

    def _own_ready(self, cache: ThumbnailCache, storage_id: str) -> None:
        pixmap = cache.get(storage_id)
        if pixmap is not None:
            self.references.set_pixmap(storage_id, pixmap)

    def _parent_words(self, image: ImageInfo) -> str:
        """The parent in creator words ("Round 1 · variant 3"), never its id."""
        if image.parent_image_id is None:
            return "none: drawn from the prompt"
        parent = self.parent_of(image.parent_image_id) if self.parent_of else None
        return image_label(parent) if parent is not None else "a variant of an earlier round"

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


def status_words(image: ImageInfo) -> str:
    return (
        status_word(image)
        + (" · ★ starred" if image.is_favorite else "")
        + (" · rejected (hidden)" if image.is_rejected else "")
    )
