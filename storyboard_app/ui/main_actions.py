"""The main window's actions, menus, toolbar and status bar, and the shortcut list of Help."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from storyboard_app.ui.main_window import MainWindow

    Shortcut = QKeySequence | str | QKeySequence.StandardKey


def _action(
    window: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        window.pending_shortcuts.append((action, [shortcut]))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    window.actions_by_name[name] = action
    return action


def build_actions(w: MainWindow) -> None:
    """The window's actions, by object name in `w.actions_by_name`."""
    _action(w, "new_project", "&New project…", w.new_project, "Ctrl+N", "Create a project")
    _action(w, "go_dashboard", "&Projects", w.show_dashboard, "Ctrl+0", "Show all projects")
    for key, text, shortcut, tip in (
        ("planner", "&Planner", "Ctrl+1", "Prompt planner"),
        ("scenes", "&Scenes", "Ctrl+2", "Scenes and shots"),
        ("iterator", "&Iterator", "Ctrl+3", "Shot iterator"),
        ("storyboard", "S&toryboard", "Ctrl+4", "Storyboard timeline"),
    ):
        _action(w, f"go_{key}", text, _show(w, key), shortcut, tip)
    _action(w, "settings", "&Settings…", w.open_settings, "Ctrl+,", "Token, models, concurrency")
    _action(
        w,
        "check_connection",
        "&Check connection",
        w.check_connection,
        None,
        "Test the Replicate token and endpoint",
    )
    _action(w, "quit", "&Quit", w.close, QKeySequence.StandardKey.Quit, "Save and quit")
    _action(w, "shortcuts", "&Keyboard shortcuts", w.show_shortcuts, "F1", "List every shortcut")
    _action(w, "about", "&About", w.show_about)
    undo = w.undo_group.createUndoAction(w, "&Undo")
    undo.setObjectName("undo")
    w.pending_shortcuts.append((undo, ["Ctrl+Z"]))
    redo = w.undo_group.createRedoAction(w, "&Redo")
    redo.setObjectName("redo")
    w.pending_shortcuts.append((redo, ["Ctrl+Shift+Z", "Ctrl+Y"]))
    undo.triggered.disconnect()  # Undo asks before removing content, and says what it did
    undo.triggered.connect(lambda _checked=False: w.safe_undo.undo())
    for action in (undo, redo):
        w.addAction(action)
        w.actions_by_name[action.objectName()] = action


def apply_shortcuts(w: MainWindow) -> None:
    """Give the window's actions their shortcuts. Start-up does it right after the first
    paint: the first shortcut set builds PySide's Qt enums (tens of milliseconds), which
    the first paint does not need."""
    pending, w.pending_shortcuts = w.pending_shortcuts, []
    for action, keys in pending:
        action.setShortcuts([QKeySequence(key) for key in keys])


def _show(window: MainWindow, key: str) -> Callable[[], None]:
    return lambda: window.show_page(key)


def build_menus(w: MainWindow) -> None:
    """File, Edit, Go, Tools and Help."""
    acts = w.actions_by_name
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(acts["new_project"])
    file_menu.addSeparator()
    file_menu.addAction(acts["settings"])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(acts["undo"])
    edit_menu.addAction(acts["redo"])
    go_menu = bar.addMenu("&Go")
    for name in ("go_dashboard", "go_planner", "go_scenes", "go_iterator", "go_storyboard"):
        go_menu.addAction(acts[name])
    tools = bar.addMenu("&Tools")
    tools.addAction(acts["check_connection"])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(acts["shortcuts"])
    help_menu.addAction(acts["about"])

    install_history_actions(w)


def install_history_actions(w: MainWindow) -> None:
    """Ctrl+K (search every project) and Project → Cost…, after the menus exist."""
    from storyboard_app.ui.costs.action import install_cost_view
    from storyboard_app.ui.search.action import install_search

    w.actions_by_name["search"] = install_search(w)
    w.actions_by_name["cost"] = install_cost_view(w)


