"""The .storyboarder format as Storyboarder 2 reads and writes it: fields, file names, sizes.

Storyboarder keeps a board's drawing in layer files (`board-1-UID-reference.png`, `…-fill.png`,
…) beside a `…-thumbnail.png` and a `…-posterframe.jpg`; the board's own `url` names no file
in a current project (a file under that name marks a pre-1.6 project, which Storyboarder
migrates, moving it to the fill layer).
"""

from __future__ import annotations

import random
import re
import string
from typing import Any

FORMAT_VERSION = "2.1.0"  # the board layout written (layers, posterframes), as Storyboarder 2
DEFAULT_BOARD_TIMING_MS = 2000
MAX_JSON_BYTES = 64 * 1024 * 1024  # a .storyboarder file; Shot Generator scenes make them big
MAX_SCRIPT_BYTES = 16 * 1024 * 1024
MAX_IMAGE_BYTES = 200 * 1024 * 1024  # one layer or board image
MAX_BOARDS = 20_000
MAX_SCENES = 2_000
MAX_JSON_DEPTH = 200
MIN_ASPECT_RATIO = 0.2  # width / height: 1:5 portrait to 5:1; beyond, a board is a sliver
MAX_ASPECT_RATIO = 5.0

TOP_FIELDS = ("version", "aspectRatio", "fps", "defaultBoardTiming", "boards")
"""Every .storyboarder file has these."""
BOARD_FIELDS = ("uid", "url", "newShot", "lastEdited", "number", "shot", "time", "layers")
"""Every board Storyboarder writes has these (`duration`, `dialogue`, `action`, `notes`,
`audio`, `lineMileage`, `link`, `sg` only when set)."""
BOARD_TEXT_FIELDS = ("dialogue", "action", "notes")
STUDIO_KEY = "storyboardStudio"
"""Our own board key: {"prompt": the shot's image prompt, "shotId": …}. Storyboarder keeps
keys it does not know, so the prompt survives a round trip through it."""
OPTIONAL_BOARD_FIELDS = ("duration", *BOARD_TEXT_FIELDS, "audio", "lineMileage", "link", "sg")
LAYER_ORDER = ("shot-generator", "reference", "fill", "tone", "pencil", "ink", "notes")
"""Bottom to top, as Storyboarder flattens a board."""
DEFAULT_REFERENCE_OPACITY = 0.75  # Storyboarder's, when a reference layer names none
BOARD_HEIGHT = 900  # Storyboarder's board canvas: 900 px on the short side
THUMBNAIL_HEIGHT = 120
UID_CHARS = string.digits + string.ascii_uppercase
_UID = re.compile(r"^[0-9A-Z]{5}$")


def new_uid(taken: set[str], rng: random.Random | None = None) -> str:
    """Five characters 0-9A-Z (Storyboarder's board and scene ids), not in `taken`."""
    pick = rng or random.SystemRandom()
    while True:
        uid = "".join(pick.choice(UID_CHARS) for _ in range(5))
        if uid not in taken:
            taken.add(uid)
            return uid


def is_uid(value: Any) -> bool:
    return isinstance(value, str) and bool(_UID.match(value))


def board_url(number: int, uid: str) -> str:
    """`board-3-ABCDE.png`: the name every other file of the board is made from."""
    return f"board-{number}-{uid}.png"


def layer_file(url: str, layer: str) -> str:
    return url.replace(".png", f"-{layer}.png")


def thumbnail_file(url: str) -> str:
    return url.replace(".png", "-thumbnail.png")


def posterframe_file(url: str) -> str:
    return url.replace(".png", "-posterframe.jpg")


def board_size(aspect_ratio: float) -> tuple[int, int]:
    """The board canvas Storyboarder draws on: 900 px high (900 wide when portrait)."""
    if aspect_ratio >= 1:
        return round(BOARD_HEIGHT * aspect_ratio), BOARD_HEIGHT
    return BOARD_HEIGHT, round(BOARD_HEIGHT / aspect_ratio)


def thumbnail_size(aspect_ratio: float) -> tuple[int, int]:
    """Storyboarder's thumbnails: 120 px high, floor(60 × ratio) × 2 wide."""
    return int(60 * aspect_ratio) * 2, THUMBNAIL_HEIGHT


def shot_label(number: int) -> str:
    """The `shot` of a board that starts its own shot: "3A"."""
    return f"{number}A"


def filenameify(text: str) -> str:
    """A scene folder's name part, as Storyboarder makes it from a scene heading."""
    text = text[:50].replace(".", "").replace(" - ", " ").replace(" ", "-")
    return re.sub(r'[|&;/:$%@"{}?<>()+,\\*#\'`]', "-", text)
