"""The outline: scenes and shots as a tree of text rows (the board's compact alternative)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from storyboard_app.ui.scenes.tree_model import SceneTreeModel


def make_outline_tree(model: SceneTreeModel, parent: QWidget) -> QTreeView:
    """A tree over the page's model: one selection, drag to reorder scenes and shots."""
    tree = QTreeView(parent)
    tree.setObjectName("sceneTree")
    tree.setModel(model)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    tree.setDefaultDropAction(Qt.DropAction.MoveAction)
    tree.setDragEnabled(True)
    tree.setAcceptDrops(True)
    tree.setDropIndicatorShown(True)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    header = tree.header()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, 320)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    return tree
