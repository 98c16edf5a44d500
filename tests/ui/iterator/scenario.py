"""Steps a creator takes in the iterator, driven through the real widgets and keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.dto import ImageInfo
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import IteratorPage

WAIT_MS = 15_000


def key(
    qtbot: QtBot, page: IteratorPage, k: Qt.Key, modifier: Qt.KeyboardModifier | None = None
) -> None:
    """Press a key on the focused grid cell, as the user does."""
    cell = page.grid.cells[page.grid.current_variant]
    if modifier is None:
        qtbot.keyClick(cell, k)
    else:
        qtbot.keyClick(cell, k, modifier)


def focus_cell(qtbot: QtBot, page: IteratorPage, number: int) -> ImageInfo:
    """Press the digit of a cell (1–6) and return the variant it shows."""
    page.grid.focus_variant(page.grid.current_variant)
    key(qtbot, page, getattr(Qt.Key, f"Key_{number}"))
    assert page.grid.current_variant == number - 1
    image = page.grid.current_image()
    assert image is not None
    return image


def round_images(page: IteratorPage) -> list[ImageInfo]:
    return [cell.image for cell in page.grid.cells if cell.image is not None]


def wait_round_settled(qtbot: QtBot, page: IteratorPage, iteration: int) -> list[ImageInfo]:
    """Wait until the shown round is `iteration` and none of its variants is running."""
    qtbot.waitUntil(
        lambda: (
            page.round is not None
            and page.round.iteration == iteration
            and len(round_images(page)) == 6
            and not any(i.status.is_active for i in round_images(page))
        ),
        timeout=WAIT_MS,
    )
    return round_images(page)


def wait_pixmaps(qtbot: QtBot, page: IteratorPage) -> None:
    """Every complete cell shows its thumbnail."""
    qtbot.waitUntil(
        lambda: all(
            cell.image_box.pixmap() is not None
            for cell in page.grid.cells
            if cell.image is not None and cell.image.status == ImageStatus.COMPLETE
        ),
        timeout=WAIT_MS,
    )


def refine_from(
    qtbot: QtBot, page: IteratorPage, number: int, extra_words: str, strength: float
) -> list[ImageInfo]:
    """Focus cell `number`, press R, edit the prompt, set the strength, Ctrl+Enter."""
    parent = focus_cell(qtbot, page, number)
    key(qtbot, page, Qt.Key.Key_R)
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == parent.id
    editor = page.refine_bar.prompt_edit
    assert editor.hasFocus()
    assert editor.toPlainText() == parent.iteration_prompt  # prefilled from the parent
    qtbot.keyClicks(editor, extra_words)
    page.refine_bar.set_strength(strength)
    latest = page.latest_iteration or 0
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    images = wait_round_settled(qtbot, page, latest + 1)
    assert {i.parent_image_id for i in images} == {parent.id}
    assert all(i.iteration_prompt == parent.iteration_prompt + extra_words for i in images)
    return images


def draw_offline_round(paths: DataPaths, shot_id: int, **kwargs: Any) -> list[ImageInfo]:
    """Plan and draw a whole round with offline drafts, outside the window (as another
    session or the command line would)."""
    store = open_store(paths)
    try:
        engine = GenerationEngine.for_paths(store, paths, provider="offline")
        rows = engine.plan_round(shot_id, **kwargs)
        done = engine.run_round([r.id for r in rows])
        assert all(r.status == ImageStatus.COMPLETE for r in done), [r.error for r in done]
        return done
    finally:
        store.close()
