"""Drafting proposes the shot types, the project style and the recurring characters and
places in the preview; what the creator keeps ticked is written with the scenes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.planner.draft_preview import DraftPreviewDialog
from storyboard_app.ui.planner.page import PlannerPage

WAIT_MS = 10_000
PLAN = (
    "Cold blue light, film grain, 35mm\n\n"
    "# Harbour\n- Wide shot: Mara waits at the Old Harbour\n"
    "- Close-up: Mara's hand on the rope\n\n"
    "# Storm\n- Jonas rows back to the Old Harbour\n- POV: Jonas sees Mara on the pier\n"
)


def _preview(qtbot: QtBot, window: MainWindow, store: Store) -> tuple[PlannerPage, int]:
    project = store.projects.create("Proposals")
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="planner")
    page = window.current_page()
    assert isinstance(page, PlannerPage)
    page.editor.setPlainText(PLAN)
    with qtbot.waitSignal(page.draft_ready, timeout=WAIT_MS):
        page.draft_offline()
    return page, project.id


def _shot_types(preview: DraftPreviewDialog) -> list[str]:
    tree, column = preview.tree, preview.type_column
    types = []
    for i in range(tree.topLevelItemCount()):
        scene = tree.topLevelItem(i)
        assert scene is not None
        types += [scene.child(j).text(column) for j in range(scene.childCount())]  # type: ignore[union-attr]
    return types


def test_the_preview_proposes_types_style_and_elements_and_accepting_writes_them(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _preview(qtbot, window, store)
    preview = page.preview
    assert preview is not None
    assert _shot_types(preview) == ["LS", "CU", "", "POV"]
    panel = preview.proposals
    assert panel.isVisible() and panel.style_check.isChecked()
    assert panel.style_edit.text() == "Cold blue light, film grain, 35mm"
    names = [panel.elements_list.item(i).text() for i in range(panel.elements_list.count())]
    assert names == ["@Mara (character)", "@Jonas (character)", "@OldHarbour (place)"]
    panel.elements_list.item(1).setCheckState(Qt.CheckState.Unchecked)  # not Jonas
    scene = preview.tree.topLevelItem(1)
    assert scene is not None and scene.child(0) is not None
    scene.child(0).setText(preview.type_column, "ms")  # type: ignore[union-attr]
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        preview.accept()
    assert store.projects.get(project_id).style == "Cold blue light, film grain, 35mm"
    elements = {e.name: e.kind for e in store.elements.list(project_id)}
    assert elements == {"Mara": "character", "OldHarbour": "location"}
    types = [sh.fields.shot_type for s in store.scenes.list(project_id) for sh in s.shots]
    assert types == ["LS", "CU", "MS", "POV"]


def test_an_unknown_shot_type_is_refused_in_the_preview_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _preview(qtbot, window, store)
    preview = page.preview
    assert preview is not None
    scene = preview.tree.topLevelItem(0)
    assert scene is not None
    scene.child(0).setText(preview.type_column, "sideways")  # type: ignore[union-attr]
    preview.accept()
    assert preview.error_label.isVisible() and "sideways" in preview.error_label.text()
    assert store.scenes.list(project_id) == [] and store.elements.list(project_id) == []


def test_an_existing_style_is_kept_unless_the_creator_ticks_the_proposal(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Styled")
    store.projects.set_look(project.id, style="Warm pastel, soft light")
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="planner")
    page = window.current_page()
    assert isinstance(page, PlannerPage)
    page.editor.setPlainText(PLAN)
    with qtbot.waitSignal(page.draft_ready, timeout=WAIT_MS):
        page.draft_offline()
    assert page.preview is not None
    assert not page.preview.proposals.style_check.isChecked()
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        page.preview.accept()
    assert store.projects.get(project.id).style == "Warm pastel, soft light"


def test_an_element_that_cannot_be_added_leaves_the_scenes_saved_and_says_so(
    store: Store,
) -> None:
    from storyboard_app.domain.outline import DraftScene, DraftShot, ProposedElement
    from storyboard_app.ui.planner.accept import accept_draft

    project = store.projects.create("Partial")
    store.elements.add(project.id, "Mara", "character")
    drafts = [DraftScene("Quay", shots=[DraftShot("Mara waits", "Mara waits")])]
    elements = [
        ProposedElement("character", "Mara", "", 2),  # already there: left as it is
        ProposedElement("location", "Bad name!", "", 2),  # cannot be a mention
        ProposedElement("location", "Quay", "", 2),
    ]
    written, notes = accept_draft(store, project.id, drafts, False, "Dusk", elements)
    assert [s.title for s in written] == ["Quay"]
    assert sorted(e.name for e in store.elements.list(project.id)) == ["Mara", "Quay"]
    assert len(notes) == 1 and notes[0].startswith("@Bad name! was not added")
    assert store.projects.get(project.id).style == "Dusk"
