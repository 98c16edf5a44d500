"""F1 lists every shortcut the app has, grouped by place, with the same text as the menus and
buttons: every QAction of the window, the grid's and the lightbox's single keys (made from
`ui/iterator/keys.py`, each pressed here on the real widget), and every shortcut the README
writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.iterator.keys import GRID_KEYS, LIGHTBOX_KEYS, Key
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.helpers import complete_one_image, store_image

WAIT_MS = 10_000
README = Path(__file__).resolve().parents[2] / "README.md"


def _f1_rows(qtbot: QtBot, window: MainWindow) -> list[tuple[str, str, str]]:
    """The F1 table as the user reads it, each group's place filled down."""
    window.actions_by_name["shortcuts"].trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    table = dialog.table
    rows: list[tuple[str, str, str]] = []
    where = ""
    for row in range(table.rowCount()):
        cells = [table.item(row, column) for column in range(3)]
        texts = [cell.text() if cell is not None else "" for cell in cells]
        where = texts[0] or where
        rows.append((where, texts[1], texts[2]))
    dialog.close()
    return rows


def _menu_text(action: QAction) -> tuple[str, str]:
    """(name, keys) as the menus show them (Enter, as the buttons and hints say)."""
    keys = ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText).replace("Return", "Enter")
        for s in action.shortcuts()
    )
    return action.text().replace("&", "").rstrip("…"), keys


def test_every_action_shortcut_of_the_window_is_in_f1_with_the_same_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    for key in window.page_keys():
        window.page(key)  # every page built, so every action exists
    listed = {(action, keys) for _where, action, keys in _f1_rows(qtbot, window)}
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(actions) > 30
    missing = [_menu_text(a) for a in actions if _menu_text(a) not in listed]
    assert missing == []


def test_f1_groups_the_grid_and_lightbox_keys_by_place(qtbot: QtBot, window: MainWindow) -> None:
    rows = _f1_rows(qtbot, window)
    places = list(dict.fromkeys(where for where, _a, _k in rows))
    assert places[0] == "Window"
    assert places.index("Iterator") + 1 == places.index("Iterator grid")
    grid = {keys for where, _a, keys in rows if where == "Iterator grid"}
    assert {"F", "R", "Enter", "C", "X", "Space", "←/→/↑/↓", "1–6", "Esc"} <= grid
    lightbox = {keys for where, _a, keys in rows if where == "Lightbox"}
    assert {"←/→", "Ctrl+←/→", "W", "Esc or Space", "+/−", "0", "1", "F", "X"} <= lightbox
    iterator = {action: keys for where, action, keys in rows if where == "Iterator"}
    assert iterator["Larger tiles"].startswith("Ctrl+=")
    assert iterator["Smaller tiles"] == "Ctrl+-"
    # The hint under the grid says what F1 says: "Space lightbox", never "preview".
    assert ("Iterator grid", "Open the lightbox (or double-click)", "Space") in rows


def _accepted(widget: QWidget, kind: QEvent.Type, key: Qt.Key, ctrl: bool = False) -> bool:
    mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    event = QKeyEvent(kind, key, mods)
    event.ignore()
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _pressed(keys: tuple[Key, ...]) -> list[tuple[Qt.Key, bool]]:
    return [(qt_key, key.ctrl) for key in keys for qt_key in key.qt_keys]


def test_every_key_f1_lists_works_on_the_grid_and_in_the_lightbox(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    project = store.projects.create("Harbour")
    scene = store.scenes.add_scene(project.id, "Dawn")
    shot = store.scenes.add_shot(scene.id, "A misty harbour at dawn", "Mara waits")
    complete_one_image(store, shot.id, store_image(store))
    window = make_window(restore=False)
    page = window.page("iterator")
    assert isinstance(page, IteratorPage)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        window.open_project(project.id, page="iterator")
    qtbot.waitUntil(lambda: page.grid.current_image() is not None, timeout=WAIT_MS)
    image = page.grid.current_image()
    assert image is not None

    press = QEvent.Type.KeyPress
    assert not _accepted(page.grid, press, Qt.Key.Key_Q)  # a key the grid does not use
    for qt_key, _ctrl in _pressed(GRID_KEYS):
        page.panels.close()  # Space opened the lightbox: back to the grid
        assert _accepted(page.grid, press, qt_key), qt_key

    page.panels.preview(image)
    view = page.panels.lightbox.view
    assert view is not None
    claim = QEvent.Type.ShortcutOverride  # the lightbox's keys win over the window's
    assert not _accepted(view, claim, Qt.Key.Key_Q)
    assert not _accepted(view, claim, Qt.Key.Key_Z, ctrl=True)  # Ctrl+Z stays the window's
    for qt_key, ctrl in _pressed(LIGHTBOX_KEYS):
        assert _accepted(view, claim, qt_key, ctrl), (qt_key, ctrl)
    page.panels.close()


def test_every_shortcut_the_readme_writes_is_the_one_f1_lists(
    qtbot: QtBot, window: MainWindow
) -> None:
    rows = _f1_rows(qtbot, window)
    listed = {k for _w, _a, keys in rows for k in keys.split(", ")}
    readme = README.read_text(encoding="utf-8")
    written = re.findall(r"\(([^)]*)\)", readme)  # every parenthesis of the README
    shortcut = re.compile(r"(?:Ctrl|Alt)\+(?:Shift\+)?(?:[A-Z0-9]\b|,|=|-|[↑↓←→](?!/))|F\d\b")
    keys = [k for text in written for k in shortcut.findall(text)]
    assert len(keys) > 8
    assert [k for k in keys if k not in listed] == []
    # Where the README names an action beside its keys, F1 says the same.
    by_name = {action: keys.split(", ")[0] for _w, action, keys in rows}
    named = re.findall(r"\*([A-Z][^*]+?)…?\* \(((?:Ctrl|Alt|F\d)[^)]*)\)", readme)
    assert len(named) >= 4
    assert [(n, k) for n, k in named if n in by_name and by_name[n] != k] == []
