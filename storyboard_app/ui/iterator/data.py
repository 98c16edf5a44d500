"""What the iterator shows, loaded in a constant number of queries; Qt-free (runs in workers).

`load_shot_view` is the work behind opening a shot's grid (the benchmark times it);
`load_round` is switching rounds; `build_lineage` turns a shot's images into a tree with the
path to the final pick. Labels shared by cells, details and compare live here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storyboard_app.domain.enums import VARIANTS_PER_ROUND, ErrorKind, ImageStatus
from storyboard_app.domain.time_format import as_utc, elapsed_words, parse_iso, seconds_since
from storyboard_app.domain.word_diff import is_unchanged, word_diff
from storyboard_app.store.dto import ImageInfo, RoundSummary, SceneInfo, ShotInfo
from storyboard_app.store.open_store import Store

OFFLINE_LABEL = "Offline draft"
ROUND_WINDOW = 20  # the strip holds this many rounds either side of the shown one (arrows lead on)


@dataclass(frozen=True)
class RoundView:
    """One round's variants (by variant number) and the image they were refined from."""

    shot_id: int
    iteration: int
    images: tuple[ImageInfo, ...]
    parent: ImageInfo | None


@dataclass(frozen=True)
class ShotView:
    """Everything the grid needs to open a shot: the shot, the rounds around the shown one,
    the shown round and the shot's latest round number."""

    shot: ShotInfo
    rounds: tuple[RoundSummary, ...]
    round: RoundView | None
    latest_iteration: int | None = None


def load_round(store: Store, shot_id: int, iteration: int) -> RoundView:
    """The round's six rows and its parent: two queries at most."""
    images = tuple(store.images.round(shot_id, iteration))
    parent_id = next((i.parent_image_id for i in images if i.parent_image_id), None)
    parent = store.images.get(parent_id) if parent_id is not None else None
    return RoundView(shot_id, iteration, images, parent)


def load_round_window(
    store: Store, shot_id: int, center: int | None
) -> tuple[int | None, tuple[RoundSummary, ...]]:
    """The latest round number and the summaries of the rounds around `center` (2 queries)."""
    latest = store.images.latest_iteration(shot_id)
    if latest is None:
        return None, ()
    center = latest if center is None else max(0, min(center, latest))
    rounds = store.images.round_summaries(
        shot_id, first=center - ROUND_WINDOW, last=center + ROUND_WINDOW
    )
    return latest, tuple(rounds)


def load_shot_view(store: Store, shot_id: int, iteration: int | None = None) -> ShotView:
    """Open a shot on `iteration` (default: its latest round) in five queries at most,
    however many images the shot or the project holds."""
    shot = store.scenes.get_shot(shot_id)
    latest, rounds = load_round_window(store, shot_id, iteration)
    known = {r.iteration_number for r in rounds}
    if iteration is None or iteration not in known:
        iteration = latest
    view = load_round(store, shot_id, iteration) if iteration is not None else None
    return ShotView(shot, rounds, view, latest)


def shot_state(shot: ShotInfo) -> str:
    """ "final chosen", "iterating" or "no images", for the navigator."""
    if shot.selected_image_id is not None:
        return "final chosen"
    if shot.image_count:
        return "iterating"
    return "no images"


def find_shot(scenes: list[SceneInfo], shot_id: int) -> ShotInfo | None:
    for scene in scenes:
        for shot in scene.shots:
            if shot.id == shot_id:
                return shot
    return None


def ordered_shot_ids(scenes: list[SceneInfo]) -> list[int]:
    """Every shot id in scene then shot order (for next/previous shot)."""
    return [shot.id for scene in scenes for shot in scene.shots]


# -- labels ---------------------------------------------------------------------------------


def image_label(image: ImageInfo) -> str:
    """ "Round 2 · variant 3" (variants are numbered 1–6 for people; never an id)."""
    return f"Round {image.iteration_number} · variant {image.variant_number + 1}"


def provider_label(image: ImageInfo) -> str:
    """Which provider made the image, always shown: offline drafts are labelled as such."""
    name = image.provider
    if name == "offline":
        return OFFLINE_LABEL
    model = model_of(image)
    if name == "replicate":
        return f"Replicate · {model}" if model else "Replicate"
    if model:
        return f"{model} (imported)" if not name else f"{name} · {model}"
    return "Unknown provider (imported)"


def provider_short(image: ImageInfo) -> str:
    """The provider in a few words for a grid cell: "Replicate · flux-dev", "Offline draft"."""
    if image.provider == "offline":
        return OFFLINE_LABEL
    name = model_of(image).rsplit("/", 1)[-1]
    if image.provider == "replicate":
        return f"Replicate · {name}" if name else "Replicate"
    return f"{name} (imported)" if name else "Unknown provider"


def model_of(image: ImageInfo) -> str:
    model = image.generation_params.get("model")
    return model if isinstance(model, str) else ""


