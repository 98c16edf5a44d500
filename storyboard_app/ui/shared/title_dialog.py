"""A small dialog asking for a title (and optionally a description), validated before OK."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS, clean_text, clean_title
from storyboard_app.ui.shared.labels import error_label


class TitleDialog(QDialog):
    """Title (required) and optional description; OK only with valid input (GUI thread)."""

    def __init__(
        self,
        window_title: str,
        what: str,
        title: str = "",
        description: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title)
        self.setMinimumWidth(420)
        self._what = what
        form = QFormLayout(self)
        self.title_edit = QLineEdit(title, self)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.selectAll()
        form.addRow("&Title:", self.title_edit)
        self.description_edit: QPlainTextEdit | None = None
        if description is not None:
            self.description_edit = QPlainTextEdit(description, self)
            self.description_edit.setObjectName("descriptionEdit")
            self.description_edit.setTabChangesFocus(True)
            self.description_edit.setFixedHeight(90)
            form.addRow("&Description:", self.description_edit)
        self.error_label = error_label(self)
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.title_edit.textChanged.connect(lambda _text: self.error_label.hide())

    @property
    def title(self) -> str:
        return self.title_edit.text().strip()

    @property
    def description(self) -> str:
        return self.description_edit.toPlainText() if self.description_edit else ""

    def accept(self) -> None:
        try:
            clean_title(self.title_edit.text(), self._what)
            clean_text(self.description, MAX_DESCRIPTION_CHARS, "The description")
        except InvalidInputError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            self.title_edit.setFocus()
            return
        super().accept()
