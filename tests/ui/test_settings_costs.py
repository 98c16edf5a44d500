"""Settings → Costs: the monthly budget and price entries are saved; bad entries are refused."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.settings_costs import parse_prices
from storyboard_app.ui.settings_dialog import SettingsDialog


def test_budget_and_prices_are_saved_and_the_shipped_table_is_listed(
    qtbot: QtBot, window: MainWindow, data_paths: DataPaths
) -> None:
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.keyring_checked, timeout=5_000):
        dialog.show()
    tab = dialog.costs_tab
    qtbot.waitUntil(lambda: tab.shipped.rowCount() > 5, timeout=5_000)
    models = [tab.shipped.item(r, 0).text() for r in range(tab.shipped.rowCount())]
    assert "black-forest-labs/flux-schnell" in models
    row = models.index("black-forest-labs/flux-schnell")
    assert tab.shipped.item(row, 3).text() and tab.shipped.item(row, 4).text().startswith("https")
    tab.budget_spin.setValue(25)
    tab.prices_edit.setPlainText('{"acme/model": {"unit": "video_second", "usd": 0.1}}')
    with qtbot.waitSignal(dialog.settings_saved, timeout=5_000):
        assert dialog.save()
    saved = Settings.load(data_paths)
    assert saved.monthly_budget_usd == 25.0
    assert saved.price_table().cost("acme/model", video_seconds=5) == pytest.approx(0.5)


def test_bad_price_entries_are_refused_saying_why(qtbot: QtBot, window: MainWindow) -> None:
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        parse_prices("{nope")
    with pytest.raises(InvalidInputError, match="needs a unit"):
        parse_prices('{"a/b": {"unit": "banana", "usd": 1}}')
    with pytest.raises(InvalidInputError, match="needs a unit"):
        parse_prices('{"a/b": {"unit": "image", "usd": -1}}')
    assert parse_prices('{"a/b": {"unit": "image", "usd": null}}') == {
        "a/b": {"unit": "image", "usd": None}
    }
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.keyring_checked, timeout=5_000):
        dialog.show()
    dialog.costs_tab.prices_edit.setPlainText("[1, 2]")
    assert not dialog.save()
    assert "Prices" in dialog.error_label.text()
