"""Settings: Replicate token (OS keyring), connection test, models and input templates, limits.

The token goes only to the OS keyring (`settings.store_token`); it is never written to the
settings file or the database, and the field always shows it masked.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.model_defaults import alternatives, default_choices
from storyboard_app.settings import (
    BASE_URL_ENV,
    PURPOSES,
    TOKEN_ENV,
    ModelChoice,
    Settings,
    get_token,
    keyring_available,
    store_token,
)
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.settings_costs import CostsTab
from storyboard_app.ui.settings_template import TemplateEditor, template_of
from storyboard_app.ui.shared.labels import error_label

PURPOSE_LABELS = {
    "text_to_image": "Text to image (round 0)",
    "image_to_image": "Image to image (later rounds)",
    "reference_to_image": "Reference to image (rounds naming @elements)",
    "image_to_video": "Image to video (animation)",
    "first_last_frame": "First and last frame (animate to the next shot)",
    "planner": "Planner language model",
}
PROVIDERS = (
    ("", "Automatic (Replicate with a token, else offline drafts)"),
    ("replicate", "Replicate"),
    ("offline", "Offline drafts (no network)"),
)


def parse_template(text: str, purpose: str) -> dict[str, Any]:
    """Parse an input template; raise InvalidInputError saying what is wrong and where."""
    label = PURPOSE_LABELS.get(purpose, purpose)
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"The input template of “{label}” is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}). Fix it or reset it."
        ) from None
    if not isinstance(value, dict):
        raise InvalidInputError(
            f'The input template of “{label}” must be a JSON object, like {{"key": 1}}.'
        )
    return value


def _probe_keyring() -> tuple[bool, bool]:
    """(a usable keyring, a token stored in it); a worker runs this."""
    usable = keyring_usable()
    return usable, bool(usable and get_token())


def keyring_usable() -> bool:
    """A keyring that really keeps secrets (not the fail backend, not the null one)."""
    if not keyring_available():
        return False
    try:
        import keyring
        from keyring.backends import null

        return not isinstance(keyring.get_keyring(), null.Keyring)
    except Exception:
        return False


def check_model_name(model: str, purpose: str) -> str:
    model = model.strip()
    name = model.split(":", 1)[0]
    if name.count("/") != 1 or not all(name.split("/")) or " " in model:
        raise InvalidInputError(
            f"The model of “{PURPOSE_LABELS.get(purpose, purpose)}” must look like owner/name "
            "or owner/name:version."
        )
    return model


class SettingsDialog(QDialog):
    """Edits a copy of the settings; Save writes them (GUI thread).

    settings_saved(object): the new Settings, after they were written.
    connection_checked(bool, str): outcome of "Test connection".
    keyring_checked(): the keyring was probed in a worker and the token field shows the result.

    The keyring (D-Bus on Linux) can be slow, so it is only ever touched in a worker.
    """

    settings_saved = Signal(object)
    connection_checked = Signal(bool, str)
    keyring_checked = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.resize(680, 560)
        self.context = context
        self._has_keyring = False  # until the worker has probed it
        settings = context.settings
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_replicate_tab(settings), "Replicate")
        self.tabs.addTab(self._build_models_tab(settings), "Models")
        self.tabs.addTab(self._build_generation_tab(settings), "Generation")
        self.costs_tab = CostsTab(context, settings, self.tabs)
        self.tabs.addTab(self.costs_tab, "Costs")
        self.tabs.addTab(self._build_data_tab(), "Data folder")
        self.error_label = error_label(self)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- tabs ------------------------------------------------------------------------------

    def _build_replicate_tab(self, settings: Settings) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.token_edit = QLineEdit(tab)
        self.token_edit.setObjectName("tokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setClearButtonEnabled(True)
        self.token_edit.setEnabled(False)
        self.token_edit.setPlaceholderText("Checking the system keyring…")
        form.addRow("API &token:", self.token_edit)
        self.token_note = QLabel("", tab)
        self.token_note.setObjectName("tokenNote")
        self.token_note.setWordWrap(True)
        form.addRow("", self.token_note)
        self.remove_token_button = QPushButton("Remove stored token", tab)
        self.remove_token_button.setEnabled(False)
        self.context.tasks.submit(
            lambda _ctx: _probe_keyring(),
            name="Checking the system keyring",
            on_result=self._on_keyring_probed,
            on_error=lambda exc: self._on_keyring_probed((False, False)),
            owner=self,
        )
        self.remove_token_button.clicked.connect(self._on_remove_token_clicked)
        form.addRow("", self.remove_token_button)

        self.provider_combo = QComboBox(tab)
        self.provider_combo.setObjectName("providerCombo")
        for value, label in PROVIDERS:
            self.provider_combo.addItem(label, value)
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(settings.provider)))
        form.addRow("&Provider:", self.provider_combo)
        self.base_url_edit = QLineEdit(settings.base_url, tab)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.base_url_edit.setPlaceholderText("https://api.replicate.com (default)")
        form.addRow("&Endpoint:", self.base_url_edit)
        if os.environ.get(BASE_URL_ENV):
            form.addRow("", QLabel(f"{BASE_URL_ENV} is set and overrides this.", tab))

        row = QHBoxLayout()
        self.test_button = QPushButton("Test connection", tab)
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        self.test_label = QLabel("", tab)
        self.test_label.setObjectName("testLabel")
        self.test_label.setWordWrap(True)
        row.addWidget(self.test_label, 1)
        form.addRow("", row)
        return tab

    def _build_models_tab(self, settings: Settings) -> QWidget:
        tab = QWidget(self)
        outer = QVBoxLayout(tab)
        outer.addWidget(
            QLabel(
                "The model for each purpose (as on replicate.com: owner/name) and the "
                "inputs sent with every request. The prompt, seed and image are added by "
                "the app.",
                tab,
            )
        )
        inner = QTabWidget(tab)
        self.model_edits: dict[str, QLineEdit] = {}
        self.template_edits: dict[str, QPlainTextEdit] = {}
        self.template_editors: dict[str, TemplateEditor] = {}
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for purpose in PURPOSES:
            choice = settings.models.get(purpose)
            page = QWidget(inner)
            form = QFormLayout(page)
            model_edit = QLineEdit(choice.model if choice else "", page)
            model_edit.setObjectName(f"model_{purpose}")
            form.addRow("Model:", model_edit)
            editor = TemplateEditor(purpose, choice.input_template if choice else {}, mono, page)
            template = editor.text_edit
            template.textChanged.connect(self._on_template_text_changed)
            form.addRow("Inputs:", editor)
            self.template_editors[purpose] = editor
            self._add_documented_choices(form, page, purpose, model_edit, template)
            self.model_edits[purpose] = model_edit
            self.template_edits[purpose] = template
            inner.addTab(page, PURPOSE_LABELS[purpose].split(" (")[0])
        outer.addWidget(inner, 1)
        return tab

    def _add_documented_choices(
        self,
        form: QFormLayout,
        page: QWidget,
        purpose: str,
        model_edit: QLineEdit,
        template: QPlainTextEdit,
    ) -> None:
        """A picker of the documented models of a purpose (the default and its alternatives)."""
        others = alternatives(purpose)
        if not others:
            return
        choices = [default_choices()[purpose], *others]
        combo = QComboBox(page)
        combo.setObjectName(f"documented_{purpose}")
        combo.addItem("Choose a documented model…")
        for model, _ in choices:
            combo.addItem(model)

        def chosen(index: int) -> None:
            if index <= 0:
                return
            model, inputs = choices[index - 1]
            model_edit.setText(model)
            template.setPlainText(json.dumps(inputs, indent=2))

        combo.activated.connect(chosen)
        form.addRow("Documented:", combo)

    def _build_generation_tab(self, settings: Settings) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.concurrency_spin = QSpinBox(tab)
        self.concurrency_spin.setObjectName("concurrencySpin")
        self.concurrency_spin.setRange(1, 32)
        self.concurrency_spin.setValue(settings.concurrency)
        form.addRow("Generations at &once:", self.concurrency_spin)
        self.duration_spin = QDoubleSpinBox(tab)
        self.duration_spin.setObjectName("durationSpin")
        self.duration_spin.setRange(0.5, 60.0)
        self.duration_spin.setSingleStep(0.5)
        self.duration_spin.setSuffix(" s")
        self.duration_spin.setValue(settings.default_duration_seconds)
        form.addRow("Default shot &duration:", self.duration_spin)
        return tab

    def _build_data_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        paths = self.context.paths
        for label, value in (
            ("Data folder:", paths.root),
            ("Database:", paths.database),
            ("Media:", paths.media),
            ("Logs:", paths.logs),
        ):
            field = QLabel(str(value), tab)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, field)
        explanation = QLabel(
            "Everything you make is kept in this folder: back it up to keep every project "
            "and image. The README says how to start the app on another folder.",
            tab,
        )
        explanation.setWordWrap(True)
        form.addRow("", explanation)
        return tab

    # -- actions ---------------------------------------------------------------------------

    def collect(self) -> Settings:
        """The settings as edited; raises InvalidInputError naming the wrong field."""
        models: dict[str, ModelChoice] = {}
        for purpose in PURPOSES:
            model = check_model_name(self.model_edits[purpose].text(), purpose)
            template = parse_template(self.template_edits[purpose].toPlainText(), purpose)
            models[purpose] = ModelChoice(model, template)
        base_url = self.base_url_edit.text().strip()
        if base_url and not base_url.startswith(("http://", "https://")):
            raise InvalidInputError("The endpoint must start with https:// (or http://).")
        prices, budget = self.costs_tab.collect()
        return Settings(
            prices=prices,
            monthly_budget_usd=budget,
            provider=str(self.provider_combo.currentData() or ""),
            base_url=base_url,
            concurrency=self.concurrency_spin.value(),
            default_duration_seconds=float(self.duration_spin.value()),
            models=models,
        )

    def _on_keyring_probed(self, probe: tuple[bool, bool]) -> None:
        has_keyring, stored = probe
        self._has_keyring = has_keyring
        if has_keyring:
            self.token_edit.setEnabled(True)
            self.token_edit.setPlaceholderText(
                "•••••••• stored in the system keyring — type to replace"
                if stored
                else "Paste your Replicate API token (r8_…)"
            )
            note = "Kept in the system keyring, never in a file or the database."
        else:
            self.token_edit.setEnabled(False)
            self.token_edit.setPlaceholderText("No system keyring available")
            note = (
                "No system keyring is available on this machine, so the app cannot store the "
                f"token safely. Set the {TOKEN_ENV} environment variable before starting the "
                f"app instead (for example: export {TOKEN_ENV}=r8_…)."
            )
        if os.environ.get(TOKEN_ENV):
            note += f" The {TOKEN_ENV} environment variable is set and takes precedence."
        self.token_note.setText(note)
        self.remove_token_button.setEnabled(stored)
        self.keyring_checked.emit()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        for editor in self.template_editors.values():  # show the JSON that needs fixing
            if template_of(editor.text_edit.toPlainText()) is None:
                editor.advanced_button.setChecked(True)

    def save(self) -> bool:
        """Validate, store the token in the keyring (if typed), write the settings, close."""
        try:
            settings = self.collect()
        except InvalidInputError as exc:
            self._show_error(str(exc))
            return False
        token = self.token_edit.text().strip()
        paths = self.context.paths

        def write(_ctx: object) -> None:  # a worker: the keyring may be slow
            if token:
                store_token(token)
            settings.save(paths)

        self.setEnabled(False)  # no second Save while this one runs
        self.context.tasks.submit(
            write,
            name="Saving the settings",
            on_result=lambda _none: self._on_saved(settings),
            on_error=self._on_save_failed,
            owner=self,
        )
        return True

    def _on_saved(self, settings: Settings) -> None:
        self.setEnabled(True)
        self.token_edit.clear()
        self.settings_saved.emit(settings)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        report = self.context.errors.present(exc, title="Settings were not saved")
        self._show_error(report.message)

    def test_connection(self) -> None:
        """Check the typed (or stored) token against the endpoint, in a worker."""
        from storyboard_app.generation.connection import check_connection

        try:
            settings = self.collect()
        except InvalidInputError as exc:
            self._show_error(str(exc))
            return
        typed = self.token_edit.text().strip()
        base_url = settings.effective_base_url()
        model = settings.models["text_to_image"].model
        self.test_button.setEnabled(False)
        self.test_label.setText("Checking…")
        self.context.tasks.submit(
            lambda _ctx: check_connection(typed or get_token(), base_url, model),
            name="Testing the connection",
            on_result=lambda message: self._on_test_done(True, str(message)),
            on_error=self._on_test_failed,
            owner=self,
        )

    def _on_test_failed(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, title="Connection test", quiet=True)
        self._on_test_done(False, report.message)

    def _on_test_done(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        self.test_label.setText(("✔ " if ok else "✘ ") + message)
        self.connection_checked.emit(ok, message)

    def _on_remove_token_clicked(self) -> None:
        self.remove_token_button.setEnabled(False)
        self.context.tasks.submit(
            lambda _ctx: store_token(""),
            name="Removing the token",
            on_result=lambda _none: self._on_token_removed(),
            on_error=self._on_remove_failed,
            owner=self,
        )

    def _on_remove_failed(self, exc: BaseException) -> None:
        self.remove_token_button.setEnabled(True)
        self.context.errors.present(exc)

    def _on_token_removed(self) -> None:
        self.token_edit.setPlaceholderText("Paste your Replicate API token (r8_…)")
        self.test_label.setText("The stored token was removed.")

    def _on_template_text_changed(self) -> None:
        for purpose, edit in self.template_edits.items():
            try:
                parse_template(edit.toPlainText(), purpose)
            except InvalidInputError as exc:
                self._show_error(str(exc))
                return
        self.error_label.hide()
