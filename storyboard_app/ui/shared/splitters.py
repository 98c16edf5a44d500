"""Page sizes: splitter sizes remembered per page in the data folder's window settings, and
only the shown page setting the window's minimum size (GUI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:  # the widget classes are imported when used: not on the start-up path
    from PySide6.QtWidgets import QStackedWidget, QWidget


def _key(page: QWidget, index: int) -> str:
    return f"splitters/{page.objectName() or type(page).__name__}/{index}"


def restore_splitters(page: QWidget, settings: QSettings) -> None:
    """Give the page's splitters the sizes they had when the app last closed."""
    from PySide6.QtWidgets import QSplitter

    for index, splitter in enumerate(page.findChildren(QSplitter)):
        state = settings.value(_key(page, index))
        if isinstance(state, QByteArray | bytes) and state:
            splitter.restoreState(QByteArray(state))


def save_splitters(pages: list[QWidget], settings: QSettings) -> None:
    """Remember the sizes of every splitter of these pages."""
    from PySide6.QtWidgets import QSplitter

    for page in pages:
        for index, splitter in enumerate(page.findChildren(QSplitter)):
            settings.setValue(_key(page, index), splitter.saveState())


def fit_current_page(stack: QStackedWidget) -> None:
    """Only the shown page counts for the window's minimum size: a hidden page (a wide
    iterator, say) must not keep every other page wider than the window was asked to be."""
    from PySide6.QtWidgets import QSizePolicy

    for index in range(stack.count()):
        page = stack.widget(index)
        policy = (
            QSizePolicy.Policy.Preferred
            if page is stack.currentWidget()
            else QSizePolicy.Policy.Ignored
        )
        if page is not None:
            page.setSizePolicy(policy, policy)
    stack.updateGeometry()
