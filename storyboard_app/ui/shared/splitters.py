"""Splitter sizes remembered per page in the data folder's window settings (GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget


def _key(page: QWidget, index: int) -> str:
    return f"splitters/{page.objectName() or type(page).__name__}/{index}"


def restore_splitters(page: QWidget, settings: QSettings) -> None:
    """Give the page's splitters the sizes they had when the app last closed."""
    for index, splitter in enumerate(page.findChildren(QSplitter)):
        state = settings.value(_key(page, index))
        if isinstance(state, QByteArray | bytes) and state:
            splitter.restoreState(QByteArray(state))


def save_splitters(pages: list[QWidget], settings: QSettings) -> None:
    """Remember the sizes of every splitter of these pages."""
    for page in pages:
        for index, splitter in enumerate(page.findChildren(QSplitter)):
            settings.setValue(_key(page, index), splitter.saveState())