def build_toolbar(w: MainWindow) -> None:
    """Projects, New project, Undo, Redo, Settings."""
    toolbar = w.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    acts = w.actions_by_name
    for name in ("go_dashboard", "new_project"):
        toolbar.addAction(acts[name])
    toolbar.addSeparator()
    for name, text in (("undo", "Undo"), ("redo", "Redo")):
        toolbar.addAction(_short_mirror(w, acts[name], text))
    toolbar.addSeparator()
    toolbar.addAction(acts["settings"])


def _short_mirror(w: MainWindow, source: QAction, text: str) -> QAction:
    """A toolbar twin of `source` that keeps a short text: "Undo Create “<a long title>”"
    would widen the toolbar, and so the window (the whole text is in the tooltip)."""
    mirror = QAction(text, w)
    mirror.setObjectName(f"toolbar_{source.objectName()}")
    mirror.triggered.connect(lambda _checked=False: source.trigger())

    def sync() -> None:
        mirror.setEnabled(source.isEnabled())
        mirror.setToolTip(source.text().replace("&", "") or text)

    source.changed.connect(sync)
    sync()
    return mirror


def build_status_bar(w: MainWindow) -> None:
    """The jobs button (it opens the jobs panel), provider and connection labels, at the
    right of the status bar."""
    status = w.statusBar()
    w.provider_label = QLabel("Provider: …", w)
    w.provider_label.setObjectName("providerLabel")
    from storyboard_app.ui.shared.jobs_button import JobsButton

    w.jobs_label = JobsButton(w.context, w)
    w.connection_label = QLabel("Connection: not checked", w)
    w.connection_label.setObjectName("connectionLabel")
    for label in (w.jobs_label, w.provider_label, w.connection_label):
        label.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(label)


def add_menu_actions(w: MainWindow, menu_title: str, actions: list[QAction]) -> None:
    """Put `actions` in the menu bar's `menu_title` menu, made before Help on first use."""
    bar = w.menuBar()
    from PySide6.QtWidgets import QMenu

    menu: QMenu | None = None
    for existing in bar.actions():
        if existing.text().replace("&", "") == menu_title.replace("&", ""):
            found = existing.menu()
            menu = found if isinstance(found, QMenu) else None
            break
    if menu is None:
        help_action = bar.actions()[-1]
        menu = QMenu(menu_title, bar)
        bar.insertMenu(help_action, menu)
    for action in actions:
        menu.addAction(action)


def shortcut_rows(sources: list[tuple[str, QWidget]]) -> list[tuple[str, str, str]]:
    """(where, action, shortcut) for every action with a shortcut on the `sources` widgets."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for where, widget in sources:
        for action in widget.actions():
            if id(action) in seen or action.shortcut().isEmpty():
                continue
            seen.add(id(action))
            keys = ", ".join(  # "Enter", as the buttons, hints and README say it
                s.toString(QKeySequence.SequenceFormat.NativeText).replace("Return", "Enter")
                for s in action.shortcuts()
            )
            rows.append((where, action.text().replace("&", "").rstrip("…"), keys))
    return rows


def all_shortcut_rows(
    sources: list[tuple[str, QWidget]], menus: list[QMenu]
) -> list[tuple[str, str, str]]:
    """Help's rows: the `sources`' actions, then the menu-only ones (Project → Elements, say:
    they work window-wide) after the window's, and the iterator's single keys after its
    Ctrl ones (`ui/iterator/keys.py`)."""
    from storyboard_app.ui.iterator.keys import key_rows

    rows = shortcut_rows(sources)
    known = {row[1:] for row in rows}
    extra = [row for row in shortcut_rows([("Window", m) for m in menus]) if row[1:] not in known]
    window_end = max((i + 1 for i, row in enumerate(rows) if row[0] == "Window"), default=0)
    rows[window_end:window_end] = extra
    after = max((i + 1 for i, row in enumerate(rows) if row[0] == "Iterator"), default=0)
    return rows[:after] + key_rows() + rows[after:]
