"""Drafting scenes and shots with the planner language model on Replicate."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from storyboard_app.domain import shot_language
from storyboard_app.domain.draft_proposals import MAX_PROPOSED, mention_name
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_PROMPT_CHARS, MAX_TITLE_CHARS
from storyboard_app.domain.outline import (
    MAX_SCENES,
    MAX_SHOTS_PER_SCENE,
    DraftScene,
    DraftShot,
    OutlineDraft,
    ProposedElement,
)
from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.errors import ErrorKind, GenerationError
from storyboard_app.generation.request import GenerationRequest
from storyboard_app.paths import DataPaths

MAX_INPUT_CHARS = 24_000  # the 8B model's context is small; longer dumps are cut
SYSTEM_PROMPT = (
    "You turn a video creator's notes into a shot list. Answer with JSON only: "
    '{"style": str, "elements": [{"kind": "character" | "location", "name": str, '
    '"description": str}], "scenes": [{"title": str, "description": str, "shots": '
    '[{"description": str, "prompt": str, "shot_type": str}]}]}. "style" is one line about '
    'the look of the whole film (light, colour, lens, grain), or empty. "elements" are the '
    "characters and places that appear in more than one shot, each name one word. shot_type "
    "is one of ECU CU MCU MS MLS LS ELS OTS POV INSERT TWO-SHOT. Each prompt is a vivid, "
    "self-contained text-to-image prompt."
)


def _shorten(text: Any, limit: int) -> str:
    clean = " ".join(str(text or "").split())
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


def parse_scenes(text: str) -> list[DraftScene]:
    """The scenes of the model's answer (see `parse_outline`)."""
    return parse_outline(text).scenes


def parse_outline(text: str) -> OutlineDraft:
    """Read the model's answer defensively: the first JSON list (or {"scenes": […], "style":
    …, "elements": […]}) in it; a shot type or element the app cannot use is left out."""
    candidates = [text]
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        candidates.insert(0, fenced.group(1))
    for opening, closing in (("{", "}"), ("[", "]")):
        start, end = text.find(opening), text.rfind(closing)
        if 0 <= start < end:
            candidates.append(text[start : end + 1])
    data: Any = None
    for candidate in candidates:  # the first that is a shot list: [scenes] or {"scenes": …}
        try:
            parsed = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(parsed, list) or (
            isinstance(parsed, dict) and isinstance(parsed.get("scenes"), list)
        ):
            data = parsed
            break
    style, elements = "", []
    if isinstance(data, dict):
        style = _shorten(data.get("style"), 500)
        elements = _elements(data.get("elements"))
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
                shots.append(
                    DraftShot(
                        description=description,
                        initial_prompt=prompt,
                        shot_type=_shot_type(shot.get("shot_type")),
                    )
                )
        title = _shorten(raw.get("title") or f"Scene {i + 1}", MAX_TITLE_CHARS)
        if shots:
            scenes.append(
                DraftScene(
                    title=title, description=_shorten(raw.get("description"), 2_000), shots=shots
                )
            )
    return OutlineDraft(scenes, style=style, elements=elements)


def _shot_type(value: Any) -> str | None:
    try:
        return shot_language.shot_type(str(value)) if value else None
    except InvalidInputError:
        return None


def _elements(raw: Any) -> list[ProposedElement]:
    found: list[ProposedElement] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        kind = "location" if item.get("kind") == "location" else "character"
        name = mention_name(str(item.get("name") or ""))
        if name and name.casefold() not in {e.name.casefold() for e in found}:
            description = _shorten(item.get("description"), 500)
            found.append(ProposedElement(kind, name, description, 0))
    return found[:MAX_PROPOSED]


def draft_with_language_model(
    paths: DataPaths,
    text: str,
    *,
    token: str | None = None,
    cancel: CancelToken | None = None,
) -> OutlineDraft:
    """Ask the planner model (Settings → planner) for scenes, shots and proposals; blocking."""
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
    return parse_outline(outcome.text or "")
