"""The creative language in the GUI: elements page, @-completion and chips, the shot form's
camera fields, the project look, and the "reference changed" badge."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.elements.menu import CreativeMenu
from storyboard_app.ui.elements.page import ElementsDialog
from storyboard_app.ui.iterator.details import DetailsPanel
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.scenes.page import ScenesEditorPage
from storyboard_app.ui.shared.mentions import MentionChips


def picture(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (60, 60), colour).save(path, format="PNG")
    return path


def seed(store: Store, tmp_path: Path) -> tuple[int, int]:
    project = store.projects.create("Harbour")
    store.elements.add(
        project.id,
        "Mara",
        "character",
        "a fisherwoman",
        files=[picture(tmp_path / "m.png", (200, 0, 0))],
    )
    store.elements.add(project.id, "Marco", "character")
    store.elements.add(
        project.id, "Harbor", "location", files=[picture(tmp_path / "h.png", (0, 0, 200))]
    )
    scene = store.scenes.add_scene(project.id, "Dawn")
    shot = store.scenes.add_shot(scene.id, "@Mara waits at @Harbor")
    return project.id, shot.id


def menu_of(window: MainWindow) -> CreativeMenu:
    menu = window.findChild(CreativeMenu, "creativeMenu")
    assert isinstance(menu, CreativeMenu)
    return menu


def open_project(qtbot: QtBot, window: MainWindow, project_id: int, page: str) -> None:
    with qtbot.waitSignal(window.project_opened, timeout=3_000):
        window.open_project(project_id, page=page)


def type_text(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    for char in text:
        qtbot.keyClick(edit, char)


def test_the_elements_page_lists_cast_and_locations_with_references(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    project_id, _ = seed(store, tmp_path)
    open_project(qtbot, window, project_id, "scenes")
    dialog = menu_of(window).open_elements()
    assert isinstance(dialog, ElementsDialog)
    qtbot.waitUntil(lambda: dialog.lists["character"].count() == 2, timeout=10_000)
    assert dialog.lists["location"].count() == 1
    assert dialog.select("Mara")
    qtbot.waitUntil(
        lambda: (
            dialog.ref_labels[0].pixmap() is not None and not dialog.ref_labels[0].pixmap().isNull()
        ),
        timeout=30_000,  # decoded on the pool, which a loaded machine slows down
    )
    assert "References of @Mara (1 of 3)" in dialog.refs_label.text()
    # A dropped file becomes a reference of the selected element.
    with qtbot.waitSignal(dialog.elements_changed, timeout=10_000):
        dialog.add_references([picture(tmp_path / "m2.png", (0, 200, 0))])
    mara = next(e for e in store.elements.list(project_id) if e.name == "Mara")
    assert len(mara.images) == 2
    # Deleting asks first.
    dialog.select("Mara")
    dialog.delete_selected()
    qtbot.waitUntil(
        lambda: isinstance(dialog.findChild(QMessageBox, "confirmDeleteBox"), QMessageBox),
        timeout=10_000,
    )
    box = dialog.findChild(QMessageBox, "confirmDeleteBox")
    assert isinstance(box, QMessageBox) and "No final image" in box.informativeText()
    with qtbot.waitSignal(dialog.elements_changed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert sorted(e.name for e in store.elements.list(project_id)) == ["Harbor", "Marco"]
    dialog.close()


def test_prompt_completion_and_chips_in_the_shot_form(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    project_id, shot_id = seed(store, tmp_path)
    open_project(qtbot, window, project_id, "scenes")
    page = window.current_page()
    assert isinstance(page, ScenesEditorPage)
    qtbot.waitUntil(lambda: page.idle, timeout=10_000)
    assert page.select("shot", shot_id)
    chips = page.form.extras.chips
    assert isinstance(chips, MentionChips)
    qtbot.waitUntil(
        lambda: len(chips.chips) == 2 and "character" in chips.chips[0].text(), timeout=10_000
    )
    assert chips.chips[1].text().startswith("@Harbor · location")
    type_text(qtbot, page.prompt_edit, " with @Mar")
    popup = chips.completion.completer.popup()
    assert popup is not None and popup.isVisible()
    model = chips.completion.completer.completionModel()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["Mara", "Marco"]
    chips.completion.completer.activated.emit("Marco")
    assert page.prompt_edit.toPlainText().endswith("with @Marco ")
    type_text(qtbot, page.prompt_edit, "and @Gho")
    assert [c.text() for c in chips.chips][-1].startswith("@Marco")  # still typing: no alarm
    type_text(qtbot, page.prompt_edit, "st ")
    assert chips.unknown() == ["Ghost"]
    assert chips.chips[-1].text() == "@Ghost ?"
    # An element added meanwhile (the elements page says so) is known at once.
    store.elements.add(project_id, "Ghost", "character")
    menu_of(window)._on_elements_changed(project_id)
    qtbot.waitUntil(lambda: chips.unknown() == [], timeout=10_000)
    assert chips.chips[-1].text().startswith("@Ghost · character")


def test_the_shot_forms_camera_fields_are_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    project_id, shot_id = seed(store, tmp_path)
    open_project(qtbot, window, project_id, "scenes")
    page = window.current_page()
    assert isinstance(page, ScenesEditorPage)
    qtbot.waitUntil(lambda: page.idle, timeout=10_000)
    assert page.select("shot", shot_id)
    fields = page.form.extras.fields
    assert fields.isVisible()
    fields.shot_type_combo.setCurrentText("CU")
    fields.move_combo.setCurrentText("orbit")
    fields.dialogue_edit.setText("Where is he?")
    assert page.apply_form()
    qtbot.waitUntil(lambda: store.shot_fields.get(shot_id).shot_type == "CU", timeout=10_000)
    saved = store.shot_fields.get(shot_id)
    assert (saved.move, saved.dialogue, saved.angle) == ("orbit", "Where is he?", None)
    qtbot.waitUntil(lambda: page.idle, timeout=10_000)
    assert page.selected_item().fields.shot_type == "CU"  # type: ignore[union-attr]


def test_the_project_look_dialog_saves(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    store = window.context.store
    project_id, _ = seed(store, tmp_path)
    open_project(qtbot, window, project_id, "scenes")
    dialog = menu_of(window).open_look()
    assert dialog is not None
    dialog.aspect_combo.setCurrentText("2.39:1")
    dialog.fps_combo.setCurrentText("30")
    dialog.style_edit.setPlainText("charcoal sketch")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    info = store.projects.get(project_id)
    assert (info.aspect_ratio, info.fps, info.style) == ("2.39:1", 30, "charcoal sketch")
    assert window.project is not None and window.project.aspect_ratio == "2.39:1"


def test_the_details_panel_shows_reference_changed_and_references(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from dataclasses import replace

    from tests.ui.helpers import complete_one_image, store_image

    store = window.context.store
    _, shot_id = seed(store, tmp_path)
    image_id = complete_one_image(store, shot_id, store_image(store))
    reference = store_image(store, (10, 200, 10))
    image = replace(
        store.images.get(image_id),
        generation_params={
            "elements": [{"id": 1, "name": "Mara"}],
            "references": [{"name": "Mara", "sha256": reference}],
            "look": {"aspect_ratio": "21:9", "shot_type": "CU", "style": "ink"},
        },
        reference_changed="@Mara: its reference was replaced after this image was made.",
    )
    host = QWidget()
    host.context = window.context  # type: ignore[attr-defined]  # as the iterator page has
    qtbot.addWidget(host)
    panel = DetailsPanel(host)
    panel.show_image(image)
    host.show()
    assert panel.reference_badge.isVisible()
    assert "replaced" in panel.reference_badge.toolTip()
    assert panel.fields["Elements"].text() == "@Mara"
    assert reference[:8] not in panel.fields["Elements"].text()  # no file ids in the words
    thumb = panel.references.thumbs[0]
    qtbot.waitUntil(
        lambda: thumb.pixmap() is not None and not thumb.pixmap().isNull(), timeout=30_000
    )
    assert thumb.isVisible() and "@Mara" in thumb.toolTip()
    assert not panel.references.thumbs[1].isVisible()
    assert panel.fields["Aspect"].text() == "21:9"
    assert panel.fields["Camera"].text() == "CU"
    assert panel.fields["Style"].text() == "“ink”"
    assert panel.reference_button.isEnabled()
    panel.show_image(replace(image, reference_changed=None))
    assert not panel.reference_badge.isVisible()


def test_settings_offer_the_documented_reference_models(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QComboBox

    from storyboard_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    combo = dialog.findChild(QComboBox, "documented_reference_to_image")
    assert isinstance(combo, QComboBox)
    assert dialog.model_edits["reference_to_image"].text() == "runwayml/gen4-image"
    combo.activated.emit(2)
    assert dialog.model_edits["reference_to_image"].text() == "black-forest-labs/flux-kontext-pro"
    assert '"safety_tolerance": 2' in dialog.template_edits["reference_to_image"].toPlainText()
