"""User settings (a JSON file in the data folder) and the Replicate token (keyring or env).

The token is never written to the settings file, the database or a log.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from storyboard_app.model_defaults import default_choices
from storyboard_app.paths import DataPaths

if TYPE_CHECKING:
    from storyboard_app.generation.pricing import PriceTable

log = logging.getLogger(__name__)

TOKEN_ENV = "REPLICATE_API_TOKEN"
PROVIDER_ENV = "STORYBOARD_PROVIDER"
BASE_URL_ENV = "REPLICATE_BASE_URL"
KEYRING_SERVICE = "storyboard-studio"
KEYRING_USER = "replicate-api-token"

PURPOSES = (
    "text_to_image",
    "image_to_image",
    "reference_to_image",
    "image_to_video",
    "first_last_frame",
    "planner",
)


@dataclass
class ModelChoice:
    """A model for one purpose: `owner/name` (official) or `owner/name:version`, and inputs."""

    model: str
    input_template: dict[str, Any] = field(default_factory=dict)


def default_models() -> dict[str, ModelChoice]:
    """The shipped defaults (`resources/models.json`), one per purpose."""
    return {
        purpose: ModelChoice(model, template)
        for purpose, (model, template) in default_choices().items()
    }


@dataclass
class Settings:
    """Everything the user can change in the settings dialog, except the token."""

    provider: str = ""  # "replicate", "offline", or "" for automatic
    base_url: str = ""
    concurrency: int = 6
    default_duration_seconds: float = 3.0
    models: dict[str, ModelChoice] = field(default_factory=default_models)
    # The user's price entries (model -> {unit, usd, checked, source}) over the shipped table.
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    monthly_budget_usd: float | None = None  # asked before a round would pass it

    @classmethod
    def load(cls, paths: DataPaths) -> Settings:
        """Read the settings file; a missing or unreadable one gives the defaults."""
        try:
            raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file unreadable, using defaults: %s", exc)
            return cls()
        settings = cls()
        if isinstance(raw.get("provider"), str):
            settings.provider = raw["provider"]
        if isinstance(raw.get("base_url"), str):
            settings.base_url = raw["base_url"]
        if isinstance(raw.get("concurrency"), int) and 1 <= raw["concurrency"] <= 32:
            settings.concurrency = raw["concurrency"]
        if isinstance(raw.get("default_duration_seconds"), int | float):
            settings.default_duration_seconds = float(raw["default_duration_seconds"])
        if isinstance(raw.get("prices"), dict):
            settings.prices = {
                str(k): dict(v) for k, v in raw["prices"].items() if isinstance(v, dict)
            }
        budget = raw.get("monthly_budget_usd")
        if isinstance(budget, int | float) and budget > 0:
            settings.monthly_budget_usd = float(budget)
        for purpose, choice in (raw.get("models") or {}).items():
            if purpose in PURPOSES and isinstance(choice, dict) and choice.get("model"):
                settings.models[purpose] = ModelChoice(
                    str(choice["model"]), dict(choice.get("input_template") or {})
                )
        return settings

    def save(self, paths: DataPaths) -> None:
        """Write atomically (temporary file, then rename)."""
        data = asdict(self)
        paths.root.mkdir(parents=True, exist_ok=True)
        tmp = paths.settings_file.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(tmp, paths.settings_file)

    def price_table(self) -> PriceTable:
        """The shipped prices with the user's entries on top."""
        from storyboard_app.generation.pricing import PriceTable

        return PriceTable.with_overrides(self.prices)

    def effective_base_url(self) -> str | None:
        return os.environ.get(BASE_URL_ENV) or self.base_url or None


# -- the token ----------------------------------------------------------------------------


def _keyring_get() -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        except KeyringError:
            return None
    except Exception:  # a broken keyring backend must never stop the app
        log.info("keyring unavailable")
        return None


def keyring_available() -> bool:
    """True when the OS keyring can store a secret here."""
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:
        return False


def store_token(token: str) -> None:
    """Put the token in the OS keyring; raise StoryboardError when there is none."""
    from storyboard_app.domain.errors import EnvironmentProblemError

    try:
        import keyring

        if token:
            keyring.set_password(KEYRING_SERVICE, KEYRING_USER, token)
        else:
            with contextlib.suppress(Exception):
                keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception as exc:
        raise EnvironmentProblemError(
            "No system keyring is available to keep the token safely. Set the "
            f"{TOKEN_ENV} environment variable instead."
        ) from exc


def get_token() -> str | None:
    """The Replicate token: the environment variable, else the OS keyring."""
    return os.environ.get(TOKEN_ENV) or _keyring_get() or None


def token_source() -> str:
    """Where the token comes from, for doctor and the status bar (never the token itself)."""
    if os.environ.get(TOKEN_ENV):
        return f"environment variable {TOKEN_ENV}"
    if _keyring_get():
        return "system keyring"
    return "none (offline drafts only)"
