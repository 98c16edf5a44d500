"""The iterator's single keys (grid, lightbox, refine prompt, lineage), written once: the key
hint under the grid and Help → Keyboard shortcuts (F1) are made from these lists, and a test
presses every listed key on the real widgets. The Ctrl shortcuts are QActions (listed live)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt


@dataclass(frozen=True)
class Key:
    """One row of F1: the keys as the app writes them, what they do, the Qt keys pressed."""

    keys: str
    does: str
    qt_keys: tuple[Qt.Key, ...] = ()
    ctrl: bool = False


GRID_KEYS = (
    Key("1–6", "Pick a variant", (Qt.Key.Key_1, Qt.Key.Key_6)),
    Key("←/→/↑/↓", "Move between variants", (Qt.Key.Key_Left, Qt.Key.Key_Down)),
    Key("Space", "Open the lightbox (or double-click)", (Qt.Key.Key_Space,)),
    Key("F", "Star or unstar", (Qt.Key.Key_F,)),
    Key("R", "Refine from this variant (retry if it failed)", (Qt.Key.Key_R,)),
    Key("Enter", "Make final", (Qt.Key.Key_Return,)),
    Key("C", "Compare with its parent", (Qt.Key.Key_C,)),
    Key("X", "Reject (hidden, never deleted) or bring back", (Qt.Key.Key_X,)),
    Key("Esc", "Cancel the round", (Qt.Key.Key_Escape,)),
)
LIGHTBOX_KEYS = (
    Key("←/→", "Previous / next variant", (Qt.Key.Key_Left, Qt.Key.Key_Right)),
    Key("Ctrl+←/→", "Previous / next round", (Qt.Key.Key_Left, Qt.Key.Key_Right), ctrl=True),
    Key("F", "Star or unstar", (Qt.Key.Key_F,)),
    Key("R", "Refine from this image", (Qt.Key.Key_R,)),
    Key("Enter", "Make final", (Qt.Key.Key_Return,)),
    Key("C", "Compare with its parent (C or Esc closes the compare)", (Qt.Key.Key_C,)),
    Key("X", "Reject or bring back", (Qt.Key.Key_X,)),
    Key("W", "In compare: wipe or side by side", (Qt.Key.Key_W,)),
    Key("+/−", "Zoom in / out (or the wheel)", (Qt.Key.Key_Plus, Qt.Key.Key_Minus)),
    Key("0", "Fit the window (or double-click)", (Qt.Key.Key_0,)),
    Key("1", "Actual size (100 %)", (Qt.Key.Key_1,)),
    Key("Esc or Space", "Close the lightbox", (Qt.Key.Key_Escape, Qt.Key.Key_Space)),
)
REFINE_KEYS = (
    Key("Ctrl+Enter", "Refine from the chosen parent"),
    Key("↑/↓", "Earlier prompts of the shot (on the first or last line)"),
)
LINEAGE_KEYS = (Key("R", "Refine from the selected image"),)

GROUPS: tuple[tuple[str, tuple[Key, ...]], ...] = (
    ("Iterator grid", GRID_KEYS),
    ("Lightbox", LIGHTBOX_KEYS),
    ("Refine prompt", REFINE_KEYS),
    ("Lineage", LINEAGE_KEYS),
)

KEY_HINT = (
    "Keys (F1 lists all): 1–6 pick · arrows move · Space lightbox · F star · R refine · "
    "Enter make final · C compare · X reject · Esc cancel round"
)


def key_rows() -> list[tuple[str, str, str]]:
    """(where, what it does, keys) for F1, in the order of GROUPS."""
    return [(where, key.does, key.keys) for where, keys in GROUPS for key in keys]
