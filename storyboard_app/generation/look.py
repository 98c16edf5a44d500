"""What a round sends besides the prompt: mentioned elements and their references, the
project look (aspect ratio, style) and the shot's camera words — and what is recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyboard_app.domain import shot_language
from storyboard_app.domain.enums import ErrorKind
from storyboard_app.domain.mentions import (
    name_key,
    reference_tag,
    replace_mentions,
    resolve_mentions,
)
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.request import Purpose
from storyboard_app.generation.targets import now_iso
from storyboard_app.model_defaults import ModelFacts, ReferenceInputs, model_facts
from storyboard_app.store.dto import ElementInfo, ProjectInfo, ShotInfo
from storyboard_app.store.open_store import Store

# Offline drafts take references like a list model, so the whole feature shows with no token.
OFFLINE_FACTS = ModelFacts(
    aspect_ratios=shot_language.ASPECT_RATIOS,
    references=ReferenceInputs("reference_images", "reference_tags", 3),
)

Upload = Callable[[str], str]  # storage id → what to send (uploaded once per round)


@dataclass(frozen=True)
class RoundLook:
    """A round's context, read before anything is created; mentions already resolved."""

    project: ProjectInfo
    shot: ShotInfo
    mentioned: tuple[ElementInfo, ...]

    @property
    def with_references(self) -> tuple[ElementInfo, ...]:
        return tuple(e for e in self.mentioned if e.images)


@dataclass
class RoundInputs:
    """The template-derived inputs of every variant, and what goes into generation_params."""

    inputs: dict[str, Any]
    record: dict[str, Any] = field(default_factory=dict)


def read_look(store: Store, shot: ShotInfo, *prompts: str) -> RoundLook:
    """The project look and the elements the prompts mention; an unknown `@Name` raises
    InvalidInputError naming it (before anything is created)."""
    project = store.projects.get(shot.project_id)
    elements = store.elements.list(project.id)
    known = {name_key(e.name): e for e in elements}
    mentioned: dict[int, ElementInfo] = {}
    for prompt in prompts:
        for element in resolve_mentions(prompt, known):
            mentioned.setdefault(element.id, element)
    return RoundLook(project, shot, tuple(mentioned.values()))


def choose_purpose(look: RoundLook, *, has_parent: bool) -> Purpose:
    if has_parent:
        return "image_to_image"
    return "reference_to_image" if look.with_references else "text_to_image"


def facts_for(model: str, *, offline: bool) -> ModelFacts:
    return OFFLINE_FACTS if offline else model_facts(model)


def round_inputs(
    look: RoundLook,
    prompt: str,
    template: dict[str, Any],
    facts: ModelFacts,
    upload: Upload,
    *,
    offline: bool,
) -> RoundInputs:
    """Template + references + aspect ratio + the composed prompt, and the record of them."""
    inputs = dict(template)
    project, fields = look.project, look.shot.fields
    sent_ratio = project.aspect_ratio
    if "aspect_ratio" in inputs or offline:
        sent_ratio = shot_language.nearest_ratio(project.aspect_ratio, list(facts.aspect_ratios))
        inputs["aspect_ratio"] = sent_ratio
    record: dict[str, Any] = {
        "look": {
            "aspect_ratio": project.aspect_ratio,
            "sent_aspect_ratio": inputs.get("aspect_ratio"),
            "style": project.style,
            "shot_type": fields.shot_type,
            "angle": fields.angle,
        },
        "elements": [{"id": e.id, "name": e.name, "kind": e.kind} for e in look.mentioned],
    }
    names = {name_key(e.name): e.name for e in look.mentioned}
    refs = facts.references
    chosen = list(look.with_references)
    if chosen and refs is None:
        record["references_not_sent"] = "this model takes no reference images"
        chosen = []
    elif refs is not None and len(chosen) > refs.max:
        record["references_not_sent"] = f"this model takes {refs.max}; not sent: " + ", ".join(
            "@" + e.name for e in chosen[refs.max :]
        )
        chosen = chosen[: refs.max]
    references: list[dict[str, Any]] = []
    for element in chosen:
        first = element.images[0]
        tag = reference_tag(element.name)
        references.append(
            {
                "element_id": element.id,
                "name": element.name,
                "sha256": first.storage_id,
                "position": first.position,
                "tag": tag,
                "reference": upload(first.storage_id),
                "uploaded_at": now_iso(),
            }
        )
    if references and refs is not None:
        urls = [r["reference"] for r in references]
        inputs[refs.images] = urls if refs.is_list else urls[0]
        if refs.tags:
            inputs[refs.tags] = [r["tag"] for r in references]
            names.update({name_key(r["name"]): "@" + r["tag"] for r in references})
    record["references"] = references
    text = replace_mentions(prompt, names)
    inputs["prompt"] = shot_language.compose_prompt(
        text, shot_language.image_words(fields.shot_type, fields.angle), style=project.style
    )
    if offline and fields.shot_type:
        inputs["shot_type"] = fields.shot_type
    return RoundInputs(inputs, record)


def motion_prompt(look: RoundLook, prompt: str) -> str:
    """The motion prompt sent: mentions as plain names, then the camera move."""
    names = {name_key(e.name): e.name for e in look.mentioned}
    return shot_language.compose_prompt(
        replace_mentions(prompt, names), shot_language.motion_words(look.shot.fields.move)
    )


def missing_reference(name: str) -> GenerationError:
    return GenerationError(
        f"The reference image of @{name} is missing from the media store. Run "
        "`storyboard-app media verify`, then replace the reference.",
        kind=ErrorKind.LOCAL,
    )


def refreshed_references(
    params: dict[str, Any],
    inputs: dict[str, Any],
    upload: Upload,
    *,
    stale: Callable[[Any], bool],
) -> list[dict[str, Any]] | None:
    """Upload a retried variant's references again when their uploads may have expired; the
    new URLs replace the old ones in `inputs` (in place). None when nothing was stale."""
    refs = params.get("references")
    if not isinstance(refs, list) or not refs:
        return None
    old = [r for r in refs if isinstance(r, dict) and isinstance(r.get("sha256"), str)]
    if not any(stale(r.get("uploaded_at")) for r in old):
        return None
    fresh = [{**r, "reference": upload(r["sha256"]), "uploaded_at": now_iso()} for r in old]
    swap = {r["reference"]: f["reference"] for r, f in zip(old, fresh, strict=True)}
    for key, value in inputs.items():
        if isinstance(value, list):
            inputs[key] = [swap.get(v, v) if isinstance(v, str) else v for v in value]
        elif isinstance(value, str) and value in swap:
            inputs[key] = swap[value]
    return fresh
