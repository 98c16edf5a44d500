"""Mention chips never widen the window: past the edge they are cut, not laid out wider."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.ui.shared.mentions import MentionChips


def test_many_chips_ask_for_no_width(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    edit = QPlainTextEdit(holder)
    chips = MentionChips(edit, holder)
    layout.addWidget(edit)
    layout.addWidget(chips)
    chips.set_elements([])
    edit.setPlainText(" ".join(f"@Character{n}WithAVeryLongName" for n in range(8)) + " ")
    assert len(chips.chips) == 8
    assert sum(c.sizeHint().width() for c in chips.chips) > 1600  # wider than any screen
    assert chips.minimumSizeHint().width() == 0
    assert holder.minimumSizeHint().width() < 400  # the form around them stays narrow
