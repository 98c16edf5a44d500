"""The dashboard: every project (v1 legacy and v2) as cards; create, rename, duplicate, delete.

Deleting hides the project at once and moves it to the trash (a persisted marker) in a
worker; Undo restores it, and the trash is purged for good at start-up and when the app
closes. Rename, duplicate and create are undoable too. Every write runs off the GUI thread,
one after another (`WriteQueue`), so undo/redo keep their order in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.dashboard.card_delegate import CARD_WIDTH, THUMB_HEIGHT, ProjectCardDelegate
from storyboard_app.ui.dashboard.project_edits import DashboardHooks, ProjectEdits
from storyboard_app.ui.dashboard.project_list_model import (
    ID_ROLE,
    SORT_KEYS,
    ProjectFilterModel,
    ProjectListModel,
)
from storyboard_app.ui.dashboard.state import DashboardState
from storyboard_app.ui.shared.thumbnail_cache import PREVIEW_BYTES, ThumbnailCache
from storyboard_app.ui.shared.write_queue import WriteQueue
from storyboard_app.ui.stage_page import StagePage

if TYPE_CHECKING:  # DTO modules and dialogs stay off the start-up path
    from PySide6.QtWidgets import QMessageBox

    from storyboard_app.store.dto import ProjectInfo, ProjectSummary
    from storyboard_app.ui.shared.title_dialog import TitleDialog


class DashboardPage(StagePage):
    """The list of projects (GUI thread); loads them in a background task.

    projects_loaded(): the list was (re)loaded and is on screen.
    project_duplicated(int): the copy's id, once the duplicate is written.
    """

    projects_loaded = Signal()
    project_duplicated = Signal(int)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._undo = QUndoStack(self)
        self.state = DashboardState()
        self.pending_deletions = self.state.pending_deletions  # the same set, for the view
        self.writes = WriteQueue(context, self, on_failed=self.reload)
        self.edits = ProjectEdits(
            context,
            self.writes,
            self._undo,
            DashboardHooks(
                hide=self._hide,
                unhide=self._unhide,
                reload=self.reload,
                changed=self.project_data_changed.emit,
                created=self.open_project_requested.emit,
                duplicated=self.project_duplicated.emit,
            ),
        )
        self.purge_trash()  # projects deleted in an earlier session (the store may be opening)

        self.model = ProjectListModel()
        self.proxy = ProjectFilterModel()
        self.proxy.setSourceModel(self.model)
        self.thumbnails = ThumbnailCache(
            context.paths.media,
            context.tasks,
            max_bytes=PREVIEW_BYTES,  # a card's picture is larger than a thumbnail
            fill=QSize(CARD_WIDTH * 2, THUMB_HEIGHT * 2),
            on_error=lambda exc: context.errors.present(exc, quiet=True),
            parent=self,
        )
        self.thumbnails.images_ready.connect(self.model.refresh_storage_ids)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = QHBoxLayout()
        heading = QLabel("<h2>Projects</h2>", self)
        header.addWidget(heading)
        header.addStretch(1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText("Search by title (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        header.addWidget(self.search_edit)
        header.addWidget(QLabel("Sort:", self))
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("sortCombo")
        for key, label in SORT_KEYS:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_combo_changed)
        header.addWidget(self.sort_combo)
        self.new_button = QPushButton("New project", self)
        self.new_button.setObjectName("newProjectButton")
        self.new_button.clicked.connect(self.create_project_interactively)
        header.addWidget(self.new_button)
        layout.addLayout(header)

        self.view = QListView(self)
        self.view.setObjectName("projectList")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(4)
        self.view.setMouseTracking(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ProjectCardDelegate(self.thumbnails))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.activated.connect(self._on_view_activated)
        self.view.doubleClicked.connect(self._on_view_activated)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.content = QStackedWidget(self)
        self.content.addWidget(self.view)
        self.content.addWidget(self.empty_label)
        layout.addWidget(self.content, 1)

        self.open_action = self._make_action("Open project", "Ctrl+O", self._on_open_action)
        self.rename_action = self._make_action("Rename project…", "F2", self.rename_selected)
        self.duplicate_action = self._make_action(
            "Duplicate project", "Ctrl+D", self.duplicate_selected
        )
        self.delete_action = self._make_action(
            "Delete project…", QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.find_action = self._make_action("Find project", "Ctrl+F", self._on_find_action)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()
        self._update_empty_state()

    # -- StagePage -------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        super().open_project(project)
        self.reload()
        self.view.setFocus()

    def undo_stack(self) -> QUndoStack:
        return self._undo

    def shutdown(self) -> None:
        """Land the queued writes, then purge this session's trash (a bounded wait).

        The purge goes through the write queue and `flush`, because the window cancels every
        pool task right after `shutdown` and a task not yet started would be skipped. A purge
        that does not finish in time is not lost: the trash marker is in the database and the
        next start-up purges it (`purge_trash`).
        """
        if self.state.take_deletions():
            self.edits.empty_trash_on_close()
        self.writes.flush()
        self._undo.clear()

    def purge_trash(self) -> None:
        """Delete for good, in a worker, every project in the trash."""
        self.edits.empty_trash()

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload the list in the background; a newer reload wins over an older one."""
        generation = self.state.start_load()
        context = self.context  # the store is read in the task: it may still be opening
        self.context.tasks.submit(
            lambda _ctx: context.store.projects.list(),
            name="Loading projects",
            on_result=lambda rows: self._on_projects_loaded(generation, rows),
            on_error=self.context.errors.present,
            owner=self,
        )

    def _on_projects_loaded(self, generation: int, rows: list[ProjectSummary]) -> None:
        if not self.state.is_newest(generation):
            return
        selected = self.selected_project_id()
        self.model.set_projects(rows)
        self.proxy.set_hidden(self.pending_deletions)
        self._apply_sort()
        if selected is not None:
            self.select_project(selected)
        self.thumbnails.request_many(r.thumbnail_storage_id for r in rows)
        self._update_empty_state()
        self._update_actions()
        self.projects_loaded.emit()

    def visible_projects(self) -> list[ProjectSummary]:
        """The cards on screen, in display order."""
        from storyboard_app.ui.dashboard.project_list_model import SUMMARY_ROLE

        return [self.proxy.index(r, 0).data(SUMMARY_ROLE) for r in range(self.proxy.rowCount())]

    # -- selection -------------------------------------------------------------------------

    def selected_project_id(self) -> int | None:
        indexes = self.view.selectionModel().selectedIndexes()
        return int(indexes[0].data(ID_ROLE)) if indexes else None

    def select_project(self, project_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == project_id:
                self.view.setCurrentIndex(index)
                return True
        return False

    def _update_actions(self) -> None:
        has = self.selected_project_id() is not None
        self.open_action.setEnabled(has)
        for action in (self.rename_action, self.duplicate_action, self.delete_action):
            action.setEnabled(has and not self.read_only)

    def apply_read_only(self) -> None:
        self.new_button.setEnabled(False)
        self.new_button.setToolTip(self.read_only_reason)
        self._update_actions()

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            self.content.setCurrentWidget(self.view)
            return
        self.empty_label.setText(
            self.state.empty_text(self.model.rowCount(), self.search_edit.text())
        )
        self.content.setCurrentWidget(self.empty_label)

    # -- editing ---------------------------------------------------------------------------

    def create_project_interactively(self) -> TitleDialog | None:
        from storyboard_app.ui.shared.title_dialog import TitleDialog

        if self.read_only:
            self.context.errors.inform(self.read_only_reason, 10_000)
            return None
        dialog = TitleDialog("New project", "The project title", "", "", self)
        dialog.setObjectName("newProjectDialog")
        dialog.accepted.connect(lambda: self.create_project(dialog.title, dialog.description))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def create_project(self, title: str, description: str = "") -> None:
        """Create a v2 project in a worker, then open it; undo moves it to the trash."""
        self.edits.create(title, description)

    def rename_selected(self) -> TitleDialog | None:
        from storyboard_app.ui.shared.title_dialog import TitleDialog

        project_id = self.selected_project_id()
        if project_id is None:
            return None
        summary = self.model.projects()[self.model.row_of(project_id)]
        dialog = TitleDialog("Rename project", "The project title", summary.title, None, self)
        dialog.setObjectName("renameProjectDialog")
        dialog.accepted.connect(lambda: self.rename_project(project_id, dialog.title))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def rename_project(self, project_id: int, title: str) -> None:
        """Rename in a worker; once written, the rename is undoable."""
        row = self.model.row_of(project_id)
        old = self.model.projects()[row].title if row >= 0 else ""
        self.edits.rename(project_id, old, title)

    def duplicate_selected(self) -> None:
        project_id = self.selected_project_id()
        if project_id is not None:
            self.duplicate_project(project_id)

    def duplicate_project(self, project_id: int) -> None:
        """Copy the project in a worker; project_duplicated(int) carries the copy's id."""
        self.edits.duplicate(project_id)

    def delete_selected(self) -> QMessageBox | None:
        """Ask, then move the selected project to the trash (undoable until the app closes)."""
        from storyboard_app.ui.shared.confirm import confirm_delete

        project_id = self.selected_project_id()
        if project_id is None:
            return None
        summary = self.model.projects()[self.model.row_of(project_id)]
        return confirm_delete(
            self,
            title="Delete project",
            text=f"Delete “{summary.title}” with all its scenes, shots and images?",
            informative=(
                "Edit → Undo (Ctrl+Z) brings it back until you close the app. "
                "Image files stay in the media folder."
            ),
            on_yes=lambda: self.delete_project(project_id),
        )

    def delete_project(self, project_id: int) -> None:
        """Hide now and trash in a worker (purged on close); Undo restores it."""
        self.edits.delete(project_id, self.model.projects()[self.model.row_of(project_id)].title)

    def _hide(self, project_id: int) -> None:
        self.state.hide(project_id)
        self.proxy.set_hidden(self.pending_deletions)
        self._update_empty_state()
        self._update_actions()
        self.project_removed.emit(project_id)

    def _unhide(self, project_id: int) -> None:
        self.state.unhide(project_id)
        self.proxy.set_hidden(self.pending_deletions)
        self._update_empty_state()
        self.select_project(project_id)

    # -- slots -----------------------------------------------------------------------------

    def _apply_sort(self) -> None:
        self.proxy.set_sort_key(str(self.sort_combo.currentData()))

    def _on_sort_combo_changed(self, _index: int) -> None:
        self._apply_sort()

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_empty_state()

    def _on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_project_requested.emit(int(index.data(ID_ROLE)))

    def _on_open_action(self) -> None:
        project_id = self.selected_project_id()
        if project_id is not None:
            self.open_project_requested.emit(project_id)

    def _on_find_action(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_view_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.rename_action)
        menu.addAction(self.duplicate_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addSeparator()
        new = menu.addAction("New project…")
        new.triggered.connect(self.create_project_interactively)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))
