"""@-completion and chips in a storyboard card's motion prompt (the iterator's completer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from tests.ui.storyboard.conftest import Board, multimedia, open_storyboard

pytestmark = multimedia


def test_the_motion_prompt_completes_elements_and_shows_chips(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    tmp_path: Path,
) -> None:
    first = board_project.shot_ids[0]
    picture = tmp_path / "mara.png"
    Image.new("RGB", (64, 64), (200, 40, 40)).save(picture)
    store.elements.add(board_project.project_id, "Mara", "character", files=[picture])
    store.elements.add(board_project.project_id, "Marco", "character")
    store.storyboard.build(board_project.project_id)
    window = make_window()
    page = window.page("storyboard")
    with qtbot.waitSignal(page.mentions.elements_loaded, timeout=20_000):  # type: ignore[attr-defined]
        open_storyboard(qtbot, window, board_project.project_id)
    card = page.cards[first]  # type: ignore[attr-defined]
    chips = card.chips
    card.motion.setFocus()
    QTest.keyClicks(card.motion, "camera follows @Mar")
    popup = chips.completion.completer.popup()
    assert popup is not None and popup.isVisible()
    model = chips.completion.completer.completionModel()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["Mara", "Marco"]
    chips.completion.completer.activated.emit("Mara")
    assert card.motion.text() == "camera follows @Mara "
    assert [c.text() for c in chips.chips] == ["@Mara · character · 1 ref"]
    QTest.keyClicks(card.motion, "past @Ghost ")
    assert chips.unknown() == ["Ghost"] and chips.chips[-1].text() == "@Ghost ?"
    card.motion.editingFinished.emit()
    qtbot.waitUntil(
        lambda: (
            {s.shot_id: s for s in store.storyboard.list(board_project.project_id)}[
                first
            ].motion_prompt.strip()
            == "camera follows @Mara past @Ghost"
        ),
        timeout=10_000,
    )
