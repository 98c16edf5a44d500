"""@-completion for any prompt editor and the chips of the elements a prompt mentions.

`MentionCompletion` attaches to a QPlainTextEdit or a one-line QLineEdit (GUI thread):
typing `@` and letters pops a completer of the project's element names. `MentionChips` shows
the mentioned elements under the prompt (an unknown name in red, as the round would refuse
it). Both take plain `ElementInfo` DTOs; the view loads them off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from storyboard_app.domain.mentions import completions, mention_at, mentioned_names, name_key
from storyboard_app.store.dto import ElementInfo
from storyboard_app.ui.context import AppContext

KIND_COLOURS = {
    "character": "#3d6fb6",
    "location": "#3d8f5a",
    "prop": "#a0702a",
    "style": "#7a4fa8",
}
_POPUP_KEYS = (
    Qt.Key.Key_Enter,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
)


PromptEdit = QPlainTextEdit | QLineEdit


def _text(edit: PromptEdit) -> str:
    return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()


def _cursor_position(edit: PromptEdit) -> int:
    return edit.cursorPosition() if isinstance(edit, QLineEdit) else edit.textCursor().position()


def _cursor_rect(edit: PromptEdit) -> QRect:
    if isinstance(edit, QPlainTextEdit):
        return edit.cursorRect()
    before = edit.text()[: edit.cursorPosition()]
    x = edit.fontMetrics().horizontalAdvance(before) + edit.textMargins().left() + 4
    return QRect(min(x, edit.width() - 1), 0, 1, edit.height())


class MentionCompletion(QObject):
    """Completes `@name` in `edit` from the project's elements (GUI thread).

    completed(str): a name was inserted from the completer.
    """

    completed = Signal(str)

    def __init__(self, edit: PromptEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self._names: list[str] = []
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setObjectName("mentionCompleter")
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setWidget(edit)
        self.completer.activated.connect(self._on_completer_activated)
        edit.textChanged.connect(self._on_edit_text_changed)
        edit.installEventFilter(self)

    def set_names(self, names: Sequence[str]) -> None:
        self._names = list(names)

    def prefix(self) -> str | None:
        """The partial name at the cursor (after an @), or None."""
        return mention_at(_text(self.edit), _cursor_position(self.edit))

    def _on_edit_text_changed(self) -> None:
        prefix = self.prefix()
        popup = self.completer.popup()
        if popup is None:
            return
        matches = completions(prefix, self._names) if prefix is not None else []
        if not matches or (len(matches) == 1 and name_key(matches[0]) == name_key(prefix or "")):
            popup.hide()
            return
        self._model.setStringList(matches)
        self.completer.setCompletionPrefix("")
        rect = _cursor_rect(self.edit)
        rect.setWidth(max(160, popup.sizeHintForColumn(0) + 24))
        self.completer.complete(rect)
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _on_completer_activated(self, name: str) -> None:
        prefix = self.prefix()
        if prefix is None:
            return
        if isinstance(self.edit, QLineEdit):
            self.edit.cursorBackward(True, len(prefix))
            self.edit.insert(name + " ")
        else:
            cursor = self.edit.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix)
            )
            cursor.insertText(name + " ")
            self.edit.setTextCursor(cursor)
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()
        self.completed.emit(name)

    def _popup_visible(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and self._popup_visible()
            and isinstance(event, QKeyEvent)
            and event.key() in _POPUP_KEYS
        ):
            event.ignore()  # the popup takes it (choose or dismiss)
            return True
        return super().eventFilter(watched, event)


class MentionChips(QWidget):
    """The elements a prompt mentions, as chips (GUI thread); follows the editor's text."""

    def __init__(self, edit: PromptEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentionChips")
        self.edit = edit
        self._elements: dict[str, ElementInfo] = {}
        self._loaded = False  # until the elements are known, no mention is called unknown
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 2, 0, 2)
        self._layout.setSpacing(6)
        self.chips: list[QLabel] = []
        edit.textChanged.connect(self.refresh)
        self.completion = MentionCompletion(edit)

    def minimumSizeHint(self) -> QSize:
        """No minimum width: many chips are cut at the edge (each keeps its tooltip) rather
        than widening the window past the screen."""
        return QSize(0, super().minimumSizeHint().height())

    def set_elements(self, elements: Sequence[ElementInfo]) -> None:
        self._elements = {name_key(e.name): e for e in elements}
        self._loaded = True
        self.completion.set_names([e.name for e in elements])
        self.refresh()

    def unknown(self) -> list[str]:
        return [n for n in mentioned_names(_text(self.edit)) if name_key(n) not in self._elements]

    def refresh(self) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        while self._layout.count():
            self._layout.takeAt(0)
        typing = self.completion.prefix()  # a name still being typed is not flagged yet
        for name in mentioned_names(_text(self.edit)):
            element = self._elements.get(name_key(name))
            if element is None and typing is not None and name_key(name) == name_key(typing):
                continue
            chip = QLabel(self)
            chip.setObjectName("mentionChip")
            if element is None and not self._loaded:
                chip.setText(f"@{name}")
                colour = "#666"
            elif element is None:
                chip.setText(f"@{name} ?")
                chip.setToolTip(
                    f"@{name} is not an element of this project; the round would be refused."
                )
                colour = "#b03a3a"
            else:
                refs = len(element.images)
                chip.setText(
                    f"@{element.name} · {element.kind} · {refs} ref{'s' if refs != 1 else ''}"
                )
                chip.setToolTip(element.description or element.kind)
                colour = KIND_COLOURS.get(element.kind, "#555")
            chip.setStyleSheet(
                f"QLabel#mentionChip {{ background: {colour}; color: white; border-radius: 9px;"
                " padding: 2px 8px; }"
            )
            self._layout.addWidget(chip)
            self.chips.append(chip)
        self._layout.addStretch(1)
        self.setVisible(bool(self.chips))


def find_context(widget: QWidget) -> AppContext | None:
    """The AppContext of the nearest view holding `widget` (panels are built without one)."""
    current: QObject | None = widget
    while current is not None:
        context = getattr(current, "context", None)
        if isinstance(context, AppContext):
            return context
        current = current.parent()
    return None


def view_project_id(widget: QWidget) -> int | None:
    """The id of the project open in the nearest view holding `widget`, if any."""
    current: QObject | None = widget
    while current is not None:
        project = getattr(current, "project", None)
        project_id = getattr(project, "id", None)
        if isinstance(project_id, int):
            return project_id
        current = current.parent()
    return None


def load_elements(
    context: AppContext,
    project_id: int,
    owner: QObject,
    on_result: Callable[[list[ElementInfo]], object],
) -> None:
    """Read the project's elements on the pool; `on_result` runs on the GUI thread."""

    def read(_ctx: object) -> list[ElementInfo]:
        return context.store.elements.list(project_id)

    context.tasks.submit(
        read,
        name="Loading elements",
        on_result=on_result,
        on_error=lambda exc: context.errors.present(exc, title="Could not load the elements"),
        owner=owner,
    )
