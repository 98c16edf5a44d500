"""Settings: the token goes to the keyring only, connection test, JSON templates, limits."""

from __future__ import annotations

import json
from collections.abc import Iterator

import keyring
import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.settings import KEYRING_SERVICE, KEYRING_USER, Settings
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.settings_dialog import SettingsDialog
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate
from tests.ui.memory_keyring import MemoryKeyring

TYPED_TOKEN = "r8_TypedIntoTheDialog0123456789abc"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def _dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.keyring_checked, timeout=5_000):  # probed in a worker
        dialog.show()
    return dialog


def test_without_a_keyring_the_token_field_explains_the_environment_variable(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _dialog(qtbot, window)
    assert not dialog.token_edit.isEnabled()
    assert "REPLICATE_API_TOKEN" in dialog.token_note.text()
    assert "No system keyring" in dialog.token_note.text()


def test_the_token_goes_to_the_keyring_and_nowhere_else(
    qtbot: QtBot, window: MainWindow, data_paths: DataPaths, memory_keyring: MemoryKeyring
) -> None:
    dialog = _dialog(qtbot, window)
    assert dialog.token_edit.isEnabled()
    from PySide6.QtWidgets import QLineEdit

    assert dialog.token_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.token_edit.setText(TYPED_TOKEN)
    dialog.concurrency_spin.setValue(3)
    dialog.duration_spin.setValue(4.5)
    with qtbot.waitSignal(window.settings_changed, timeout=2_000):
        dialog.settings_saved.connect(window.settings_changed)
        assert dialog.save()
    assert memory_keyring.secrets[(KEYRING_SERVICE, KEYRING_USER)] == TYPED_TOKEN
    saved = data_paths.settings_file.read_text(encoding="utf-8")
    assert TYPED_TOKEN not in saved
    assert json.loads(saved)["concurrency"] == 3
    assert Settings.load(data_paths).default_duration_seconds == 4.5
    database = data_paths.database.read_bytes()
    wal = data_paths.database.with_name(data_paths.database.name + "-wal")
    assert TYPED_TOKEN.encode() not in database
    assert not wal.exists() or TYPED_TOKEN.encode() not in wal.read_bytes()
    reopened = _dialog(qtbot, window)
    assert reopened.token_edit.text() == ""  # never shown back, only "stored"
    assert "stored in the system keyring" in reopened.token_edit.placeholderText()


def test_a_broken_template_is_refused_with_a_clear_message(
    qtbot: QtBot, window: MainWindow, data_paths: DataPaths
) -> None:
    dialog = _dialog(qtbot, window)
    dialog.template_edits["text_to_image"].setPlainText('{"aspect_ratio": "16:9",')
    assert dialog.error_label.isVisible()
    assert "not valid JSON" in dialog.error_label.text()
    assert not dialog.save()
    assert dialog.isVisible()
    assert not data_paths.settings_file.exists()
    dialog.template_edits["text_to_image"].setPlainText("[1, 2]")
    assert "must be a JSON object" in dialog.error_label.text()
    dialog.template_edits["text_to_image"].setPlainText('{"aspect_ratio": "1:1"}')
    assert not dialog.error_label.isVisible()
    dialog.model_edits["planner"].setText("not a model")
    assert not dialog.save()
    assert "owner/name" in dialog.error_label.text()
    dialog.model_edits["planner"].setText("meta/meta-llama-3-8b-instruct")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5_000):
        assert dialog.save()
    assert Settings.load(data_paths).models["text_to_image"].input_template == {
        "aspect_ratio": "1:1"
    }


def test_connection_test_succeeds_against_the_endpoint(
    qtbot: QtBot, window: MainWindow, fake_replicate: FakeReplicate
) -> None:
    dialog = _dialog(qtbot, window)
    with qtbot.waitSignal(dialog.connection_checked, timeout=10_000) as blocker:
        dialog.test_button.click()
    ok, message = blocker.args
    assert ok, message
    assert "Connected to Replicate" in message
    assert dialog.test_label.text().startswith("✔")


