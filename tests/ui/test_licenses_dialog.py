"""Help → About → Licences lists every bundled component and shows its licence text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.ui.about_dialog import AboutDialog
from storyboard_app.ui.licenses_dialog import LicencesDialog, licenses_dir, read_licences


def test_about_licences_shows_the_qt_and_ffmpeg_texts(qtbot: QtBot) -> None:
    about = AboutDialog()
    qtbot.addWidget(about)
    about.show()
    qtbot.mouseClick(about.licences_button, Qt.MouseButton.LeftButton)
    dialog = about.licences
    assert isinstance(dialog, LicencesDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: bool(dialog.component_names()), timeout=10_000)
    names = dialog.component_names()
    assert names[:2] == ["Qt-and-PySide6", "ffmpeg"]
    for bundled in ("Python", "pillow", "SQLAlchemy", "alembic", "replicate", "keyring"):
        assert bundled in names
    qt = dialog.select("Qt-and-PySide6")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt and "Version 3" in qt
    assert "download.qt.io" in qt  # where the source is
    ffmpeg = dialog.select("ffmpeg")
    assert "GNU GENERAL PUBLIC LICENSE" in ffmpeg and "Version 3, 29 June 2007" in ffmpeg
    assert "BtbN/FFmpeg-Builds" in ffmpeg
    assert dialog.text.toPlainText() == ffmpeg
    assert "Apache License" in dialog.select("replicate")


def test_every_component_has_a_licence_name_and_a_text() -> None:
    licences = read_licences(licenses_dir())
    assert len(licences) >= 40
    for item in licences:
        assert item.licence, item.component
        assert len(item.text) > 200, item.component


def test_a_missing_folder_says_so_in_creator_words(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = LicencesDialog(root=tmp_path / "not-installed")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "could not be read" in dialog.status.text(), timeout=10_000)
    assert "reinstalling" in dialog.status.text()
    assert "Error" not in dialog.status.text()
    assert dialog.component_names() == []
