"""File → Export → PDF storyboard asks the layout first, remembers it, and the PDF follows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from storyboard_app.exports.pdf_layout import DEFAULT_FIELDS, PdfOptions
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportDialog
from storyboard_app.ui.interchange.pdf_options import (
    PdfOptionsDialog,
    PdfOptionsWidget,
    ask_pdf_options,
    load_pdf_options,
    save_pdf_options,
)
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.file_chooser import FileRequest
from tests.exports.pdf_inspect import outline, page_sizes
from tests.ui.storyboard.conftest import (
    build_board_project,
    controller_of,
    multimedia,
    open_storyboard,
)


def test_the_widget_shows_and_returns_the_choices(qtbot: QtBot) -> None:
    chosen = PdfOptions(paper="letter", orientation="portrait", panels=6, fields=("notes",))
    widget = PdfOptionsWidget(chosen)
    qtbot.addWidget(widget)
    assert widget.options() == chosen
    assert widget.grid_label.text().startswith("2 across × 3 down")
    with qtbot.waitSignal(widget.options_changed) as changed:
        widget.fields["dialogue"].setChecked(True)
    assert changed.args[0].fields == ("dialogue", "notes")
    widget.panels.setCurrentIndex(widget.panels.findData(9))
    assert widget.options().panels == 9
    assert widget.grid_label.text().startswith("3 across × 3 down")
    assert widget.preview.options.panels == 9  # the miniature follows


def test_the_choices_are_remembered_in_the_data_folder(data_paths: DataPaths) -> None:
    assert load_pdf_options(data_paths) == PdfOptions()  # nothing saved yet: the defaults
    chosen = PdfOptions(paper="letter", orientation="portrait", panels=3, fields=())
    save_pdf_options(data_paths, chosen)
    assert load_pdf_options(data_paths) == chosen
    settings = QSettings(str(data_paths.qt_settings_file), QSettings.Format.IniFormat)
    settings.setValue("pdf_export/panels", "seven")  # a hand-edited settings file
    settings.sync()
    assert load_pdf_options(data_paths) == PdfOptions()
    assert PdfOptions().fields == DEFAULT_FIELDS


def _answer(change: Callable[[PdfOptionsDialog], None]) -> None:
    """Answer the modal layout dialog once it shows (as a user would)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PdfOptionsDialog):
            QTimer.singleShot(20, act)
            return
        change(dialog)

    QTimer.singleShot(0, act)


def test_asking_starts_from_the_last_choices_and_saves_the_new_ones(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    save_pdf_options(data_paths, PdfOptions(panels=2))

    def pick_four(dialog: PdfOptionsDialog) -> None:
        assert dialog.options().panels == 2  # the last export's
        dialog.editor.panels.setCurrentIndex(dialog.editor.panels.findData(4))
        dialog.accept()

    _answer(pick_four)
    assert ask_pdf_options(None, data_paths) == PdfOptions(panels=4)
    assert load_pdf_options(data_paths).panels == 4

    def cancel(dialog: PdfOptionsDialog) -> None:
        dialog.editor.panels.setCurrentIndex(dialog.editor.panels.findData(1))
        dialog.reject()

    _answer(cancel)
    assert ask_pdf_options(None, data_paths) is None
    assert load_pdf_options(data_paths).panels == 4  # a cancelled change is not kept


@multimedia
def test_export_asks_the_layout_then_where_and_writes_that_layout(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    store: Store,
    data_paths: DataPaths,
    offline_provider: str,
    tmp_path: Path,
) -> None:
    board = build_board_project(store, data_paths)
    window = make_window(restore=False)
    open_storyboard(qtbot, window, board.project_id)
    controller = controller_of(window)
    asked: list[str] = []
    controller.pdf_options_asker = lambda _parent, _paths: (asked.append("layout"), None)[1]
    controller.chooser = lambda _request: (asked.append("path"), tmp_path / "x.pdf")[1]
    assert controller.export("pdf") is None  # cancelled at the layout: no path asked
    assert asked == ["layout"]

    letter = PdfOptions(paper="letter", orientation="portrait", panels=1)
    requests: list[FileRequest] = []
    controller.pdf_options_asker = lambda _parent, _paths: letter
    controller.chooser = lambda request: (requests.append(request), tmp_path / "board")[1]
    with qtbot.waitSignal(controller.dialog_opened, timeout=5_000) as opened:
        window.actions_by_name["export_pdf"].trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog)
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as finished:
        pass
    target = tmp_path / "board.pdf"
    assert finished.args[0].path == target and len(requests) == 1
    assert "1 panel per page, Letter portrait" in dialog.label.text()
    assert {(round(w), round(h)) for w, h in page_sizes(target)} == {(612, 792)}
    assert outline(target) == [("Scene 1: Boats", 1), ("Scene 2: Market", 3)]
    dialog.close()


def test_a_path_given_without_asking_uses_the_last_layout(data_paths: DataPaths) -> None:
    from storyboard_app.ui.interchange.pdf_options import choose_layout

    save_pdf_options(data_paths, PdfOptions(panels=9, paper="letter"))
    never: list[int] = []

    def asker(_parent: object, _paths: DataPaths) -> PdfOptions | None:
        never.append(1)
        return None

    assert choose_layout(asker, None, data_paths, ask=False) == PdfOptions(panels=9, paper="letter")
    assert never == []
    assert choose_layout(asker, None, data_paths, ask=True) is None and never == [1]
