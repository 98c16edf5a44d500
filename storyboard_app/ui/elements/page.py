"""The elements page: the project's cast, locations, props and styles with their references.

A dialog reachable from the Project menu. Add from files (chooser or drop), edit, delete
(asks, naming the finals made with it), add or remove a reference. Every read and write runs
on the pool; the list shows `ElementInfo` DTOs and thumbnails from the thumbnail cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.mentions import KINDS, MAX_REFERENCES
from storyboard_app.store.dto import ElementInfo, ProjectInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.elements.edit_dialog import IMAGE_FILTER, ElementEditDialog
from storyboard_app.ui.shared.confirm import confirm_delete
from storyboard_app.ui.shared.mentions import KIND_COLOURS
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache

THUMB = 88
KIND_TITLES = {"character": "Cast", "location": "Locations", "prop": "Props", "style": "Styles"}


class ElementsDialog(QDialog):
    """Lists and edits the elements of one project (GUI thread; work on the pool).

    elements_changed(int): the project's elements changed (project id).
    """

    elements_changed = Signal(int)

    def __init__(self, context: AppContext, project: ProjectInfo, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.project = project
        self.elements: list[ElementInfo] = []
        self.setObjectName("elementsDialog")
        self.setWindowTitle(f"Elements — {project.title}")
        self.setAcceptDrops(True)
        self.thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        self.thumbnails.image_ready.connect(self._on_thumbnail_ready)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Name an element in any prompt as <b>@Name</b>; rounds that name elements with "
            "reference images send them to the reference model. Drop image files here to "
            "add references to the selected element.",
            self,
        )
        hint.setWordWrap(True)  # a long hint must never widen the dialog
        layout.addWidget(hint)
        self.lists: dict[str, QListWidget] = {}
        columns = QHBoxLayout()
        for kind in KINDS:
            box = QVBoxLayout()
            title = QLabel(f"<b>{KIND_TITLES[kind]}</b>", self)
            title.setStyleSheet(f"color: {KIND_COLOURS[kind]}")
            box.addWidget(title)
            view = QListWidget(self)
            view.setObjectName(f"elements_{kind}")
            view.setIconSize(QSize(THUMB, THUMB))
            view.setSpacing(2)
            # Four columns share 1024 px: the words wrap under the name, never scroll sideways.
            view.setWordWrap(True)
            view.setResizeMode(QListView.ResizeMode.Adjust)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.currentItemChanged.connect(self._on_current_changed)
            box.addWidget(view, 1)
            self.lists[kind] = view
            columns.addLayout(box, 1)
        layout.addLayout(columns, 1)
        self.refs_label = QLabel("", self)
        self.refs_label.setObjectName("referencesLabel")
        layout.addWidget(self.refs_label)
        self.refs_row = QHBoxLayout()
        self.ref_labels: list[QLabel] = []
        for _ in range(MAX_REFERENCES):
            label = QLabel(self)
            label.setFixedSize(THUMB + 40, THUMB + 10)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("border: 1px dashed #888")
            self.refs_row.addWidget(label)
            self.ref_labels.append(label)
        self.refs_row.addStretch(1)
        layout.addLayout(self.refs_row)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add element…", self)
        self.add_button.clicked.connect(self.add_element)
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.add_ref_button = QPushButton("Add &reference…", self)
        self.add_ref_button.clicked.connect(self._on_add_reference_clicked)
        self.remove_ref_button = QPushButton("Remove last reference", self)
        self.remove_ref_button.clicked.connect(self.remove_last_reference)
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (
            self.add_button,
            self.edit_button,
            self.add_ref_button,
            self.remove_ref_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self._update_buttons()
        self.reload()

    # -- data ----------------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object], title: str, *, changed: bool = True) -> None:
        def done(value: object) -> None:
            if changed:
                self.elements_changed.emit(self.project.id)
            self.reload()

        self.context.tasks.submit(
            lambda _ctx: fn(),
            name=title,
            on_result=done,
            on_error=lambda exc: self.context.errors.present(exc, title=title),
            owner=self,
        )

    def reload(self) -> None:
        project_id = self.project.id

        def read(_ctx: object) -> list[ElementInfo]:
            return self.context.store.elements.list(project_id)

        self.context.tasks.submit(
            read,
            name="Loading elements",
            on_result=self._show,
            on_error=lambda exc: self.context.errors.present(exc, title="Could not load"),
            owner=self,
        )

    def _show(self, elements: list[ElementInfo]) -> None:
        keep = self.selected()
        self.elements = elements
        for kind, view in self.lists.items():
            view.clear()
            for element in (e for e in elements if e.kind == kind):
                item = QListWidgetItem(f"@{element.name}\n{element.description[:40]}", view)
                item.setData(Qt.ItemDataRole.UserRole, element.id)
                item.setToolTip(element.description or element.kind)
                pixmap = (
                    self.thumbnails.request(element.images[0].storage_id)
                    if element.images
                    else None
                )
                if pixmap is not None:
                    item.setIcon(QIcon(pixmap))
                if keep is not None and keep.id == element.id:
                    view.setCurrentItem(item)
        self._show_references()
        self._update_buttons()

    def _on_thumbnail_ready(self, _storage_id: str) -> None:
        for view in self.lists.values():
            for row in range(view.count()):
                item = view.item(row)
                element = self._element(item.data(Qt.ItemDataRole.UserRole))
                if element and element.images:
                    pixmap = self.thumbnails.get(element.images[0].storage_id)
                    if pixmap is not None:
                        item.setIcon(QIcon(pixmap))
        self._show_references()

    def _element(self, element_id: object) -> ElementInfo | None:
        return next((e for e in self.elements if e.id == element_id), None)

    def selected(self) -> ElementInfo | None:
        for view in self.lists.values():
            item = view.currentItem()
            if item is not None and item.isSelected():
                return self._element(item.data(Qt.ItemDataRole.UserRole))
        return None

    def select(self, name: str) -> bool:
        for view in self.lists.values():
            for row in range(view.count()):
                item = view.item(row)
                element = self._element(item.data(Qt.ItemDataRole.UserRole))
                if element is not None and element.name == name:
                    view.setCurrentItem(item)
                    item.setSelected(True)
                    return True
        return False

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            for view in self.lists.values():
                if view is not current.listWidget():
                    view.clearSelection()
        self._show_references()
        self._update_buttons()

    def _show_references(self) -> None:
        element = self.selected()
        self.refs_label.setText(
            f"References of @{element.name} ({len(element.images)} of {MAX_REFERENCES}):"
            if element
            else "Select an element to see its references."
        )
        images = element.images if element else ()
        for i, label in enumerate(self.ref_labels):
            label.clear()
            if i < len(images):
                pixmap = self.thumbnails.request(images[i].storage_id)
                if pixmap is not None:
                    label.setPixmap(
                        pixmap.scaled(
                            THUMB + 36,
                            THUMB,
                            Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation,
                        )
                    )
                else:
                    label.setText("…")
            else:
                label.setText("drop an image" if element else "")

    def _update_buttons(self) -> None:
        element = None if self.context.store.read_only else self.selected()  # nothing to edit
        self.add_button.setEnabled(not self.context.store.read_only)
        self.setAcceptDrops(not self.context.store.read_only)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(element is not None)
        self.add_ref_button.setEnabled(element is not None and len(element.images) < MAX_REFERENCES)
        self.remove_ref_button.setEnabled(element is not None and bool(element.images))

    # -- actions -------------------------------------------------------------------------------

    def add_element(self, files: list[Path] | None = None) -> ElementEditDialog:
        dialog = ElementEditDialog(self, None)
        dialog.add_files(files or [])
        project_id = self.project.id

        def accepted() -> None:
            name, kind, description, paths = dialog.values()
            self._run(
                lambda: self.context.store.elements.add(
                    project_id, name, kind, description, files=paths
                ),
                "The element was not added",
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def edit_selected(self) -> ElementEditDialog | None:
        element = self.selected()
        if element is None:
            return None
        dialog = ElementEditDialog(self, element)

        def accepted() -> None:
            name, kind, description, _ = dialog.values()
            self._run(
                lambda: self.context.store.elements.edit(
                    element.id, name=name, kind=kind, description=description
                ),
                "The element was not changed",
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def add_references(self, paths: list[Path]) -> None:
        element = self.selected()
        if element is None:
            self.add_element(paths)
            return
        self._run(
            lambda: self.context.store.elements.add_references(element.id, files=paths),
            "The reference was not added",
        )

    def _on_add_reference_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Reference images", "", IMAGE_FILTER)
        if names:
            self.add_references([Path(n) for n in names])

    def remove_last_reference(self) -> None:
        element = self.selected()
        if element is None or not element.images:
            return
        last = element.images[-1].id
        self._run(
            lambda: self.context.store.elements.remove_reference(last),
            "The reference was not removed",
        )

    def delete_selected(self) -> None:
        element = self.selected()
        if element is None:
            return
        self.context.tasks.submit(
            lambda _ctx: self.context.store.elements.finals_using(element.id),
            name="Checking the finals",
            on_result=lambda finals: self._confirm_delete(element, finals),
            on_error=lambda exc: self.context.errors.present(exc, title="Not deleted"),
            owner=self,
        )

    def _confirm_delete(self, element: ElementInfo, finals: list[int]) -> None:
        used = (
            f"{len(finals)} final image(s) were made with it; they keep their record and are "
            "marked “reference changed”."
            if finals
            else "No final image was made with it."
        )
        confirm_delete(
            self,
            title="Delete element",
            text=f"Delete @{element.name}?",
            informative=used,
            on_yes=lambda: self._run(
                lambda: self.context.store.elements.delete(element.id),
                "The element was not deleted",
            ),
        )

    # -- drops ---------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_references(paths)
            event.acceptProposedAction()
