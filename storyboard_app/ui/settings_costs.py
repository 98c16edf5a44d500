"""Settings → Costs: the monthly budget and the user's price entries over the shipped table."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.settings import Settings
from storyboard_app.ui.context import AppContext

UNITS = ("image", "video_second", "hardware_second")
EXAMPLE = '{"black-forest-labs/flux-dev": {"unit": "image", "usd": 0.025}}'


def parse_prices(text: str) -> dict[str, dict[str, Any]]:
    """The user's price entries from JSON; raises InvalidInputError saying what is wrong."""
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise InvalidInputError(f"Prices: not valid JSON ({exc}). Example: {EXAMPLE}") from exc
    if not isinstance(raw, dict):
        raise InvalidInputError(f"Prices: give an object of model → price. Example: {EXAMPLE}")
    prices: dict[str, dict[str, Any]] = {}
    for model, entry in raw.items():
        usd = entry.get("usd") if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or entry.get("unit") not in UNITS
            or not (usd is None or (isinstance(usd, int | float) and usd >= 0))
        ):
            raise InvalidInputError(
                f"Prices: {model} needs a unit ({', '.join(UNITS)}) and usd (a number ≥ 0 or "
                "null for unknown)."
            )
        prices[str(model)] = dict(entry)
    return prices


class CostsTab(QWidget):
    """The budget and prices page of the settings dialog (GUI thread)."""

    def __init__(self, context: AppContext, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.budget_spin = QDoubleSpinBox(self)
        self.budget_spin.setObjectName("monthlyBudget")
        self.budget_spin.setRange(0, 1_000_000)
        self.budget_spin.setDecimals(2)
        self.budget_spin.setPrefix("$")
        self.budget_spin.setSpecialValueText("No budget")
        self.budget_spin.setValue(settings.monthly_budget_usd or 0)
        self.budget_spin.setToolTip("Asked before a round or animation would pass it this month")
        form.addRow("Monthly budget:", self.budget_spin)
        layout.addLayout(form)
        layout.addWidget(QLabel("Your prices (JSON, override the table below):", self))
        self.prices_edit = QPlainTextEdit(self)
        self.prices_edit.setObjectName("pricesEdit")
        self.prices_edit.setPlaceholderText(EXAMPLE)
        self.prices_edit.setPlainText(
            json.dumps(settings.prices, indent=2) if settings.prices else ""
        )
        self.prices_edit.setFixedHeight(90)
        layout.addWidget(self.prices_edit)
        layout.addWidget(QLabel("Shipped prices (date checked and source per model):", self))
        self.shipped = QTableWidget(0, 5, self)
        self.shipped.setObjectName("shippedPrices")
        self.shipped.setHorizontalHeaderLabels(["Model", "Unit", "USD", "Checked", "Source"])
        self.shipped.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.shipped.verticalHeader().hide()
        self.shipped.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.shipped, 1)

        def read(_ctx: object) -> list[tuple[str, ...]]:
            from storyboard_app.generation.pricing import PriceTable

            return [
                (p.model, p.unit, "unknown" if p.usd is None else f"{p.usd:g}", p.checked, p.source)
                for p in PriceTable.shipped().prices()
            ]

        context.tasks.submit(read, name="Reading prices", on_result=self._fill, owner=self)

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        self.shipped.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.shipped.setItem(r, c, QTableWidgetItem(text))

    def collect(self) -> tuple[dict[str, dict[str, Any]], float | None]:
        """(price entries, monthly budget or None); raises InvalidInputError."""
        budget = self.budget_spin.value()
        return parse_prices(self.prices_edit.toPlainText()), budget if budget > 0 else None
