"""Which provider generates: `--provider`, `STORYBOARD_PROVIDER`, the setting, else automatic.

Automatic means Replicate when a token is available and offline drafts when not. The command
line and the GUI both ask here; nothing else decides.
"""

from __future__ import annotations

import os

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.settings import PROVIDER_ENV, Settings, get_token

REPLICATE = "replicate"
OFFLINE = "offline"
PROVIDERS = (REPLICATE, OFFLINE)
NO_TOKEN = (
    "No Replicate token is set. Add one in Settings (or set REPLICATE_API_TOKEN), or use "
    "offline drafts."
)


def check_provider(name: str) -> str:
    """`name` when it is a known provider, else an InvalidInputError naming the choices."""
    if name not in PROVIDERS:
        raise InvalidInputError(
            f"Unknown provider {name!r}; choose one of: {', '.join(PROVIDERS)}."
        )
    return name


def choose_provider(explicit: str | None, settings: Settings, *, token: str | None) -> str:
    """The provider to use: `explicit` (e.g. `--provider`), else `STORYBOARD_PROVIDER`, else the
    setting, else replicate with a token and offline without one."""
    if explicit is not None:
        return check_provider(explicit)
    chosen = os.environ.get(PROVIDER_ENV) or settings.provider
    if chosen in PROVIDERS:
        return chosen
    return REPLICATE if token else OFFLINE


def default_provider(settings: Settings) -> str:
    """The provider used when none is asked for (reads the token: may touch the keyring)."""
    return choose_provider(None, settings, token=get_token())