def strength_of(image: ImageInfo) -> float | None:
    """The prompt strength sent for an image-to-image variant, if any."""
    inputs = image.generation_params.get("input")
    value: Any = inputs.get("prompt_strength") if isinstance(inputs, dict) else None
    if value is None:
        value = image.generation_params.get("prompt_strength")
    return float(value) if isinstance(value, int | float) else None


def started_at(image: ImageInfo) -> datetime | None:
    """When the variant was submitted (else planned, else created), for the elapsed time."""
    for key in ("submitted_at", "planned_at"):
        when = parse_iso(image.generation_params.get(key))
        if when is not None:
            return when
    return as_utc(image.created_at) if image.created_at is not None else None


def elapsed_text(image: ImageInfo, now: datetime | None = None) -> str:
    """ "12 s" / "3 min 05 s" since the variant started."""
    start = started_at(image)
    if start is None:
        return ""
    return elapsed_words(seconds_since(start, now))


def made_at_ratio(image: ImageInfo, project_ratio: str) -> str | None:
    """The aspect ratio the image was made at, when it is not the project's current one
    (None when the same, or when the record does not say)."""
    look = image.generation_params.get("look")
    ratio = look.get("aspect_ratio") if isinstance(look, dict) else None
    if not isinstance(ratio, str) or not ratio or not project_ratio or ratio == project_ratio:
        return None
    return ratio


def made_at_tip(made_at: str, project_ratio: str) -> str:
    return (
        f"Made when the project's aspect ratio was {made_at}; it is now {project_ratio}.\n"
        f"Generate again to get {project_ratio} pictures. Nothing is lost."
    )


def prompt_change(old: str, new: str, limit: int = 34) -> str:
    """What a round changed in the prompt, in a few words: "+ stormy night − dawn"."""
    if old == new:
        return "same prompt"
    tail = new[len(old) :] if new.startswith(old) else ""
    if tail and not (tail[0].isalnum() or tail[0] in "'’-"):
        text = "+ " + tail.strip(" ,.;")  # words added at the end: the usual refinement
        return _shorten(text, limit) if tail.strip(" ,.;") else "punctuation only"
    parts = word_diff(old, new)
    if is_unchanged(parts):
        return "same prompt"
    bits = [
        ("+ " if part.kind == "added" else "− ") + part.text.strip(" ,.;")
        for part in parts
        if part.kind != "same" and part.text.strip(" ,.;")
    ]
    return _shorten(" ".join(bits) or "punctuation only", limit)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def status_word(image: ImageInfo) -> str:
    """The image's state in creator words: waiting to start, being drawn, done, failed…"""
    return {
        ImageStatus.PENDING: "waiting to start",
        ImageStatus.PROCESSING: "being drawn",
        ImageStatus.COMPLETE: "done",
        ImageStatus.FAILED: "cancelled" if image.error_kind == ErrorKind.CANCELLED else "failed",
    }[image.status]


def status_text(image: ImageInfo) -> str:
    if image.status == ImageStatus.PENDING:
        return "Waiting to start"
    if image.status == ImageStatus.PROCESSING:
        return "Drawing"
    if image.status == ImageStatus.FAILED:
        return image.error or "Failed"
    return "Done"


def by_variant(images: tuple[ImageInfo, ...]) -> list[ImageInfo | None]:
    """Six slots, each holding the variant with that number (or None)."""
    slots: list[ImageInfo | None] = [None] * VARIANTS_PER_ROUND
    for image in images:
        if 0 <= image.variant_number < VARIANTS_PER_ROUND:
            slots[image.variant_number] = image
    return slots


# -- lineage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineageTree:
    """A shot's images as a forest: roots (no parent) and each image's children, in order."""

    images: dict[int, ImageInfo]
    roots: tuple[int, ...]
    children: dict[int, tuple[int, ...]] = field(default_factory=dict)
    final_path: frozenset[int] = frozenset()  # the final pick and all its ancestors
    final_id: int | None = None


def build_lineage(images: list[ImageInfo], final_id: int | None) -> LineageTree:
    """Parent → children of every image; an image whose parent is gone becomes a root."""
    by_id = {image.id: image for image in images}
    ordered = sorted(images, key=lambda i: (i.iteration_number, i.variant_number, i.id))
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for image in ordered:
        parent = image.parent_image_id
        if parent is not None and parent in by_id and parent != image.id:
            children.setdefault(parent, []).append(image.id)
        else:
            roots.append(image.id)
    path: set[int] = set()
    current = final_id if final_id in by_id else None
    while current is not None and current not in path:
        path.add(current)
        current = by_id[current].parent_image_id
        if current is not None and current not in by_id:
            current = None
    return LineageTree(
        images=by_id,
        roots=tuple(roots),
        children={k: tuple(v) for k, v in children.items()},
        final_path=frozenset(path),
        final_id=final_id if final_id in by_id else None,
    )
