"""The base class of a page in the main window (dashboard, planner, scenes, iterator, …).

To add a page, subclass `StagePage` and register a factory with the main window:
`window.add_stage_page("iterator", "Iterator", lambda context: IteratorPage(context))`.
The main window calls `open_project` when the page becomes visible for a project,
`leave` before it switches away or closes (save pending edits there, synchronously),
`shutdown` once when the window closes, and
takes `undo_stack` (if any) into Edit → Undo/Redo while the page is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from storyboard_app.ui.context import AppContext

if TYPE_CHECKING:  # DTO modules stay off the start-up path
    from storyboard_app.store.dto import ProjectInfo


class StagePage(QWidget):
    """A page the main window shows for the current project (GUI thread).

    project_data_changed(int): the page changed the project's data (stage bar and
        dashboard refresh).
    navigate_requested(str): the page asks the window to show another page key.
    open_project_requested(int): the page asks the window to open a project.
    project_removed(int): a project is gone (deleted); the window closes it if open.
    """

    project_data_changed = Signal(int)
    navigate_requested = Signal(str)
    open_project_requested = Signal(int)
    project_removed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.project: ProjectInfo | None = None
        self.read_only_reason = ""

    def open_project(self, project: ProjectInfo | None) -> None:
        """Show `project` (None: no project open). Called every time the page is shown."""
        self.project = project

    def leave(self) -> None:
        """Save pending edits now; called before switching away and on close."""

    def shutdown(self) -> None:
        """The window is closing (after `leave`): finish anything deferred, e.g. deletions."""

    @property
    def read_only(self) -> bool:
        """The data folder cannot be written: the page offers no edits."""
        return bool(self.read_only_reason)

    def set_read_only(self, reason: str) -> None:
        """The data folder is read-only (`reason` says why): disable what edits. Pages that
        edit override `apply_read_only`; writes would be refused by the store anyway."""
        self.read_only_reason = reason
        self.apply_read_only()

    def apply_read_only(self) -> None:
        """Disable this page's editing controls (`read_only_reason` says why)."""

    def undo_stack(self) -> QUndoStack | None:
        """The page's undo stack, wired to Edit → Undo/Redo while the page is shown."""
        return None

    def _make_action(
        self, text: str, shortcut: str | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        """An action with a shortcut that works while the page has the focus; runs `slot`."""
        from PySide6.QtCore import Qt  # not imported at start-up (slow)

        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action


class PlaceholderPage(StagePage):
    """Stands in for a page another part of the app supplies later."""

    def __init__(self, context: AppContext, title: str, explanation: str) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        label = QLabel(f"<h2>{title}</h2><p>{explanation}</p>")
        from PySide6.QtCore import Qt  # not imported at start-up (slow)

        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setObjectName("placeholderLabel")
        layout.addWidget(label)
