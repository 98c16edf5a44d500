"""Undo commands built from two callables, for edits made through the services."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from storyboard_app.ui.shared.errors import ErrorPresenter
from storyboard_app.ui.shared.safe_undo import ContentGuard


class ServiceCommand(QUndoCommand):
    """An edit already applied when pushed; undo/redo replay it through the services.

    A failure while undoing or redoing (say, the row was deleted meanwhile) is presented to
    the user and the command is dropped from the stack, so the stack never lies.
    """

    def __init__(
        self,
        text: str,
        redo: Callable[[], object],
        undo: Callable[[], object],
        errors: ErrorPresenter,
        after: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._errors = errors
        self._after = after
        self._applied = True  # the caller applied it before pushing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception as exc:
            self._errors.present(exc, title=f"Could not undo/redo: {self.text()}")
            self.setObsolete(True)
        finally:
            if self._after is not None:
                self._after()


def push_applied(
    stack: QUndoStack,
    text: str,
    redo: Callable[[], object],
    undo: Callable[[], object],
    errors: ErrorPresenter,
    after: Callable[[], object] | None = None,
    guard: ContentGuard | None = None,
) -> None:
    """Record an edit the caller has just applied successfully; with `guard`, Edit → Undo
    asks before undoing it once the rows it would remove hold content."""
    command = ServiceCommand(text, redo, undo, errors, after)
    command.guard = guard  # type: ignore[attr-defined]  # read by SafeUndo
    stack.push(command)
