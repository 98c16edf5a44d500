"""A read-only data folder opens read-only: a banner across the window says why nothing can
be changed, and every page disables what edits (GUI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow

EDITING_WINDOW_ACTIONS = ("new_project", "undo", "redo")


def read_only_reason(window: MainWindow) -> str:
    """Why the open store cannot be changed ("" when it can, or is still opening)."""
    context = window.context
    return (context.store.read_only or "") if context.store_ready else ""


def apply_read_only(window: MainWindow) -> QLabel | None:
    """Show the banner and disable editing when the store is read-only (call once it opened);
    returns the banner."""
    reason = read_only_reason(window)
    if not reason:
        return None
    banner = window.findChild(QLabel, "readOnlyBanner")
    if banner is None:
        banner = QLabel(window.centralWidget())
        banner.setObjectName("readOnlyBanner")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            "#readOnlyBanner { background: #fff3cd; color: #5c4400; padding: 6px 12px;"
            " border-bottom: 1px solid #e0c36a; }"
        )
        window.central_layout.insertWidget(0, banner)
    banner.setText(f"<b>Read-only.</b> {reason}")
    banner.setToolTip(reason)
    banner.show()
    for name in EDITING_WINDOW_ACTIONS:
        action = window.actions_by_name.get(name)
        if action is not None:
            action.setEnabled(False)
            action.setToolTip(reason)
    for page in window.created_pages():
        page.set_read_only(reason)
    return banner
