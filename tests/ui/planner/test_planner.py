"""The prompt planner: autosave (also when closing mid-typing), limits, drafting with a preview."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from storyboard_app.domain.limits import MAX_PLANNER_CHARS
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.planner.page import PlannerPage
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.conftest import close_window

BRAIN_DUMP = """# Opening
- Wide shot of a misty harbour at dawn
- Close-up of a hand untying a rope

# The storm
The sky turns green. Waves climb over the pier.
"""


def _open_planner(qtbot: QtBot, window: MainWindow, store: Store) -> tuple[PlannerPage, int]:
    project = store.projects.create("Planner test")
    with qtbot.waitSignal(window.project_opened, timeout=2_000):
        window.open_project(project.id, page="planner")
    page = window.current_page()
    assert isinstance(page, PlannerPage)
    return page, project.id


def test_typing_is_autosaved_after_a_pause(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    page.autosave_timer.setInterval(50)  # the same debounce, shorter for the test
    with qtbot.waitSignal(page.saved, timeout=5_000):
        qtbot.keyClicks(page.editor, "A lighthouse keeper")
    assert store.projects.get(project_id).prompt_planner_data == "A lighthouse keeper"
    assert page.status_label.text().startswith("Saved")
    assert not page.dirty


def test_closing_the_window_mid_typing_loses_nothing(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    window = make_window()
    page, project_id = _open_planner(qtbot, window, store)
    qtbot.keyClicks(page.editor, "Unsaved idea")
    assert page.dirty and page.autosave_timer.isActive()  # the debounce has not fired
    close_window(window)
    assert store.projects.get(project_id).prompt_planner_data == "Unsaved idea"
    reopened = make_window()
    planner = reopened.current_page()
    assert isinstance(planner, PlannerPage)
    assert planner.editor.toPlainText() == "Unsaved idea"


def test_switching_view_flushes_the_text(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    qtbot.keyClicks(page.editor, "Switch now")
    with qtbot.waitSignal(page.saved, timeout=5_000):
        window.actions_by_name["go_scenes"].trigger()
    assert store.projects.get(project_id).prompt_planner_data == "Switch now"
    window.actions_by_name["go_planner"].trigger()
    assert page.editor.toPlainText() == "Switch now"


def test_a_huge_paste_is_refused_with_a_clear_message(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    with qtbot.waitSignal(page.saved, timeout=5_000):
        page.editor.setPlainText("keep me")
        assert page.save()
    mime = QMimeData()
    mime.setText("x" * (MAX_PLANNER_CHARS + 1))
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=2_000) as blocker:
        page.editor.insertFromMimeData(mime)
    report = blocker.args[0]
    assert report.expected and "limit is 2,000,000" in report.message
    assert page.editor.toPlainText() == "keep me"
    assert store.projects.get(project_id).prompt_planner_data == "keep me"
    small = QMimeData()
    small.setText(" and this")
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    page.editor.insertFromMimeData(small)
    assert page.editor.toPlainText() == "keep me and this"


def test_drafting_empty_text_says_what_to_do(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=2_000) as blocker:
        qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert "The planner is empty" in blocker.args[0].message
    assert store.scenes.list(project_id) == []


def test_draft_preview_is_edited_and_accepted_before_anything_is_written(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(page.draft_ready, timeout=5_000):
        page.draft_action.trigger()
    preview = page.preview
    assert preview is not None and preview.isVisible()
    assert store.scenes.list(project_id) == []  # nothing written yet
    tree = preview.tree
    assert tree.topLevelItemCount() == 2
    opening = tree.topLevelItem(0)
    assert opening is not None and opening.text(0) == "Opening"
    assert opening.childCount() == 2
    opening.setText(0, "Harbour at dawn")
    shot = opening.child(1)
    assert shot is not None
    shot.setText(1, "close-up, rope, wet hands, cinematic")
    storm = tree.topLevelItem(1)
    assert storm is not None
    tree.setCurrentItem(storm.child(1))
    preview.remove_selected()
    with qtbot.waitSignal(page.draft_applied, timeout=2_000):
        preview.accept()
    scenes = store.scenes.list(project_id)
    assert [s.title for s in scenes] == ["Harbour at dawn", "The storm"]
    assert [s.scene_number for s in scenes] == [1, 2]
    assert scenes[0].shots[1].initial_prompt == "close-up, rope, wet hands, cinematic"
    assert [sh.shot_number for sh in scenes[1].shots] == [1]
    assert window.current_page_key == "scenes"
    qtbot.waitUntil(lambda: window.stage_bar.status_label.text() == "Stage: Scenes")  # re-read


def test_cancelling_the_preview_writes_nothing_and_empty_titles_are_refused(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(page.draft_ready, timeout=5_000):
        page.draft_offline()
    preview = page.preview
    assert preview is not None
    first = preview.tree.topLevelItem(0)
    assert first is not None
    first.setText(0, "  ")
    preview.accept()
    assert preview.isVisible()
    message = preview.error_label.text()
    assert "scene 1" in message and "cannot be empty" in message
    preview.reject()
    QApplication.processEvents()
    assert store.scenes.list(project_id) == []


def test_drafting_with_the_language_model_without_a_token_is_explained(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    assert page.llm_button.isEnabled()  # the language-model planner is part of this build
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=10_000) as blocker:
        qtbot.mouseClick(page.llm_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.expected and "token" in report.message
    qtbot.waitUntil(lambda: page.draft_button.isEnabled())
    assert store.scenes.list(project_id) == []


def test_language_model_draft_shows_the_same_preview(
    qtbot: QtBot, window: MainWindow, store: Store, fake_replicate: FakeReplicate
) -> None:
    page, project_id = _open_planner(qtbot, window, store)
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(page.draft_ready, timeout=15_000):
        page.llm_button.click()
    preview = page.preview
    assert preview is not None
    first = preview.tree.topLevelItem(0)
    assert first is not None and first.text(0) == "Opening"
    assert "language model" in preview.findChild(QLabel).text()
    with qtbot.waitSignal(page.draft_applied, timeout=2_000):
        preview.accept()
    [scene] = store.scenes.list(project_id)
    assert scene.shots[0].initial_prompt == "A lighthouse at dawn"


def test_a_malformed_model_reply_is_explained_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, store: Store, fake_replicate: FakeReplicate
) -> None:
    fake_replicate.llm_output = "Sure! Here are some ideas: a boat, a storm."
    page, project_id = _open_planner(qtbot, window, store)
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=15_000) as blocker:
        page.llm_button.click()
    report = blocker.args[0]
    assert report.expected, report.details
    assert page.preview is None
    assert store.scenes.list(project_id) == []
    assert store.projects.get(project_id).prompt_planner_data == BRAIN_DUMP


def test_a_dropped_connection_while_drafting_is_explained(
    qtbot: QtBot, window: MainWindow, store: Store, fake_replicate: FakeReplicate
) -> None:
    fake_replicate.set_fault("create", drop=True, times=None)
    page, project_id = _open_planner(qtbot, window, store)
    page.editor.setPlainText(BRAIN_DUMP)
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=30_000) as blocker:
        page.llm_button.click()
    report = blocker.args[0]
    assert report.expected, report.details
    assert store.scenes.list(project_id) == []
    qtbot.waitUntil(lambda: page.draft_button.isEnabled())
