"""The dashboard's undoable project edits: create, rename, duplicate, delete (to the trash) and
restore, each written in the page's `WriteQueue` (off the GUI thread, in order)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from storyboard_app.ui.shared.safe_undo import ContentGuard, project_content
from storyboard_app.ui.shared.undo import push_applied
from storyboard_app.ui.shared.write_queue import WriteQueue

if TYPE_CHECKING:
    from storyboard_app.store.dto import ProjectInfo
    from storyboard_app.ui.context import AppContext


@dataclass(frozen=True)
class DashboardHooks:
    """What the edits ask of the page once a write is shown or done (GUI thread)."""

    hide: Callable[[int], None]  # the card disappears at once (it is going to the trash)
    unhide: Callable[[int], None]  # the card is back at once
    reload: Callable[[], None]  # re-read the list
    changed: Callable[[int], None]  # this project's data changed (stage bar, list)
    created: Callable[[int], None]  # a new project is written: open it
    duplicated: Callable[[int], None]  # the copy's id, once written


class ProjectEdits:
    """Project edits with undo (GUI thread; the service calls run in `writes`)."""

    def __init__(
        self, context: AppContext, writes: WriteQueue, undo: QUndoStack, hooks: DashboardHooks
    ) -> None:
        self._context = context
        self._writes = writes
        self._undo = undo
        self._hooks = hooks

    def create(self, title: str, description: str = "") -> None:
        """Create a v2 project in a worker, then open it; undo moves it to the trash."""
        context = self._context
        self._writes.submit(
            lambda: context.store.projects.create(title, description),
            name="Creating the project",
            on_result=self._on_created,
            title="Could not create the project",
        )

    def _on_created(self, info: ProjectInfo) -> None:
        project_id = info.id
        push_applied(
            self._undo,
            f"Create “{info.title}”",
            lambda: self.restore(project_id),
            lambda: self.trash(project_id),
            self._context.errors,
            guard=self._guard(project_id, info.title),
        )
        self._context.errors.inform(f"Created “{info.title}”.")
        self._hooks.created(project_id)

    def _guard(self, project_id: int, title: str) -> ContentGuard:
        """Undoing the creation removes the project: ask once it holds anything."""
        context = self._context
        return ContentGuard(
            f"the project “{title}”", lambda: project_content(context.store, project_id)
        )

    def rename(self, project_id: int, old: str, title: str) -> None:
        """Rename in a worker; once written, the rename is undoable."""

        def renamed(info: ProjectInfo) -> None:
            push_applied(
                self._undo,
                f"Rename “{old}” to “{info.title}”",
                lambda: self._write_title(project_id, info.title),
                lambda: self._write_title(project_id, old),
                self._context.errors,
            )
            self._after_edit(project_id)

        projects = self._context.store.projects
        self._writes.submit(
            lambda: projects.rename(project_id, title),
            name="Renaming the project",
            on_result=renamed,
            title="Could not rename the project",
        )

    def _write_title(self, project_id: int, title: str) -> None:
        projects = self._context.store.projects
        self._writes.submit(
            lambda: projects.rename(project_id, title),
            name="Renaming the project",
            on_result=lambda _info: self._after_edit(project_id),
            title="Could not rename the project",
        )

    def duplicate(self, project_id: int) -> None:
        """Copy every row of the project in a worker (a long query); undo trashes the copy."""
        projects = self._context.store.projects
        self._context.errors.inform("Duplicating the project…")
        self._writes.submit(
            lambda: projects.duplicate(project_id),
            name="Duplicating the project",
            on_result=self._on_duplicated,
            title="Could not duplicate the project",
        )

    def _on_duplicated(self, copy: ProjectInfo) -> None:
        copy_id = copy.id
        push_applied(
            self._undo,
            f"Duplicate as “{copy.title}”",
            lambda: self.restore(copy_id),
            lambda: self.trash(copy_id),
            self._context.errors,  # no guard: the content is a copy of a project still there
        )
        self._context.errors.inform(f"Duplicated as “{copy.title}”.")
        self._hooks.duplicated(copy_id)
        self._hooks.reload()

    def delete(self, project_id: int, title: str) -> None:
        """Hide now and trash in a worker (purged on close); Undo restores it."""
        self.trash(project_id)
        push_applied(
            self._undo,
            f"Delete “{title}”",
            lambda: self.trash(project_id),
            lambda: self.restore(project_id),
            self._context.errors,
        )
        self._context.errors.inform(f"Deleted “{title}”. Undo with Ctrl+Z.", 8_000)

    def trash(self, project_id: int) -> None:
        """Hide the card at once; mark the project trashed in a worker."""
        self._hooks.hide(project_id)
        projects = self._context.store.projects
        self._writes.submit(
            lambda: projects.trash(project_id),
            name="Deleting the project",
            on_result=lambda _info: self._hooks.reload(),
            title="Could not delete the project",
        )

    def restore(self, project_id: int) -> None:
        """Show the card again at once; take the project out of the trash in a worker."""
        self._hooks.unhide(project_id)
        projects = self._context.store.projects
        self._writes.submit(
            lambda: projects.restore(project_id),
            name="Restoring the project",
            on_result=lambda _info: self._hooks.reload(),
            title="Could not restore the project",
        )

    def empty_trash_on_close(self) -> None:
        """Queue the purge of this session's trash (the page flushes the queue on close)."""
        projects = self._context.store.projects
        self._writes.submit(
            projects.purge_trashed, name="Emptying the trash", title="Could not delete a project"
        )

    def empty_trash(self) -> None:
        """Delete for good, in a worker, every project in the trash (an earlier session's)."""
        context = self._context
        context.tasks.submit(
            lambda _ctx: context.store.projects.purge_trashed(),
            name="Emptying the trash",
            on_error=lambda exc: context.errors.present(exc, title="Could not delete a project"),
        )

    def _after_edit(self, project_id: int) -> None:
        self._hooks.changed(project_id)
        self._hooks.reload()
