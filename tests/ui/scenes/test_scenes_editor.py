"""The scenes and shots editor: add, edit, duplicate, delete, drag-and-drop reorder, undo/redo."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.scenes.page import ScenesEditorPage
from storyboard_app.ui.scenes.tree_model import SceneTreeModel
from tests.ui.conftest import close_window
from tests.ui.helpers import complete_one_image, store_image


def _open_scenes(qtbot: QtBot, window: MainWindow, project_id: int) -> ScenesEditorPage:
    with qtbot.waitSignal(window.project_opened, timeout=2_000):
        window.open_project(project_id, page="scenes")
    page = window.current_page()
    assert isinstance(page, ScenesEditorPage)
    _settle(qtbot, page)
    return page


def _settle(qtbot: QtBot, page: ScenesEditorPage) -> None:
    """Wait until every edit is written and the tree shows the stored rows."""
    qtbot.waitUntil(lambda: page.idle, timeout=5_000)


def _outline(store: Store, project_id: int) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """(number, title, [(shot number, prompt)]) from the database."""
    return [
        (s.scene_number, s.title, [(sh.shot_number, sh.initial_prompt) for sh in s.shots])
        for s in store.scenes.list(project_id)
    ]


def _shown(page: ScenesEditorPage) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """The same outline, as the tree shows it."""
    return [
        (s.scene_number, s.title, [(sh.shot_number, sh.initial_prompt) for sh in s.shots])
        for s in page.scenes()
    ]


def _seed(store: Store) -> int:
    project = store.projects.create("Editor")
    for title, prompts in (("A", ["a1", "a2", "a3"]), ("B", ["b1"]), ("C", [])):
        scene = store.scenes.add_scene(project.id, title)
        for prompt in prompts:
            store.scenes.add_shot(scene.id, prompt)
    return project.id


def _drop(model: SceneTreeModel, kind: str, item_id: int, row: int, parent: QModelIndex) -> bool:
    """What a drag and drop does: the model encodes the dragged row, then takes the drop."""
    mime = model.mimeData([model.index_of(kind, item_id)])
    allowed = model.canDropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)
    return allowed


def test_empty_state_points_to_the_planner(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    project = store.projects.create("Empty")
    page = _open_scenes(qtbot, window, project.id)
    assert page.left.currentWidget() is page.empty_label
    assert "No scenes yet — draft them from the planner" in page.empty_label.text()
    assert not page.add_shot_button.isEnabled()
    page.add_scene_button.click()
    assert page.left.currentWidget() is page.current_view()  # shown at once, written in a worker
    _settle(qtbot, page)
    assert _outline(store, project.id) == [(1, "Scene 1", [])]


def test_add_edit_duplicate_delete_with_undo_and_redo(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _seed(store)
    page = _open_scenes(qtbot, window, project_id)
    start = _outline(store, project_id)
    scene_a = page.scenes()[0]
    page.select("scene", scene_a.id)
    new_scene = page.add_scene("Inserted")
    assert new_scene is not None
    assert [s.title for s in page.scenes()] == ["A", "Inserted", "B", "C"]  # before the write
    _settle(qtbot, page)
    assert [t for _, t, _ in _outline(store, project_id)] == ["A", "Inserted", "B", "C"]
    page.select("shot", page.scenes()[0].shots[0].id)
    page.add_shot("new shot prompt", "new shot")
    _settle(qtbot, page)
    assert _outline(store, project_id)[0][2] == [
        (1, "a1"),
        (2, "new shot prompt"),
        (3, "a2"),
        (4, "a3"),
    ]
    # edit a shot through the form
    page.select("shot", page.scenes()[0].shots[2].id)
    page.prompt_edit.setPlainText("a2 — rewritten")
    page.apply_action.trigger()
    _settle(qtbot, page)
    assert _outline(store, project_id)[0][2][2] == (3, "a2 — rewritten")
    # edit a scene; an empty title is refused with a message and nothing changes
    page.select("scene", page.scenes()[1].id)
    page.title_edit.setText("")
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=2_000) as blocker:
        page.apply_form()
    assert "cannot be empty" in blocker.args[0].message
    page.title_edit.setText("Renamed")
    assert page.apply_form()
    # duplicate and delete
    page.select("scene", page.scenes()[0].id)
    page.duplicate_action.trigger()
    _settle(qtbot, page)
    assert [t for _, t, _ in _outline(store, project_id)] == [
        "A",
        "A (copy)",
        "Renamed",
        "B",
        "C",
    ]
    page.select("scene", page.scenes()[4].id)
    assert page.delete_selected() is None  # no images: no question, undo is enough
    _settle(qtbot, page)
    after = _outline(store, project_id)
    assert [n for n, _, _ in after] == [1, 2, 3, 4]

    stack = page.undo_stack()
    assert stack.count() == 6, [stack.text(i) for i in range(stack.count())]
    while stack.canUndo():  # undone one after another without waiting: writes stay ordered
        window.actions_by_name["undo"].trigger()
    _settle(qtbot, page)
    assert _outline(store, project_id) == start
    assert _shown(page) == start
    while stack.canRedo():
        window.actions_by_name["redo"].trigger()
    _settle(qtbot, page)
    assert _outline(store, project_id) == after
    assert _shown(page) == after
    assert [n for n, _, _ in _outline(store, project_id)] == [1, 2, 3, 4]


def test_drag_and_drop_reorders_scenes_and_shots_within_and_across(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _seed(store)
    page = _open_scenes(qtbot, window, project_id)
    model = page.model
    start = _outline(store, project_id)
    a, b, c = page.scenes()

    # scene C dropped before A
    with qtbot.waitSignal(page.scenes_reloaded, timeout=2_000):
        assert _drop(model, "scene", c.id, 0, QModelIndex())
    assert [t for _, t, _ in _outline(store, project_id)] == ["C", "A", "B"]

    # shot a1 dropped at the end of its own scene
    a_index = model.index_of("scene", a.id)
    with qtbot.waitSignal(page.scenes_reloaded, timeout=2_000):
        assert _drop(model, "shot", a.shots[0].id, -1, a_index)
    assert _outline(store, project_id)[1][2] == [(1, "a2"), (2, "a3"), (3, "a1")]

    # shot a3 dropped between b's shots (before b1) in scene B
    b_index = model.index_of("scene", b.id)
    with qtbot.waitSignal(page.scenes_reloaded, timeout=2_000):
        assert _drop(model, "shot", a.shots[2].id, 0, b_index)
    outline = _outline(store, project_id)
    assert outline[1][2] == [(1, "a2"), (2, "a1")]
    assert outline[2][2] == [(1, "a3"), (2, "b1")]

    # a scene cannot go inside a shot; a shot cannot become a scene
    shot_index = model.index_of("shot", b.shots[0].id)
    assert not _drop(model, "scene", a.id, -1, shot_index)
    assert not _drop(model, "shot", b.shots[0].id, 0, QModelIndex())

    stack = page.undo_stack()
    assert stack.count() == 3
    while stack.canUndo():
        stack.undo()
    _settle(qtbot, page)
    assert _outline(store, project_id) == start


def test_deleting_a_shot_with_images_asks_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _seed(store)
    shot_id = store.scenes.list(project_id)[0].shots[0].id
    complete_one_image(store, shot_id, store_image(store))
    page = _open_scenes(qtbot, window, project_id)
    page.select("shot", shot_id)
    box = page.delete_selected()
    assert isinstance(box, QMessageBox)
    assert "6 generated image(s)" in box.text() and "not their images" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(store.scenes.list(project_id)[0].shots) == 3
    page.select("shot", shot_id)
    box = page.delete_selected()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    _settle(qtbot, page)
    assert [p for _, p in _outline(store, project_id)[0][2]] == ["a2", "a3"]
    page.undo_stack().undo()
    _settle(qtbot, page)
    assert [p for _, p in _outline(store, project_id)[0][2]] == ["a1", "a2", "a3"]


def test_unapplied_form_edits_are_kept_when_moving_on(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _seed(store)
    page = _open_scenes(qtbot, window, project_id)
    first_shot = page.scenes()[0].shots[0]
    page.select("shot", first_shot.id)
    page.prompt_edit.setPlainText("edited then clicked away")
    page.select("scene", page.scenes()[1].id)
    _settle(qtbot, page)
    assert store.scenes.get_shot(first_shot.id).initial_prompt == "edited then clicked away"
    assert page.title_edit.text() == "B"
    page.title_edit.setText("B, edited then left")
    window.actions_by_name["go_planner"].trigger()
    _settle(qtbot, page)
    assert _outline(store, project_id)[1][1] == "B, edited then left"


def test_whole_workflow_create_plan_draft_edit_reorder_undo_reopen(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    from storyboard_app.ui.dashboard.page import DashboardPage
    from storyboard_app.ui.planner.page import PlannerPage

    window = make_window()
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    with qtbot.waitSignal(window.project_opened, timeout=5_000) as opened:
        dashboard.create_project("Round trip")  # written in a worker, then opened
    project_id = opened.args[0]
    assert store.projects.get(project_id).title == "Round trip"
    planner = window.current_page()
    assert isinstance(planner, PlannerPage)
    planner.editor.setPlainText("# Sea\n- waves\n- gulls\n\n# Town\n- market\n")
    with qtbot.waitSignal(planner.draft_ready, timeout=5_000):
        planner.draft_offline()
    assert planner.preview is not None
    with qtbot.waitSignal(window.page_changed, timeout=2_000):
        planner.preview.accept()
    editor = window.current_page()
    assert isinstance(editor, ScenesEditorPage)
    _settle(qtbot, editor)
    sea, town = editor.scenes()
    editor.select("shot", sea.shots[1].id)
    editor.prompt_edit.setPlainText("gulls over the harbour")
    editor.apply_form()
    editor.move_item("shot", sea.shots[1].id, 1, town.id)
    editor.move_item("scene", town.id, 1)
    _settle(qtbot, editor)
    expected = [
        (1, "Town", [(1, "gulls over the harbour"), (2, "market")]),
        (2, "Sea", [(1, "waves")]),
    ]
    assert _outline(store, project_id) == expected
    editor.undo_stack().undo()
    editor.undo_stack().redo()
    _settle(qtbot, editor)
    assert _outline(store, project_id) == expected
    close_window(window)

    reopened = make_window()
    assert reopened.project is not None and reopened.project.id == project_id
    assert reopened.current_page_key == "scenes"
    page = reopened.current_page()
    assert isinstance(page, ScenesEditorPage)
    _settle(qtbot, page)
    shown = [
        (s.scene_number, s.title, [(sh.shot_number, sh.initial_prompt) for sh in s.shots])
        for s in page.scenes()
    ]
    assert shown == expected
    reopened.actions_by_name["go_planner"].trigger()
    planner_again = reopened.current_page()
    assert isinstance(planner_again, PlannerPage)
    assert planner_again.editor.toPlainText().startswith("# Sea")


def test_edits_while_another_connection_holds_the_write_lock_do_not_freeze_the_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """An import holds SQLite's write lock: edits show at once and land after it is released."""
    project_id = _seed(store)
    page = _open_scenes(qtbot, window, project_id)
    start = _outline(store, project_id)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    blocker = sqlite3.connect(store.paths.database, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # hold the write lock like a long import
    try:
        first_shot = page.scenes()[0].shots[0]
        page.select("shot", first_shot.id)
        page.prompt_edit.setPlainText("written while locked")
        assert page.apply_form()
        page.select("scene", page.scenes()[2].id)
        page.add_scene("Added while locked")
        page.move_item("scene", page.scenes()[0].id, 3)  # A to the end, behind the new one
        page.undo_stack().undo()  # the move is undone before any of it was written
        shown = _shown(page)  # the tree shows every change at once
        assert [t for _, t, _ in shown] == ["A", "B", "C", "Added while locked"]
        assert shown[0][2][0] == (1, "written while locked")
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5_000)  # the event loop kept going
        assert not page.idle
        assert _outline(store, project_id) == start  # nothing written yet
    finally:
        blocker.rollback()
        blocker.close()
    qtbot.waitUntil(lambda: page.idle, timeout=15_000)
    timer.stop()
    expected = [
        (1, "A", [(1, "written while locked"), (2, "a2"), (3, "a3")]),
        (2, "B", [(1, "b1")]),
        (3, "C", []),
        (4, "Added while locked", []),
    ]
    assert _outline(store, project_id) == expected
    assert _shown(page) == expected
    assert all(s.id > 0 for s in page.scenes())  # the stored ids, not provisional ones
    while page.undo_stack().canUndo():
        page.undo_stack().undo()
    _settle(qtbot, page)
    assert _outline(store, project_id) == start


def test_a_failed_write_is_reported_and_the_tree_reloads_from_the_database(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _seed(store)
    page = _open_scenes(qtbot, window, project_id)
    scene_b = page.scenes()[1]
    store.scenes.delete_scene(scene_b.id)  # removed behind the editor's back (say, the CLI)
    page.select("scene", scene_b.id)
    page.title_edit.setText("B renamed")
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=5_000) as blocker:
        assert page.apply_form()
    assert "not saved" in blocker.args[0].title.lower()
    _settle(qtbot, page)
    assert [t for _, t, _ in _shown(page)] == ["A", "C"]  # what the database holds
    assert page.undo_stack().count() == 0  # no undo step that would replay a lost edit
