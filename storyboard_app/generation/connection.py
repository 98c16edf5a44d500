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
        # Raw JSON: the client's pydantic model refuses answers that lack fields it wants.
        answer = client._request("GET", f"/v1/models/{owner_name}").json()
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
            f"Replicate answered with an error ({exc.status}): "
            f"{one_line(scrub(str(exc.detail or '')))}. Try again later."
        ) from None
    except httpx.HTTPError as exc:
        raise EnvironmentProblemError(
            f"Could not reach Replicate ({type(exc).__name__}). Check your internet connection "
            "(or the endpoint in Settings) and try again."
        ) from None
    except Exception as exc:  # not JSON, or a body the client cannot read
        raise EnvironmentProblemError(
            f"Replicate answered, but not in a form this version reads ({type(exc).__name__}). "
            "Check the endpoint in Settings."
        ) from None
    if not isinstance(answer, dict):
        raise EnvironmentProblemError(
            "Replicate answered, but not with a model description. Check the endpoint in Settings."
        )
    owner = answer.get("owner") or owner_name.split("/")[0]
    name = answer.get("name") or owner_name.split("/")[1]
    return one_line(f"Connected to Replicate: the model {owner}/{name} is available.")


def one_line(text: str, limit: int = 300) -> str:
    """`text` with its whitespace folded into single spaces and clipped: one line on screen."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
