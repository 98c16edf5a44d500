"""The lineage tree of a shot's images (parent → children), with the path to the final pick and
the reference pictures each image was made with."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import LineageTree, image_label, provider_label, status_word
from storyboard_app.ui.iterator.references import ReferenceStrip, used_references

IMAGE_ROLE = Qt.ItemDataRole.UserRole
ICON = QSize(56, 32)
PATH_COLOR = QColor("#3fa34d")
MADE_WITH, STATUS = 1, 2  # columns
MADE_WITH_ROLE = Qt.ItemDataRole.UserRole + 1  # the @names of the references


class LineageTreeWidget(QTreeWidget):
    """The tree itself; Enter shows the round, R branches from the image.

    branch_key_pressed(): R was pressed on an item.
    """

    branch_key_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_R and not event.modifiers():
            self.branch_key_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class LineageView(QWidget):
    """Every image of the shot as a tree; final path highlighted (GUI thread).

    show_round_requested(object): jump to the round of this ImageInfo.
    branch_requested(object): start the next round from this ImageInfo (any round).
    compare_requested(object): compare this ImageInfo with its parent.
    current_changed(object): the selected ImageInfo.
    """

    show_round_requested = Signal(object)
    branch_requested = Signal(object)
    compare_requested = Signal(object)
    current_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lineageView")
        self.tree_data: LineageTree | None = None
        self._items: dict[int, QTreeWidgetItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary_label = QLabel("Loading…", self)
        self.summary_label.setObjectName("lineageSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.tree = LineageTreeWidget(self)
        self.tree.setObjectName("lineageTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Image", "Made with", "Status"])
        self.tree.setIconSize(ICON)
        self.tree.setIndentation(16)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # "Made with" is the first reference's picture (its names in the tooltip and in the
        # strip under the tree): the image column keeps the room for its words.
        header.setSectionResizeMode(MADE_WITH, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(MADE_WITH, ICON.width() + 12)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnHidden(MADE_WITH, True)
        self.tree.currentItemChanged.connect(self._on_current_item_changed)
        self.tree.itemActivated.connect(lambda _item, _col: self._emit(self.show_round_requested))
        self.tree.branch_key_pressed.connect(lambda: self._emit(self.branch_requested))
        layout.addWidget(self.tree, 1)
        self.references = ReferenceStrip(self)
        layout.addWidget(self.references)
        # Two rows: the three buttons side by side need more than the tab's narrowest width.
        buttons = QGridLayout()
        buttons.setSpacing(4)
        self.show_button = QPushButton("Show round", self)
        self.show_button.setToolTip("Open this image's round in the grid (Enter)")
        self.branch_button = QPushButton("Refine from this", self)
        self.branch_button.setObjectName("branchButton")
        self.branch_button.setToolTip(
            "Start the next round from this image, whatever its round (R)"
        )
        self.compare_button = QPushButton("Compare", self)
        self.compare_button.setToolTip("Compare this image with its parent")
        self.show_button.clicked.connect(lambda: self._emit(self.show_round_requested))
        self.branch_button.clicked.connect(lambda: self._emit(self.branch_requested))
        self.compare_button.clicked.connect(lambda: self._emit(self.compare_requested))
        buttons.addWidget(self.branch_button, 0, 0, 1, 2)
        buttons.addWidget(self.show_button, 1, 0)
        buttons.addWidget(self.compare_button, 1, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_tree(self, tree: LineageTree, pixmap_for: dict[str, QPixmap]) -> None:
        """Show `tree`; `pixmap_for` holds the thumbnails already cached."""
        self.tree_data = tree
        self.tree.clear()
        self._items.clear()
        self.tree.setColumnHidden(
            MADE_WITH, not any(used_references(i) for i in tree.images.values())
        )

        def add(image_id: int, parent_item: QTreeWidgetItem | None) -> None:
            stack: list[tuple[int, QTreeWidgetItem | None]] = [(image_id, parent_item)]
            while stack:  # iterative: a long chain of refinements must not hit the recursion limit
                current, under = stack.pop()
                item = self._make_item(tree.images[current], tree)
                if under is None:
                    self.tree.addTopLevelItem(item)
                else:
                    under.addChild(item)
                self._items[current] = item
                storage = tree.images[current].image_storage_id
                if storage and storage in pixmap_for:
                    item.setIcon(0, QIcon(pixmap_for[storage]))
                refs = used_references(tree.images[current])
                if refs and refs[0].storage_id in pixmap_for:
                    item.setIcon(MADE_WITH, QIcon(pixmap_for[refs[0].storage_id]))
                for child in reversed(tree.children.get(current, ())):
                    stack.append((child, item))

        for root in tree.roots:
            add(root, None)
        for image_id in tree.final_path:
            item = self._items.get(image_id)
            parent = item.parent() if item is not None else None
            while parent is not None:
                parent.setExpanded(True)
                parent = parent.parent()
        if not tree.final_path:
            self.tree.expandToDepth(0)
        rounds = len({i.iteration_number for i in tree.images.values()})
        final = "final pick chosen: its path is green" if tree.final_path else "no final pick yet"
        self.summary_label.setText(
            f"{len(tree.images)} images in {rounds} round{'s' if rounds != 1 else ''}; {final}."
        )
        self._update_buttons()

    def _make_item(self, image: ImageInfo, tree: LineageTree) -> QTreeWidgetItem:
        on_path = image.id in tree.final_path
        text = image_label(image)
        if image.id == tree.final_id:
            text += "  ◆ FINAL"
        elif image.is_favorite:
            text += "  ★"
        status = status_word(image)  # "done", as Details says it (short: the image column
        # keeps the room at 1024×700)
        refs = used_references(image)
        made_with = ", ".join(f"@{r.name}" for r in refs)
        item = QTreeWidgetItem([text, "", status])
        item.setData(MADE_WITH, MADE_WITH_ROLE, made_with)
        item.setData(0, IMAGE_ROLE, image.id)
        item.setToolTip(0, f"{text}\n{provider_label(image)}\n\n{image.iteration_prompt[:400]}")
        item.setSizeHint(0, QSize(120, ICON.height() + 4))
        if on_path:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setForeground(0, QBrush(PATH_COLOR))
        if image.status == ImageStatus.FAILED:
            item.setForeground(STATUS, QBrush(QColor("#d05a4a")))
        if refs:
            item.setToolTip(MADE_WITH, "Made with the reference pictures of " + made_with)
        return item

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        if self.tree_data is None:
            return
        icon = QIcon(pixmap)
        for image_id, item in self._items.items():
            image = self.tree_data.images[image_id]
            if image.image_storage_id == storage_id:
                item.setIcon(0, icon)
            refs = used_references(image)
            if refs and refs[0].storage_id == storage_id:
                item.setIcon(MADE_WITH, icon)
        self.references.set_pixmap(storage_id, pixmap)

    def select_image(self, image_id: int) -> None:
        item = self._items.get(image_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def current_image(self) -> ImageInfo | None:
        item = self.tree.currentItem()
        if item is None or self.tree_data is None:
            return None
        return self.tree_data.images.get(int(item.data(0, IMAGE_ROLE)))

    def item_for(self, image_id: int) -> QTreeWidgetItem | None:
        return self._items.get(image_id)

    def _update_buttons(self) -> None:
        image = self.current_image()
        self.show_button.setEnabled(image is not None)
        self.branch_button.setEnabled(image is not None and image.status == ImageStatus.COMPLETE)
        self.compare_button.setEnabled(image is not None)

    def _on_current_item_changed(self, _current: object, _old: object) -> None:
        self._update_buttons()
        image = self.current_image()
        self.references.show_image(image)
        if image is not None:
            self.current_changed.emit(image)

    def _emit(self, signal: SignalInstance) -> None:
        image = self.current_image()
        if image is not None:
            signal.emit(image)
