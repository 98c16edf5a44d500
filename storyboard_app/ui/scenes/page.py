"""The scenes and shots editor: a tree of scenes and shots, a detail form, undo/redo, drag and drop.

Every edit goes through `SceneEdits` (QUndoStack): the tree shows it at once and its
service call runs in this page's `WriteQueue`, never on the GUI thread. After structural
changes (and after a failed write) the tree is reloaded from the database once the queue
drains, so the ids and numbers shown end up being the stored ones. The page wires: that
bookkeeping and where new rows go live in `state.py` (Qt-free), the detail form in `form.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import ProjectInfo, SceneInfo, ShotInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.scenes.board import SceneBoard
from storyboard_app.ui.scenes.form import ItemForm
from storyboard_app.ui.scenes.outline_view import make_outline_tree
from storyboard_app.ui.scenes.state import (
    ScenesEditorState,
    images_lost,
    new_scene_position,
    new_shot_place,
)
from storyboard_app.ui.scenes.tree_model import SceneTreeModel
from storyboard_app.ui.scenes.undo_commands import SceneEdits, Select
from storyboard_app.ui.scenes.view_switch import ViewSwitch
from storyboard_app.ui.shared.confirm import confirm_delete
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache
from storyboard_app.ui.shared.write_queue import WriteQueue
from storyboard_app.ui.stage_page import StagePage

EMPTY_TEXT = (
    "<h3>No scenes yet — draft them from the planner</h3>"
    "<p>Write your ideas in the Planner (Ctrl+1) and press “Draft scenes and shots”, "
    "or add a scene by hand (Ctrl+Shift+N).</p>"
)


FORM_MIN_WIDTH = 300


class ScenesEditorPage(StagePage):
    """Scenes with their shots in order (GUI thread).

    scenes_reloaded(): the tree shows fresh data from the database.
    `idle` is True once every edit is written and the tree shows the stored rows.
    shot_open_requested(int): the user wants to iterate on this shot.
    """

    scenes_reloaded = Signal()
    shot_open_requested = Signal(int)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._undo = QUndoStack(self)
        self.edits: SceneEdits | None = None
        self.state = ScenesEditorState()
        self._switching = False
        self.writes = WriteQueue(context, self, on_failed=self._on_writes_failed)
        self.writes.drained.connect(self._on_writes_drained)
        self.model = SceneTreeModel()
        self.model.move_requested.connect(self._on_model_move_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = QHBoxLayout()
        header.addWidget(QLabel("<h2>Scenes and shots</h2>", self))
        header.addStretch(1)
        self.add_scene_button = QPushButton("Add scene", self)
        self.add_shot_button = QPushButton("Add shot", self)
        self.duplicate_button = QPushButton("Duplicate", self)
        self.delete_button = QPushButton("Delete", self)
        for button in (
            self.add_scene_button,
            self.add_shot_button,
            self.duplicate_button,
            self.delete_button,
        ):
            header.addWidget(button)
        layout.addLayout(header)

        self.tree = make_outline_tree(self.model, self)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)

        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        self.board = SceneBoard(self.model, self.thumbnails, self)
        self.board.picked.connect(self._on_board_picked)
        self.board.open_requested.connect(self.shot_open_requested)
        self.left = QStackedWidget(self)
        self.left.addWidget(self.board)
        self.left.addWidget(self.tree)
        self.left.addWidget(self.empty_label)
        self.view_switch = ViewSwitch(self)
        self.view_switch.changed.connect(self._update_state)
        header.insertWidget(1, self.view_switch)

        self.form = ItemForm(self.context, self)
        self.form_title, self.title_edit = self.form.form_title, self.form.title_edit
        self.title_label, self.prompt_label = self.form.title_label, self.form.prompt_label
        self.description_edit, self.prompt_edit = self.form.description_edit, self.form.prompt_edit
        self.revert_button, self.apply_button = self.form.revert_button, self.form.apply_button
        self.revert_button.clicked.connect(self._fill_form)
        self.apply_button.clicked.connect(self.apply_form)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.left)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.form.setMaximumWidth(520)
        self.form.setMinimumWidth(FORM_MIN_WIDTH)  # its fields stay usable at 1024×700
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.add_scene_action = self._make_action("Add scene", "Ctrl+Shift+N", self.add_scene)
        self.add_shot_action = self._make_action("Add shot", "Ctrl+Shift+T", self.add_shot)
        self.duplicate_action = self._make_action("Duplicate", "Ctrl+D", self.duplicate_selected)
        self.delete_action = self._make_action(
            "Delete…", QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.apply_action = self._make_action("Apply edits", "Ctrl+Return", self.apply_form)
        self._make_action(
            "Show as a board", "Ctrl+Shift+B", lambda: self.view_switch.show_board(True)
        )
        self._make_action(
            "Show as an outline", "Ctrl+Shift+O", lambda: self.view_switch.show_board(False)
        )
        self.add_scene_button.clicked.connect(self.add_scene)
        self.add_shot_button.clicked.connect(self.add_shot)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self._update_state()

    # -- StagePage -------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        previous = self.project.id if self.project else None
        super().open_project(project)
        if project is None:
            self.edits = None
            self.model.set_scenes([])
            self._undo.clear()
            self._update_state()
            return
        self.reload_elements()
        if project.id != previous or self.edits is None:
            self._undo.clear()
            self.edits = SceneEdits(
                project.id,
                self.context.store.scenes,
                self._undo,
                self.model.scenes,
                self._show,
                self._write,
            )
        self.board.set_aspect_ratio(project.aspect_ratio)
        self.reload()
        self.current_view().setFocus()

    def undo_stack(self) -> QUndoStack:
        return self._undo

    def leave(self) -> None:
        """Unapplied form edits are applied when the page is left, not lost."""
        if self._form_dirty():
            self.apply_form()

    def shutdown(self) -> None:
        """The window is closing: write the last edits, waiting (bounded) for them."""
        if self._form_dirty():
            self.apply_form()
        self.writes.flush()

    @property
    def idle(self) -> bool:
        """Every edit is in the database and the tree shows the stored rows."""
        return self.state.idle

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the scenes in the write worker (after queued writes) and show them."""
        if self.project is None:
            return
        scenes = self.context.store.scenes
        project_id = self.project.id
        generation = self.state.read_queued()
        self.writes.submit(
            lambda: scenes.list(project_id),
            name="Loading scenes",
            on_result=lambda rows: self._loaded(project_id, generation, rows),
            on_error=self._on_load_error,
        )

    def _on_load_error(self, exc: BaseException) -> None:
        self.state.read_failed()
        self.context.errors.present(exc, title="Could not load the scenes")

    def _loaded(self, project_id: int, generation: int, scenes: list[SceneInfo]) -> None:
        if self.project is None or self.project.id != project_id:
            return
        if not self.state.read_landed(generation):
            return  # an edit queued after this read; reload once drained
        keep = self._selected_key()
        if keep is not None and keep[1] is not None and self.edits is not None:
            ids = self.edits.ids
            keep = (keep[0], ids.current(keep[0], ids.key(keep[0], keep[1])))
        self._show(scenes, keep)
        self.scenes_reloaded.emit()

    def _write(self, fn: Callable[[], object], structural: bool) -> None:
        """Queue one edit's service call (from an undo command)."""
        self.state.write_queued(structural)
        self.writes.submit(fn, on_result=self._on_written, on_error=self._on_write_error)

    def _on_written(self, _value: object) -> None:
        self.state.write_landed()

    def _on_write_error(self, exc: BaseException) -> None:
        self.state.write_errored()
        self.context.errors.present(exc, title="The change was not saved")

    def _on_writes_failed(self) -> None:
        if self.state.queue_failed():
            self._undo.clear()  # the tree and the undo history no longer match the database

    def _on_writes_drained(self) -> None:
        then = self.state.drained()  # results delivered (`busy` clears before that)
        if then.reload:
            self.reload()
        if then.changed and self.project is not None:
            self.project_data_changed.emit(self.project.id)

    def _show(self, scenes: list[SceneInfo], keep: Select | None) -> None:
        """Put an outline on screen, selecting `keep` (kind, id) when given."""
        self._switching = True  # the form is refilled below; nothing to apply meanwhile
        try:
            self.model.set_scenes(scenes)
            self.tree.expandAll()
            if keep is not None and keep[1] is not None:
                self.select(keep[0], keep[1])
            elif scenes:
                self.tree.setCurrentIndex(self.model.index(0, 0))
        finally:
            self._switching = False
        self._fill_form()
        self._update_state()

    def scenes(self) -> list[SceneInfo]:
        return self.model.scenes()

    def select(self, kind: str, item_id: int) -> bool:
        index = self.model.index_of(kind, item_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def selected_item(self) -> SceneInfo | ShotInfo | None:
        return self.model.item(self.tree.currentIndex())

    def _selected_key(self) -> tuple[str, int | None] | None:
        item = self.selected_item()
        if item is None:
            return None
        return ("scene" if isinstance(item, SceneInfo) else "shot", item.id)

    def _update_state(self) -> None:
        has_project = self.project is not None
        has_scenes = bool(self.model.scenes())
        self.left.setCurrentWidget(self.current_view() if has_scenes else self.empty_label)
        item = self.selected_item()
        edits = not self.read_only
        for widget in (self.add_scene_button, self.add_scene_action):
            widget.setEnabled(has_project and edits)
        for widget in (self.add_shot_button, self.add_shot_action):
            widget.setEnabled(has_scenes and edits)
        for widget in (
            self.duplicate_button,
            self.delete_button,
            self.duplicate_action,
            self.delete_action,
        ):
            widget.setEnabled(item is not None and edits)
        self.form.setEnabled(item is not None)

    def apply_read_only(self) -> None:
        self.title_edit.setReadOnly(True)
        self.description_edit.setReadOnly(True)
        self.prompt_edit.setReadOnly(True)
        self.apply_action.setEnabled(False)
        self.form.extras.fields.setEnabled(False)  # camera fields, dialogue, action, notes
        self.form.apply_button.setEnabled(False)
        self.tree.setDragEnabled(False)
        self.tree.setAcceptDrops(False)
        self.board.set_read_only(True)
        self._update_state()

    # -- the form --------------------------------------------------------------------------

    def _fill_form(self) -> None:
        self.form.show_item(self.selected_item(), self.model.scenes())
        self._update_state()

    def _form_dirty(self) -> bool:
        return self.form.is_dirty()

    def apply_form(self) -> bool:
        """Save the form's fields for the scene or shot it shows (one undoable edit)."""
        item = self.form.item
        if self.edits is None or item is None or not self._form_dirty():
            return False
        try:
            if isinstance(item, SceneInfo):
                self.edits.edit_scene(
                    item.id, self.title_edit.text(), self.description_edit.toPlainText()
                )
            else:
                self._apply_shot_fields(item)
                description, prompt = (
                    self.description_edit.toPlainText(),
                    self.prompt_edit.toPlainText(),
                )
                if (description, prompt) != (item.description, item.initial_prompt):
                    self.edits.edit_shot(item.id, description, prompt)
        except Exception as exc:
            self.context.errors.present(exc, title="The edit was not saved")
            return False
        return True

    def _apply_shot_fields(self, item: ShotInfo) -> None:
        if self.form.extras.fields.dirty(item.fields):
            changes, shots = self.form.extras.fields.changes(), self.context.store.shot_fields
            self._write(lambda: shots.set(item.id, changes), structural=True)

    def reload_elements(self) -> None:
        self.form.extras.load_elements(self.project.id if self.project else None)

    # -- actions ---------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object], title: str) -> object:
        if self.edits is None:
            return None
        if self._form_dirty():
            self.apply_form()
        try:
            return fn()
        except Exception as exc:
            self.context.errors.present(exc, title=title)
            return None

    def add_scene(self, title: str | None = None) -> int | None:
        """Add a scene after the selected one (or at the end) and select its title."""
        if self.edits is None:
            return None
        edits = self.edits
        position = new_scene_position(self.selected_item(), self.model.scenes())
        name = title or f"Scene {len(self.model.scenes()) + 1}"
        result = self._run(lambda: edits.add_scene(name, "", position), "Could not add a scene")
        if isinstance(result, int):
            self.title_edit.setFocus()
            self.title_edit.selectAll()
            return result
        return None

    def add_shot(self, initial_prompt: str = "", description: str = "") -> int | None:
        """Add a shot after the selected shot, or at the end of the selected scene."""
        if self.edits is None:
            return None
        edits = self.edits
        place = new_shot_place(self.selected_item(), self.model.scenes())
        if place is None:
            return None
        scene_id, position = place
        result = self._run(
            lambda: edits.add_shot(scene_id, initial_prompt, description, position),
            "Could not add a shot",
        )
        if isinstance(result, int):
            self.prompt_edit.setFocus()
            return result
        return None

    def duplicate_selected(self) -> int | None:
        item = self.selected_item()
        if self.edits is None or item is None:
            return None
        edits = self.edits
        if isinstance(item, SceneInfo):
            result = self._run(lambda: edits.duplicate_scene(item.id), "Could not duplicate")
        else:
            result = self._run(lambda: edits.duplicate_shot(item.id), "Could not duplicate")
        return result if isinstance(result, int) else None

    def delete_selected(self) -> QMessageBox | None:
        """Delete the selection; asks first when images would be lost (undo keeps the text)."""
        item = self.selected_item()
        if item is None:
            return None
        images = images_lost(item)
        if images == 0:
            self.delete_item(item)
            return None
        what = f"scene “{item.title}”" if isinstance(item, SceneInfo) else "this shot"
        return confirm_delete(
            self,
            title="Delete",
            text=f"Delete {what} and its {images} generated image(s)?",
            informative=(
                "Undo restores the text of scenes and shots, not their images (the image files "
                "stay in the media folder)."
            ),
            on_yes=lambda: self.delete_item(item),
            icon=QMessageBox.Icon.Warning,
        )

    def delete_item(self, item: SceneInfo | ShotInfo) -> None:
        edits = self.edits
        if edits is None:
            return
        if isinstance(item, SceneInfo):
            self._run(lambda: edits.delete_scene(item.id), "Could not delete the scene")
        else:
            self._run(lambda: edits.delete_shot(item.id), "Could not delete the shot")

    def move_item(self, kind: str, item_id: int, position: int, scene_id: int = 0) -> None:
        """Move a scene, or a shot (to `scene_id` when non-zero), to a 1-based position."""
        edits = self.edits
        if edits is None:
            return
        if kind == "scene":
            self._run(lambda: edits.move_scene(item_id, position), "Could not move the scene")
        else:
            self._run(
                lambda: edits.move_shot(item_id, position, scene_id or None),
                "Could not move the shot",
            )

    # -- slots -----------------------------------------------------------------------------

    def _on_model_move_requested(
        self, kind: str, item_id: int, position: int, scene_id: int
    ) -> None:
        self.move_item(kind, item_id, position, scene_id)

    def current_view(self) -> QWidget:
        return self.board if self.view_switch.board_shown() else self.tree

    def _on_board_picked(self, kind: str, item_id: int) -> None:
        self.select(kind, item_id)

    def _on_tree_current_changed(self, *_args: object) -> None:
        key = self._selected_key()
        if key is not None and key[1] is not None:
            self.board.show_current(key[0], key[1])
        if self._switching:
            self._fill_form()
            return
        if self._form_dirty():
            # Unapplied edits of the previous item are saved, not lost, when moving on.
            target = self._selected_key()
            self._switching = True
            try:
                self.apply_form()
            finally:
                self._switching = False
            if target is not None and target[1] is not None:
                self.select(target[0], target[1])
        self._fill_form()

    def _on_tree_double_clicked(self, *_args: object) -> None:
        item = self.selected_item()
        if isinstance(item, SceneInfo):
            self.title_edit.setFocus()
        elif isinstance(item, ShotInfo):
            self.prompt_edit.setFocus()
