"""The price table (shipped as data, overridable in Settings) and the cost of predictions.

Pure: no rows, no Qt. A cost is None whenever the table or the prediction's figures do not
say it; an unknown cost is never reported as 0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRICES_FILE = Path(__file__).resolve().parent.parent / "resources" / "prices.json"
UNITS = ("image", "video_second", "hardware_second")


@dataclass(frozen=True)
class Price:
    """What one model costs: `usd` per `unit` (None: unknown), when checked and where."""

    model: str
    unit: str
    usd: float | None
    checked: str = ""
    source: str = ""

    @property
    def known(self) -> bool:
        return self.usd is not None and self.unit in UNITS


def _price(model: str, raw: Any) -> Price | None:
    if not isinstance(raw, Mapping):
        return None
    usd = raw.get("usd")
    return Price(
        model=model,
        unit=str(raw.get("unit") or ""),
        usd=float(usd) if isinstance(usd, int | float) and usd >= 0 else None,
        checked=str(raw.get("checked") or ""),
        source=str(raw.get("source") or ""),
    )


def _base_model(model: str) -> str:
    """`owner/name:version` and `owner/name` share a price."""
    return model.split(":", 1)[0]


class PriceTable:
    """Prices by model; later layers (the user's entries) override earlier ones (shipped)."""

    def __init__(self, prices: Mapping[str, Price]) -> None:
        self._prices = dict(prices)

    @classmethod
    def shipped(cls) -> PriceTable:
        return cls.from_json(json.loads(PRICES_FILE.read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, document: Any) -> PriceTable:
        models = document.get("models") if isinstance(document, Mapping) else None
        prices: dict[str, Price] = {}
        for model, raw in (models or {}).items():
            price = _price(str(model), raw)
            if price is not None:
                prices[str(model)] = price
        return cls(prices)

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, Any] | None) -> PriceTable:
        """The shipped table with the user's entries (model → {unit, usd, ...}) on top."""
        table = cls.shipped()
        return table.merged(cls.from_json({"models": overrides or {}}))

    def merged(self, other: PriceTable) -> PriceTable:
        return PriceTable({**self._prices, **other._prices})

    def get(self, model: str | None) -> Price | None:
        if not model:
            return None
        return self._prices.get(model) or self._prices.get(_base_model(model))

    def prices(self) -> list[Price]:
        return sorted(self._prices.values(), key=lambda p: p.model)

    # -- costs -------------------------------------------------------------------------------

    def cost(
        self,
        model: str | None,
        *,
        outputs: int = 1,
        video_seconds: float | None = None,
        predict_time: float | None = None,
    ) -> float | None:
        """The cost of one finished prediction, or None when it cannot be known."""
        price = self.get(model)
        if price is None or not price.known:
            return None
        assert price.usd is not None
        if price.unit == "image":
            return round(price.usd * outputs, 6)
        if price.unit == "video_second":
            return None if video_seconds is None else round(price.usd * video_seconds, 6)
        if price.unit == "hardware_second":
            return None if predict_time is None else round(price.usd * predict_time, 6)
        return None

    def estimate(
        self, model: str | None, *, count: int, video_seconds: float | None = None
    ) -> float | None:
        """What `count` predictions will cost before they run (None: cannot say; a price per
        second of hardware has no estimate, the time is known only afterwards)."""
        one = self.cost(model, video_seconds=video_seconds)
        return None if one is None else round(one * count, 6)


def video_seconds_of(inputs: Mapping[str, Any]) -> float | None:
    """How long a requested clip is, from the inputs image-to-video models take."""
    duration = inputs.get("duration")
    if isinstance(duration, int | float) and duration > 0:
        return float(duration)
    frames, fps = inputs.get("num_frames"), inputs.get("frames_per_second") or inputs.get("fps")
    if isinstance(frames, int | float) and isinstance(fps, int | float) and fps > 0:
        return round(float(frames) / float(fps), 3)
    return None


def format_usd(value: float | None) -> str:
    """`$0.018`, `$12.40`, or `unknown`."""
    if value is None:
        return "unknown"
    if value == 0:
        return "$0.00"
    return f"${value:,.2f}" if value >= 1 else f"${value:.3f}".rstrip("0").rstrip(".")
