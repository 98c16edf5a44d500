"""Search everything (Ctrl+K) on the main window; the palette itself loads on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow


def install_search(window: MainWindow) -> QAction:
    """Add "Search everything…" (Ctrl+K) to the window; each use opens a palette."""
    action = QAction("Search everything…", window)
    action.setObjectName("searchEverything")
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window.addAction(action)

    def show_palette() -> None:
        from storyboard_app.ui.search.palette import SearchPalette, open_hit

        palette = SearchPalette(window.context, window)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.hit_activated.connect(lambda hit: open_hit(window, hit))
        window.search_palette = palette  # type: ignore[attr-defined]  # tests find it here
        palette.show()
        palette.query_edit.setFocus()

    action.triggered.connect(show_palette)
    window.add_page_actions("&Tools", [action])
    return action
