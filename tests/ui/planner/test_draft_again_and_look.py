"""Planner drafting: drafting again asks whether to replace or add; a line about the look
of the whole film is not made into a scene (shown as "look of the film"); what the draft
cut is shown in the preview."""

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
    "# Harbour\n- Boats leave before sunrise\n- A gull on a post\n\n"
    "# Market\n- The first catch is sold\n"
)


def _open(qtbot: QtBot, window: MainWindow, store: Store) -> tuple[PlannerPage, int]:
    project = store.projects.create("Drafts")
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="planner")
    page = window.current_page()
    assert isinstance(page, PlannerPage)
    return page, project.id


def _draft(qtbot: QtBot, page: PlannerPage) -> DraftPreviewDialog:
    with qtbot.waitSignal(page.draft_ready, timeout=WAIT_MS):
        page.draft_offline()
    assert page.preview is not None
    return page.preview


def _titles(store: Store, project_id: int) -> list[str]:
    return [s.title for s in store.scenes.list(project_id)]


def test_a_look_line_is_not_a_scene_and_is_shown_as_the_look_of_the_film(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open(qtbot, window, store)
    page.editor.setPlainText(PLAN)
    preview = _draft(qtbot, page)
    titles = [preview.tree.topLevelItem(i).text(0) for i in range(preview.tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert titles == ["Harbour", "Market"]
    assert preview.look_label.isVisible()
    assert "Look of the film" in preview.look_label.text()
    assert "Cold blue light, film grain, 35mm" in preview.look_label.text()
    assert not preview.notes_label.isVisible()  # nothing was cut
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        preview.accept()
    assert _titles(store, project_id) == ["Harbour", "Market"]
    assert "Cold blue light" in store.projects.get(project_id).prompt_planner_data  # kept


def test_what_the_draft_cut_is_shown_in_the_preview(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, _project_id = _open(qtbot, window, store)
    page.editor.setPlainText("# Long\n- " + "waves " * 2_000 + "\n")
    preview = _draft(qtbot, page)
    assert preview.notes_label.isVisible()
    assert "Left out of the draft" in preview.notes_label.text()
    assert "scene 1" in preview.notes_label.text()


def test_drafting_again_asks_whether_to_replace_or_add(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open(qtbot, window, store)
    page.editor.setPlainText(PLAN)
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        _draft(qtbot, page).accept()
    window.show_page("planner")

    # Drafting again: no silent duplicate — the dialog asks add or replace.
    preview = _draft(qtbot, page)
    assert preview.add_button.isVisible() and preview.replace_button.isVisible()
    assert preview.add_button.text() == "Add 2 scenes after the 2 scenes there"
    assert preview.replace_button.text() == "Replace the 2 scenes with these 2"
    preview.accept()  # Enter without a choice writes nothing
    assert preview.isVisible() and "choose" in preview.error_label.text()
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        qtbot.mouseClick(preview.replace_button, Qt.MouseButton.LeftButton)
    assert _titles(store, project_id) == ["Harbour", "Market"]

    window.show_page("planner")
    preview = _draft(qtbot, page)
    with qtbot.waitSignal(page.draft_applied, timeout=WAIT_MS):
        qtbot.mouseClick(preview.add_button, Qt.MouseButton.LeftButton)
    assert _titles(store, project_id) == ["Harbour", "Market", "Harbour", "Market"]
