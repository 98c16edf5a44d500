"""Search everything (Ctrl+K) on the main window; the palette itself loads on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow


def install_search(window: MainWindow) -> QAction:
    """Add "Search everything…" (Ctrl+K) and "Search this shot…" (Ctrl+Shift+K, the iterator's
    current shot) to the window; each use opens a palette."""
    action = QAction("Search everything…", window)
    action.setObjectName("searchEverything")
    # Window-wide (a QAction's own context); set after the first paint with the window's
    # other shortcuts: the first shortcut set builds Qt's enums, ~50 ms the paint can skip.
    window.pending_shortcuts.append((action, ["Ctrl+K"]))
    window.addAction(action)

    def show_palette(this_shot: bool = False) -> None:
        from storyboard_app.ui.iterator.page import IteratorPage
        from storyboard_app.ui.search.palette import SearchPalette, open_hit

        page = window.current_page()
        shot = page.shot if this_shot and isinstance(page, IteratorPage) else None
        if this_shot and shot is None:
            window.context.errors.inform("Open a shot in the iterator to search its rounds.")
            return
        palette = SearchPalette(
            window.context,
            window,
            shot_id=shot.id if shot else None,
            scope=f"shot {shot.shot_number} of this scene" if shot else "",
        )
        from PySide6.QtCore import Qt

        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.hit_activated.connect(lambda hit: open_hit(window, hit))
        window.search_palette = palette  # type: ignore[attr-defined]  # tests find it here
        palette.show()
        palette.query_edit.setFocus()

    action.triggered.connect(lambda _checked=False: show_palette())
    in_shot = QAction("Search this shot…", window)
    in_shot.setObjectName("searchThisShot")
    window.pending_shortcuts.append((in_shot, ["Ctrl+Shift+K"]))
    in_shot.triggered.connect(lambda _checked=False: show_palette(this_shot=True))
    window.addAction(in_shot)
    window.add_page_actions("&Tools", [action, in_shot])
    return action