def test_connection_test_reports_a_refused_token_without_showing_it(
    qtbot: QtBot,
    window: MainWindow,
    fake_replicate: FakeReplicate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = "r8_WrongTokenWrongToken0000000000"
    monkeypatch.setenv("REPLICATE_API_TOKEN", wrong)
    dialog = _dialog(qtbot, window)
    with qtbot.waitSignal(dialog.connection_checked, timeout=10_000) as blocker:
        dialog.test_button.click()
    ok, message = blocker.args
    assert not ok
    assert "refused the token" in message
    assert wrong not in message and DEFAULT_TOKEN not in message


def test_connection_test_reports_a_server_that_is_down(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("REPLICATE_API_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", f"http://127.0.0.1:{port}")
    dialog = _dialog(qtbot, window)
    with qtbot.waitSignal(window.connection_checked, timeout=10_000) as blocker:
        dialog.connection_checked.connect(window.connection_checked)
        dialog.test_button.click()
    ok, message = blocker.args
    assert not ok
    assert "Could not reach Replicate" in message
    assert dialog.test_button.isEnabled()


def test_no_token_is_told_plainly(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.connection_checked, timeout=10_000) as blocker:
        window.check_connection()
    ok, message = blocker.args
    assert not ok and "No Replicate token" in message
    assert window.connection_label.text() == "Connection: failed"


def test_the_common_inputs_are_fields_and_the_json_is_folded_away(
    qtbot: QtBot, window: MainWindow, data_paths: DataPaths
) -> None:
    dialog = _dialog(qtbot, window)
    editor = dialog.template_editors["text_to_image"]
    assert not editor.text_edit.isVisible()  # raw JSON only behind "Advanced"
    assert editor.advanced_button.text().startswith("Advanced")
    assert editor.fields["aspect_ratio"].text() == "16:9"
    strength = dialog.template_editors["image_to_image"].fields["prompt_strength"]
    assert strength.text() == "0.8"
    strength.setText("0.6")
    strength.textEdited.emit("0.6")  # typed by the user
    editor.fields["aspect_ratio"].setText("1:1")
    editor.fields["aspect_ratio"].textEdited.emit("1:1")
    with qtbot.waitSignal(dialog.settings_saved, timeout=5_000):
        assert dialog.save()
    saved = Settings.load(data_paths).models
    assert saved["image_to_image"].input_template["prompt_strength"] == 0.6  # still a number
    assert saved["text_to_image"].input_template["aspect_ratio"] == "1:1"


def test_no_command_line_flags_or_variables_in_the_settings_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QLabel

    dialog = _dialog(qtbot, window)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert not [t for t in texts if "--" in t or "STORYBOARD_DATA_DIR" in t], texts


def test_first_and_last_frame_is_a_purpose_with_documented_models(
    qtbot: QtBot, window: MainWindow, data_paths: DataPaths
) -> None:
    from PySide6.QtWidgets import QComboBox

    dialog = _dialog(qtbot, window)
    assert dialog.model_edits["first_last_frame"].text() == "kwaivgi/kling-v2.1"
    assert '"mode": "pro"' in dialog.template_edits["first_last_frame"].toPlainText()
    combo = dialog.findChild(QComboBox, "documented_first_last_frame")
    assert isinstance(combo, QComboBox)
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert any("minimax/hailuo-02" in t for t in texts)
    combo.activated.emit(next(i for i, t in enumerate(texts) if "hailuo" in t))
    assert dialog.model_edits["first_last_frame"].text() == "minimax/hailuo-02"
    with qtbot.waitSignal(dialog.settings_saved, timeout=10_000):
        assert dialog.save()
    saved = Settings.load(data_paths).models["first_last_frame"]
    assert saved.model == "minimax/hailuo-02" and saved.input_template["duration"] == 6
