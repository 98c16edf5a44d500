"""Edit → Undo that never destroys content silently: undoing a creation that now holds
content (a project with scenes or images, a scene with shots or images) asks first; every
undo is told in a toast with a one-click Redo (GUI thread; the content check runs in a
worker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from storyboard_app.domain.errors import NotFoundError

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from storyboard_app.store.dto import SceneInfo, ShotInfo
    from storyboard_app.store.open_store import Store
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.shared.toast import Toast


@dataclass(frozen=True)
class ContentGuard:
    """Set as `guard` on an undo command whose undo deletes rows.

    `holds()` says what the rows hold now ("" when nothing): it runs on a pool thread when
    it reads the database (`in_worker`), on the GUI thread when it reads what a page already
    shows. `what` names the thing in the question ("the project “Harbour”").
    """

    what: str
    holds: Callable[[], str]
    in_worker: bool = True


def guard_of(command: QUndoCommand | None) -> ContentGuard | None:
    guard = getattr(command, "guard", None)
    return guard if isinstance(guard, ContentGuard) else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe_content(scenes: int = 0, shots: int = 0, images: int = 0, notes: bool = False) -> str:
    """ "2 scenes, 5 shots and 30 images" (the parts there are); "" when there is nothing."""
    parts = [
        _count(n, word)
        for n, word in ((scenes, "scene"), (shots, "shot"), (images, "image"))
        if n > 0
    ]
    if notes:
        parts.append("the planner's notes")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def project_content(store: Store, project_id: int) -> str:
    """What a project holds now (pool thread); "" when it is empty or gone."""
    try:
        project = store.projects.get(project_id)
        scenes = store.scenes.list(project_id)
    except NotFoundError:
        return ""
    shots = [shot for scene in scenes for shot in scene.shots]
    return describe_content(
        len(scenes),
        len(shots),
        sum(shot.image_count for shot in shots),
        bool(project.prompt_planner_data.strip()),
    )


def scene_content(scene: SceneInfo | None) -> str:
    """What a scene holds: its shots and their images ("" for none, or no scene)."""
    shots = scene.shots if scene is not None else ()
    return describe_content(0, len(shots), sum(shot.image_count for shot in shots))


def shot_content(shot: ShotInfo | None) -> str:
    """What a shot holds: its images."""
    return describe_content(images=shot.image_count if shot is not None else 0)


class SafeUndo(QObject):
    """Runs Edit → Undo for the window (GUI thread).

    undone(str): an edit was undone (its text), after any question was answered.
    declined(str): the user kept the content; nothing was undone.
    """

    undone = Signal(str)
    declined = Signal(str)

    def __init__(self, group: QUndoGroup, context: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self._group = group
        self._context = context
        self._parent = window
        self._toast: Toast | None = None
        self.box: QMessageBox | None = None
        self._checking = False

    @property
    def toast(self) -> Toast:
        """The window's toast (made on first use, over the central widget)."""
        if self._toast is None:
            from storyboard_app.ui.shared.toast import Toast

            self._toast = Toast(self._parent.centralWidget() or self._parent)
        return self._toast

    def undo(self) -> None:
        stack = self._group.activeStack()
        if stack is None or not stack.canUndo() or self._checking or self.box is not None:
            return
        command = stack.command(stack.index() - 1)
        guard = guard_of(command)
        if guard is None:
            self._undo(stack)
            return
        index = stack.index()
        if not guard.in_worker:
            self._on_checked(stack, index, command, guard, guard.holds())
            return
        self._checking = True
        self._context.tasks.submit(
            lambda _ctx: guard.holds(),
            name="Checking what the undo would remove",
            on_result=lambda held: self._on_checked(stack, index, command, guard, held),
            on_error=self._on_check_failed,
            on_finished=self._on_check_finished,
        )

    def _on_check_finished(self) -> None:
        self._checking = False

    def _on_check_failed(self, exc: BaseException) -> None:
        self._checking = False
        self._context.errors.present(exc, title="Undo")

    def _on_checked(
        self,
        stack: QUndoStack,
        index: int,
        command: QUndoCommand | None,
        guard: ContentGuard,
        held: str,
    ) -> None:
        self._checking = False  # now, not on `finished`: that signal may come after a click
        if stack.index() != index or stack.command(index - 1) is not command:
            return  # the stack moved meanwhile: the user can press Undo again
        if not held:
            self._undo(stack)
            return
        from PySide6.QtWidgets import QMessageBox  # not on the start-up path

        text = stack.undoText()
        box = QMessageBox(self._parent)
        box.setObjectName("undoContentBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Undo")
        what = guard.what[:1].upper() + guard.what[1:]
        box.setText(f"{what} now holds {held}.")
        box.setInformativeText(
            "Undoing its creation removes it with everything in it. Keep it, or undo and "
            "remove it (Redo brings it back until you quit)."
        )
        remove = box.addButton("Undo and remove", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        remove.setObjectName("undoRemove")
        keep.setObjectName("undoKeep")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(_result: int) -> None:
            self.box = None
            if box.clickedButton() is remove and stack.index() == index:
                self._undo(stack)
            else:
                self.declined.emit(text)

        box.finished.connect(answered)
        box.open()
        self.box = box

    def _undo(self, stack: QUndoStack) -> None:
        text = stack.undoText()
        stack.undo()
        self._parent.statusBar().clearMessage()  # "Created …" no longer holds: the toast says
        self.toast.show_message(f"Undone: {text}", "Redo", lambda: self._redo(stack))
        self.undone.emit(text)

    def _redo(self, stack: QUndoStack) -> None:
        if stack.canRedo():
            stack.redo()
