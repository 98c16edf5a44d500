"""Badges stay visible: a final whose element reference changed and a stale clip show on
their cards and on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.timeline_data import CardState
from storyboard_app.ui.storyboard.timeline_view import TRACK_TOP
from tests.ui.storyboard.conftest import multimedia, open_storyboard

pytestmark = multimedia


def test_reference_changed_and_stale_badges_show_on_cards_and_timeline(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    store: Store,
    data_paths: DataPaths,
    offline_provider: str,
    tmp_path: Path,
) -> None:
    project = store.projects.create("Harbour")
    scene = store.scenes.add_scene(project.id, "Dawn")
    old, new = tmp_path / "old.png", tmp_path / "new.png"
    Image.new("RGB", (64, 64), (200, 40, 40)).save(old)
    Image.new("RGB", (64, 64), (40, 40, 200)).save(new)
    mara = store.elements.add(project.id, "Mara", "character", files=[old])
    with_ref = store.scenes.add_shot(scene.id, "@Mara waits on the quay")
    stale = store.scenes.add_shot(scene.id, "boats leave the harbour")
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    rounds = {
        s.id: engine.run_round([r.id for r in engine.plan_round(s.id)]) for s in (with_ref, stale)
    }
    for done in rounds.values():
        store.images.select_final(done[0].id)
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    engine.plan_animation(selections[stale.id].id)
    engine.run_animation(selections[stale.id].id)
    store.images.select_final(rounds[stale.id][1].id)  # the clip now shows an older pick
    store.storyboard.build(project.id)
    store.elements.replace_references(mara.id, files=[new])

    page = open_storyboard(qtbot, make_window(), project.id)
    card = page.cards[with_ref.id]
    assert card.reference_badge.isVisible() and "@Mara" in card.reference_badge.toolTip()
    assert page.cards[stale.id].badge.isVisible()
    assert page.state.card(stale.id).state == CardState.STALE  # type: ignore[union-attr]
    view = page.timeline.view
    for shot_id, words in ((with_ref.id, "Reference changed: "), (stale.id, "Stale clip: ")):
        block = view.block(shot_id)
        assert block is not None
        tip = view.tooltip_at(QPointF(block.x + 5, TRACK_TOP + 10).toPoint())
        assert words in tip, tip
