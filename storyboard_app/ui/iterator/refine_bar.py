"""The next-round bar: the chosen parent, the editable prompt, the strength slider and actions."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QWidget,
)

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.cell import ImageBox
from storyboard_app.ui.iterator.data import image_label, strength_of
from storyboard_app.ui.shared.elided_label import ElidedLabel
from storyboard_app.ui.shared.mentions import (
    MentionChips,
    find_context,
    load_elements,
    view_project_id,
)

DEFAULT_STRENGTH = 0.8
NO_PARENT = "No parent chosen: press R on a variant (or “Refine from this” in Lineage)."
NO_PARENT_SHORT = "No parent yet: press R on a variant"  # the bar's one line; NO_PARENT tips
PARENT_THUMB = QSize(80, 45)  # beside the parent's words and the prompt
PROMPT_HEIGHT = 40


class PromptEdit(QPlainTextEdit):
    """A prompt editor where Ctrl+Enter submits.

    submitted(): Ctrl+Enter was pressed.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: list[str] = []  # the shot's earlier prompts, newest first
        self._history_at = -1  # -1: the user's own text

    def set_history(self, prompts: list[str]) -> None:
        self.history = list(prompts)
        self._history_at = -1

    def step_history(self, step: int) -> bool:
        """Show the next older (step 1) or newer (-1) earlier prompt; False at either end."""
        target = self._history_at + step
        if not -1 <= target < len(self.history) or (target == -1 and self._history_at == -1):
            return False
        self._history_at = target
        self.setPlainText(self.history[target] if target >= 0 else "")
        self.moveCursor(QTextCursor.MoveOperation.End)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            event.accept()
            return
        # Up on the first line / Down on the last: the shot's earlier prompts, like a shell.
        cursor = self.textCursor()
        if (
            not event.modifiers()
            and (
                (event.key() == Qt.Key.Key_Up and cursor.blockNumber() == 0)
                or (
                    event.key() == Qt.Key.Key_Down
                    and cursor.blockNumber() == self.document().blockCount() - 1
                )
            )
            and self.step_history(1 if event.key() == Qt.Key.Key_Up else -1)
        ):
            event.accept()
            return
        super().keyPressEvent(event)


