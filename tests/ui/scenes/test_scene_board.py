"""The scenes board: each scene's shots as cards with their pictures, drag within and across
scenes, click to edit, double-click to iterate, board or outline remembered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.scenes.board import ShotStrip
from storyboard_app.ui.scenes.page import ScenesEditorPage
from storyboard_app.ui.scenes.shot_card import PICTURE_BOX, picture_size, shot_status
from tests.ui.helpers import store_image


def _open(qtbot: QtBot, window: MainWindow, project_id: int) -> ScenesEditorPage:
    with qtbot.waitSignal(window.project_opened, timeout=2_000):
        window.open_project(project_id, page="scenes")
    page = window.current_page()
    assert isinstance(page, ScenesEditorPage)
    qtbot.waitUntil(lambda: page.idle, timeout=5_000)
    page.view_switch.show_board(True)
    return page


def _seed(store: Store) -> tuple[int, list[int], list[int]]:
    project = store.projects.create("Board")
    scene_ids, shot_ids = [], []
    for title, prompts in (("Harbour", ["a1", "a2", "a3"]), ("Lighthouse", ["b1"]), ("End", [])):
        scene = store.scenes.add_scene(project.id, title)
        scene_ids.append(scene.id)
        for prompt in prompts:
            shot_ids.append(store.scenes.add_shot(scene.id, prompt).id)
    return project.id, scene_ids, shot_ids


def _image(store: Store, shot_id: int, colour: tuple[int, int, int]) -> int:
    """A finished round on the shot: the first variant in this colour, the rest failed."""
    images = store.images.create_round(shot_id, prompt="a prompt")
    store.images.complete(images[0].id, storage_id=store_image(store, colour))
    for image in images[1:]:
        store.images.fail(image.id, "not needed here")
    return images[0].id


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a, b, strict=True))  # JPEG thumbnails


def _strip_colour(qtbot: QtBot, strip: ShotStrip, row: int) -> tuple[int, int, int]:
    """The colour at the middle of the card's picture, as painted."""
    index = strip.model().index(row, 0, strip.rootIndex())
    rect = strip.visualRect(index)
    image = strip.viewport().grab().toImage()
    colour = image.pixelColor(rect.left() + 4 + PICTURE_BOX // 2, rect.top() + 4 + PICTURE_BOX // 2)
    return colour.red(), colour.green(), colour.blue()


def test_every_scene_is_a_row_of_cards(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    project_id, _, _ = _seed(store)
    page = _open(qtbot, window, project_id)
    assert page.left.currentWidget() is page.board
    assert [strip.shot_count() for strip in page.board.strips] == [3, 1, 0]
    assert [h.text().split("   ·")[0] for h in page.board.headers] == [
        "Scene 1 — Harbour",
        "Scene 2 — Lighthouse",
        "Scene 3 — End",
    ]


def test_a_card_shows_the_final_else_the_latest_starred_else_a_placeholder(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id, _, shots = _seed(store)
    red, green, blue = (220, 30, 30), (30, 200, 40), (30, 40, 220)
    final_image = _image(store, shots[0], red)
    store.images.select_final(final_image)
    _image(store, shots[0], blue)  # newer, not the final
    starred = _image(store, shots[1], green)
    store.images.star(starred)
    _image(store, shots[2], blue)  # neither starred nor final
    page = _open(qtbot, window, project_id)
    strip = page.board.strips[0]
    strip.resize(900, strip.height())

    def painted() -> bool:
        colours = [_strip_colour(qtbot, strip, row) for row in range(3)]
        return _near(colours[0], red) and _near(colours[1], green)

    qtbot.waitUntil(painted, timeout=5_000)
    third = _strip_colour(qtbot, strip, 2)
    # a placeholder, not the unstarred image
    assert not any(_near(third, c) for c in (red, green, blue))
    infos = page.scenes()[0].shots
    assert [shot_status(s) for s in infos] == [
        "Final picked",
        "1 round · starred, no final",
        "1 round · nothing starred",
    ]


def test_pictures_follow_the_projects_aspect_ratio() -> None:
    wide, tall, square = picture_size("16:9"), picture_size("9:16"), picture_size("1:1")
    assert wide.width() == PICTURE_BOX and wide.height() == round(PICTURE_BOX * 9 / 16)
    assert tall.height() == PICTURE_BOX and tall.width() == round(PICTURE_BOX * 9 / 16)
    assert square.width() == square.height() == PICTURE_BOX
    assert picture_size("2.39:1").height() == round(PICTURE_BOX / 2.39)


def _drop_on_strip(strip: ShotStrip, mime: object, point: QPoint) -> None:
    viewport = strip.viewport()
    action, buttons, mods = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, QDragEnterEvent(point, action, mime, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, action, mime, buttons, mods))
    drop = QDropEvent(QPointF(point), action, mime, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(viewport, drop)


def test_dragging_a_card_to_another_scene_moves_the_shot_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id, scenes, shots = _seed(store)
    page = _open(qtbot, window, project_id)
    mime = page.model.mimeData([page.model.index_of("shot", shots[0])])
    target = page.board.strips[2]  # the empty "End" scene
    _drop_on_strip(target, mime, target.viewport().rect().center())
    qtbot.waitUntil(lambda: store.scenes.list(project_id)[2].shots != (), timeout=5_000)
    outline = [[sh.initial_prompt for sh in s.shots] for s in store.scenes.list(project_id)]
    assert outline == [["a2", "a3"], ["b1"], ["a1"]]
    qtbot.waitUntil(lambda: [s.shot_count() for s in page.board.strips] == [2, 1, 1])
    page.undo_stack().undo()
    qtbot.waitUntil(lambda: page.idle, timeout=5_000)
    outline = [[sh.initial_prompt for sh in s.shots] for s in store.scenes.list(project_id)]
    assert outline == [["a1", "a2", "a3"], ["b1"], []]
    assert scenes  # the scenes themselves are untouched
    qtbot.waitUntil(lambda: [s.shot_count() for s in page.board.strips] == [3, 1, 0])


def test_dropping_a_card_on_another_card_takes_its_place(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id, _, shots = _seed(store)
    page = _open(qtbot, window, project_id)
    strip = page.board.strips[0]
    strip.resize(900, strip.height())
    mime = page.model.mimeData([page.model.index_of("shot", shots[2])])
    first = strip.visualRect(strip.model().index(0, 0, strip.rootIndex())).center()
    _drop_on_strip(strip, mime, first)
    qtbot.waitUntil(
        lambda: (
            [sh.initial_prompt for sh in store.scenes.list(project_id)[0].shots]
            == ["a3", "a1", "a2"]
        ),
        timeout=5_000,
    )


def test_clicking_a_card_edits_that_shot_and_double_click_opens_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id, _, shots = _seed(store)
    page = _open(qtbot, window, project_id)
    strip = page.board.strips[1]
    rect = strip.visualRect(strip.model().index(0, 0, strip.rootIndex()))
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    item = page.selected_item()
    assert item is not None and item.id == shots[3]
    assert page.prompt_edit.toPlainText() == "b1"
    with qtbot.waitSignal(page.shot_open_requested, timeout=2_000) as opened:
        qtbot.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [shots[3]]
    qtbot.mouseClick(page.board.headers[0], Qt.MouseButton.LeftButton)
    assert page.title_edit.text() == "Harbour"


def test_the_outline_is_one_click_away_and_the_choice_is_remembered(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id, _, _ = _seed(store)
    page = _open(qtbot, window, project_id)
    page.view_switch.outline_button.click()
    assert page.left.currentWidget() is page.tree
    assert QSettings().value("scenes/view") == "outline"
    page.view_switch.board_button.click()
    assert page.left.currentWidget() is page.board
    assert QSettings().value("scenes/view") == "board"
