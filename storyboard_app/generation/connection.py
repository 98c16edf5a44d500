"""Checking the Replicate token and endpoint with the real client (no Qt; never on the GUI thread).

Used by the settings dialog ("Test connection"), the main window and `doctor`.
"""

from __future__ import annotations

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError
from storyboard_app.logs import scrub

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0


def check_connection(
    token: str | None,
    base_url: str | None,
    model: str,
    *,
    timeout: float = READ_TIMEOUT,
) -> str:
    """Fetch `model` from Replicate; return a short success message or raise StoryboardError.

    `timeout` bounds each request (connecting: at most `CONNECT_TIMEOUT`). The messages never
    contain the token.
    """
    if not token:
        raise InvalidInputError(
            "No Replicate token: paste one in Settings (or set REPLICATE_API_TOKEN), "
            "or keep using offline drafts."
        )
    import httpx  # deferred: replicate and httpx are heavy, only needed here
    from replicate.client import Client
    from replicate.exceptions import ReplicateError

    owner_name = model.split(":", 1)[0]
    if owner_name.count("/") != 1:
        raise InvalidInputError(
            f"The model {model!r} is not of the form owner/name; fix it in Settings → Models."
        )
    client = Client(
        api_token=token,
        base_url=base_url or None,
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
    )
    try:
        found = client.models.get(owner_name)
    except ReplicateError as exc:
        if exc.status in (401, 403):
            raise InvalidInputError(
                "Replicate refused the token (unauthorised). Copy a fresh token from "
                "replicate.com/account/api-tokens into Settings."
            ) from None
        if exc.status == 404:
            raise InvalidInputError(
                f"The token works, but the model {owner_name} was not found. "
                "Check its name in Settings → Models."
            ) from None
        if exc.status == 402:
            raise EnvironmentProblemError(
                "Replicate says the account is out of credit. Add credit on replicate.com "
                "and try again."
            ) from None
        raise EnvironmentProblemError(
            f"Replicate answered with an error ({exc.status}): {scrub(str(exc.detail or ''))}. "
            "Try again later."
        ) from None
    except httpx.HTTPError as exc:
        raise EnvironmentProblemError(
            f"Could not reach Replicate ({type(exc).__name__}). Check your internet connection "
            "(or the endpoint in Settings) and try again."
        ) from None
    return f"Connected to Replicate: the model {found.owner}/{found.name} is available."