class RefineBar(QFrame):
    """Controls for the next round (GUI thread).

    generate_requested(): "Generate six" from the shot's initial prompt.
    refine_requested(str, float): "Refine" from the chosen parent with this prompt and strength.
    cancel_requested(): cancel the running round.
    """

    generate_requested = Signal()
    refine_requested = Signal(str, float)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refineBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.parent_image: ImageInfo | None = None
        self._can_generate = False
        self._why = "Checking the provider…"
        self._running = False
        self._no_prompt = ""  # why "Generate six" cannot start for this shot ("" = it can)
        self._estimate = ""  # e.g. "Estimated cost: $0.018 (6 × black-forest-labs/flux-schnell)"

        # Compact, so the grid keeps the height at 1024×700: the parent and the strength
        # The parent's words, then the prompt, across the bar; below them the chips, the
        # strength and the buttons.
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(4)
        self.parent_box = ImageBox(self)
        self.parent_box.setFixedSize(PARENT_THUMB)
        self.parent_box.set_message("no parent")
        layout.addWidget(self.parent_box, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)

        self.parent_label = ElidedLabel(NO_PARENT_SHORT, self)
        self.parent_label.setObjectName("parentLabel")
        layout.addWidget(self.parent_label, 0, 1, 1, 2)

        self.prompt_edit = PromptEdit(self)
        self.prompt_edit.setObjectName("refinePrompt")
        self.prompt_edit.setPlaceholderText("Prompt of the next round (Ctrl+Enter to refine)")
        self.prompt_edit.setFixedHeight(PROMPT_HEIGHT)
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_edit.submitted.connect(self._on_refine_clicked)
        layout.addWidget(self.prompt_edit, 1, 1, 1, 2)
        self.chips = MentionChips(self.prompt_edit, self)
        self._elements_project: int | None = None

        strength_row = QHBoxLayout()
        strength_row.setSpacing(6)
        strength_row.addWidget(self.chips)
        strength_row.addStretch(1)
        self.strength_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.strength_slider.setObjectName("strengthSlider")
        self.strength_slider.setRange(5, 100)
        self.strength_slider.setSingleStep(5)
        self.strength_slider.setPageStep(10)
        self.strength_slider.setMinimumWidth(80)
        self.strength_slider.setMaximumWidth(160)
        self.strength_slider.setToolTip(
            "Prompt strength: low keeps the parent's look, high follows the prompt more."
        )
        self.strength_label = QLabel("Strength 0.00", self)
        self.strength_label.setFixedWidth(self.strength_label.sizeHint().width())
        self.strength_slider.valueChanged.connect(self._on_strength_changed)
        strength_row.addWidget(self.strength_label)
        strength_row.addWidget(self.strength_slider)
        layout.addLayout(strength_row, 2, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.generate_button = QPushButton("Generate six", self)
        self.generate_button.setObjectName("generateButton")
        self.refine_button = QPushButton("Refine", self)
        self.refine_button.setObjectName("refineButton")
        self.refine_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel round", self)
        self.cancel_button.setObjectName("cancelRoundButton")
        self.cancel_button.setToolTip("Stop every variant of this round still running (Esc)")
        self.generate_button.clicked.connect(self.generate_requested)
        self.refine_button.clicked.connect(self._on_refine_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        for button in (self.generate_button, self.refine_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons, 2, 2, Qt.AlignmentFlag.AlignRight)
        layout.setColumnStretch(1, 1)
        self.set_strength(DEFAULT_STRENGTH)
        self._update_buttons()

    # -- state -----------------------------------------------------------------------------

    def set_parent(self, image: ImageInfo | None, pixmap: QPixmap | None = None) -> None:
        """Make `image` the parent of the next round; prefill its prompt and strength."""
        self.parent_image = image
        if image is None:
            self.parent_label.setText(NO_PARENT_SHORT)
            self.parent_box.set_pixmap(None)
            self.parent_box.set_message("no parent")
        else:
            self.parent_label.setText(f"Refine from {image_label(image)}")
            self.parent_box.set_pixmap(pixmap)
            self.parent_box.set_message("" if pixmap is not None else "…")
            self.prompt_edit.setPlainText(image.iteration_prompt)
            self.load_elements(image.project_id)
        self._update_buttons()

    def reload_elements(self) -> None:
        """Read the elements again (they were edited)."""
        self._elements_project = None
        self.load_elements()

    def load_elements(self, project_id: int | None = None) -> None:
        """Completion and chips follow the project's elements (read on the pool); without an
        id, the project of the view holding the bar."""
        project_id = project_id or view_project_id(self)
        context = find_context(self)
        if project_id is None:
            return
        if context is None or project_id == self._elements_project:
            return
        self._elements_project = project_id
        load_elements(context, project_id, self, self.chips.set_elements)

    def set_parent_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        if self.parent_image is not None and self.parent_image.image_storage_id == storage_id:
            self.parent_box.set_pixmap(pixmap)
            self.parent_box.set_message("")

    def reuse(self, image: ImageInfo) -> None:
        """Take the prompt and strength of `image` for the next round."""
        self.prompt_edit.setPlainText(image.iteration_prompt)
        strength = strength_of(image)
        if strength is not None:
            self.set_strength(strength)

    def set_strength(self, value: float) -> None:
        self.strength_slider.setValue(round(max(0.05, min(1.0, value)) * 100))
        self._on_strength_changed(self.strength_slider.value())

    def strength(self) -> float:
        return self.strength_slider.value() / 100

    def prompt(self) -> str:
        return self.prompt_edit.toPlainText()

    def set_availability(self, can_generate: bool, why: str) -> None:
        """Enable generation, or disable it with the reason in the tooltips."""
        self._can_generate = can_generate
        self._why = why
        self._update_buttons()

    def set_no_prompt_reason(self, reason: str) -> None:
        """Disable "Generate six" with `reason` (the shot has no prompt), or "" to allow it."""
        self._no_prompt = reason
        self._update_buttons()

    def set_estimate(self, text: str) -> None:
        """The cost estimate of the next round, added to the buttons' tooltips."""
        self._estimate = text
        self._update_buttons()

    def set_running(self, running: bool) -> None:
        self._running = running
        self._update_buttons()

    def set_has_shot(self, has_shot: bool) -> None:
        if has_shot:
            self.load_elements()
        self.setEnabled(has_shot)

    def _update_buttons(self) -> None:
        can = self._can_generate
        self.generate_button.setEnabled(can and not self._no_prompt)
        self.refine_button.setEnabled(can and self.parent_image is not None)
        self.cancel_button.setEnabled(self._running)
        if can:
            cost = f"\n{self._estimate}" if self._estimate else ""
            self.generate_button.setToolTip(
                self._no_prompt
                or f"Draw six new variants from the shot's initial prompt (Ctrl+G){cost}"
            )
            self.refine_button.setToolTip(
                f"Draw six variants from the chosen parent with this prompt (Ctrl+Enter){cost}"
                if self.parent_image is not None
                else NO_PARENT
            )
        else:
            reason = f"Generation is unavailable: {self._why}"
            self.generate_button.setToolTip(reason)
            self.refine_button.setToolTip(reason)

    # -- slots -----------------------------------------------------------------------------

    def _on_strength_changed(self, value: int) -> None:
        self.strength_label.setText(f"Strength {value / 100:.2f}")

    def _on_refine_clicked(self) -> None:
        if not self.refine_button.isEnabled():
            return
        # An empty or oversized prompt is refused by the engine with a message saying why.
        self.refine_requested.emit(self.prompt(), self.strength())
