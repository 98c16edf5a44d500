"""Drafting scenes and shots with the planner language model on Replicate."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_PROMPT_CHARS, MAX_TITLE_CHARS
from storyboard_app.domain.outline import MAX_SCENES, MAX_SHOTS_PER_SCENE, DraftScene, DraftShot
from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.generation.request import GenerationRequest
from storyboard_app.paths import DataPaths

MAX_INPUT_CHARS = 24_000  # the 8B model's context is small; longer dumps are cut
SYSTEM_PROMPT = (
    "You turn a video creator's notes into a shot list. Answer with JSON only: a list of "
    'scenes, each {"title": str, "description": str, "shots": [{"description": str, '
    '"prompt": str}]}. Each prompt is a vivid, self-contained text-to-image prompt.'
)


def _shorten(text: Any, limit: int) -> str:
    clean = " ".join(str(text or "").split())
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


def parse_scenes(text: str) -> list[DraftScene]:
    """Read the model's answer defensively: the first JSON list (or {"scenes": […]}) in it."""
    candidates = [text]
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        candidates.insert(0, fenced.group(1))
    start, end = text.find("["), text.rfind("]")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    data: Any = None
    for candidate in candidates:
        try:
            data = json.loads(candidate)
            break
        except ValueError:
            continue
    if isinstance(data, dict):
        data = data.get("scenes")
    if not isinstance(data, list):
        raise GenerationError(
            "The language model did not answer with a usable shot list. Try again, or draft "
            "without the language model.",
            kind=ErrorKind.MODEL,
        )
    scenes: list[DraftScene] = []
    for i, raw in enumerate(data[:MAX_SCENES]):
        if not isinstance(raw, dict):
            continue
        shots = []
        for shot in (raw.get("shots") or [])[:MAX_SHOTS_PER_SCENE]:
            if isinstance(shot, str):
                shot = {"prompt": shot}
            if not isinstance(shot, dict):
                continue
            prompt = _shorten(shot.get("prompt") or shot.get("description"), MAX_PROMPT_CHARS)
            if prompt:
                description = _shorten(shot.get("description") or prompt, 2_000)
                shots.append(DraftShot(description=description, initial_prompt=prompt))
        title = _shorten(raw.get("title") or f"Scene {i + 1}", MAX_TITLE_CHARS)
        if shots:
            scenes.append(
                DraftScene(
                    title=title, description=_shorten(raw.get("description"), 2_000), shots=shots
                )
            )
    return scenes


def draft_with_language_model(
    paths: DataPaths,
    text: str,
    *,
    token: str | None = None,
    cancel: CancelToken | None = None,
) -> list[DraftScene]:
    """Ask the planner model (Settings → planner) for scenes and shots; blocking."""
    from storyboard_app.generation.replicate_provider import ReplicateProvider
    from storyboard_app.settings import Settings, get_token

    if not text.strip():
        raise InvalidInputError("The planner text is empty; write some notes first.")
    token = token or get_token()
    if not token:
        raise GenerationError(
            "Drafting with the language model needs a Replicate token. Add one in Settings "
            "(or set REPLICATE_API_TOKEN), or draft with the offline outline parser instead.",
            kind=ErrorKind.AUTH,
        )
    settings = Settings.load(paths)
    choice = settings.models["planner"]
    provider = ReplicateProvider(token, base_url=settings.effective_base_url())
    request = GenerationRequest(
        purpose="planner",
        model=choice.model,
        inputs={
            **choice.input_template,
            "system_prompt": SYSTEM_PROMPT,
            "prompt": f"Notes:\n{text[:MAX_INPUT_CHARS]}\n\nJSON shot list:",
            "seed": secrets.randbelow(2**31 - 1) + 1,
        },
    )
    cancel = cancel or CancelToken()
    submission = provider.submit(request, cancel)
    outcome = provider.wait(submission.prediction_id, request, cancel)
    return parse_scenes(outcome.text or "")
