"""What the storyboard view shows, loaded off the GUI thread; Qt-free (runs in workers).

`load_board` reads the project's timeline (`exports.timeline`, the same reading the final
video and the exports use), settles every shot's duration (set by the user, else the clip's
own length from the probe, else the default setting) and finds a picture for every card (a
frame of its clip, else the final image's thumbnail). `card_state` and `status_text` turn a
selection into the words a card shows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.time_format import elapsed_clock, parse_iso, seconds_since
from storyboard_app.exports.timeline import ShotEntry, load_timeline
from storyboard_app.generation.errors import ErrorKind
from storyboard_app.media import ffmpeg
from storyboard_app.media.atomic import temporary_sibling
from storyboard_app.media.probe import MediaFileError
from storyboard_app.media.store import MediaStore
from storyboard_app.media.video import cached_probe
from storyboard_app.store.dto import SelectionInfo
from storyboard_app.store.open_store import Store


class CardState(StrEnum):
    """Where one card of the storyboard is."""

    GAP = "gap"  # the shot has no final pick
    UNBUILT = "unbuilt"  # a final pick but no selection row yet: build the storyboard
    NOT_ANIMATED = "not_animated"
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETE = "complete"
    STALE = "stale"  # a clip of an earlier final pick
    FAILED = "failed"


ACTIVE_STATES = (CardState.PENDING, CardState.PROCESSING)


@dataclass(frozen=True)
class CardData:
    """One shot of the storyboard as its card shows it."""

    scene_id: int
    scene_number: int
    shot_id: int
    shot_number: int
    description: str
    prompt: str  # the prompt that drew the final image
    image_id: int | None
    image_storage_id: str | None
    selection: SelectionInfo | None
    clip_path: Path | None  # the clip file (current or stale) when it exists on disk
    duration: float  # what the final video uses for this shot
    duration_source: str  # "set", "clip" or "default"
    picture: Path | None  # what the card shows: a clip frame, else the image thumbnail
    provider: str | None = None  # who made the final image
    reference_changed: str | None = None  # an element reference changed since it was made
    made_at: str | None = None  # the aspect ratio it was made at, when not the project's

    @property
    def code(self) -> str:
        return f"S{self.scene_number:02d}_SH{self.shot_number:02d}"

    @property
    def selection_id(self) -> int | None:
        return self.selection.id if self.selection is not None else None

    @property
    def state(self) -> CardState:
        return card_state(self.image_id, self.selection)

    @property
    def plays_clip(self) -> bool:
        """The animatic and the final video play this shot's clip (else its still)."""
        return self.state == CardState.COMPLETE and self.clip_path is not None

    @property
    def motion_prompt(self) -> str:
        return self.selection.motion_prompt if self.selection is not None else ""

    @property
    def stale_reason(self) -> str:
        if self.selection is None:
            return ""
        return self.selection.stale_reason or ""

    def with_selection(self, selection: SelectionInfo) -> CardData:
        """The same card after its selection row changed (status, prompt, duration)."""
        duration, source = self.duration, self.duration_source
        if selection.duration_seconds:
            duration, source = float(selection.duration_seconds), "set"
        return replace(self, selection=selection, duration=duration, duration_source=source)


@dataclass(frozen=True)
class SceneGroup:
    """A scene header and its cards in shot order."""

    scene_id: int
    scene_number: int
    title: str
    cards: tuple[CardData, ...]


@dataclass(frozen=True)
class BoardData:
    """The whole storyboard of one project."""

    project_id: int
    title: str
    scenes: tuple[SceneGroup, ...]
    default_seconds: float
    aspect_ratio: str = "16:9"
    fps: int = 24

    @property
    def cards(self) -> list[CardData]:
        return [card for scene in self.scenes for card in scene.cards]

    @property
    def total_seconds(self) -> float:
        return sum(c.duration for c in self.cards)  # a shot with no final: a slate as long

    def card_for_shot(self, shot_id: int) -> CardData | None:
        return next((c for c in self.cards if c.shot_id == shot_id), None)

    def card_for_selection(self, selection_id: int) -> CardData | None:
        return next((c for c in self.cards if c.selection_id == selection_id), None)

    def with_card(self, card: CardData) -> BoardData:
        """The same board with this card replaced (a duration trimmed, before the reload)."""
        scenes = tuple(
            replace(g, cards=tuple(card if c.shot_id == card.shot_id else c for c in g.cards))
            for g in self.scenes
        )
        return replace(self, scenes=scenes)

    def with_move(self, shot_id: int, scene_id: int, position: int) -> BoardData:
        """The same board with a shot moved to a 1-based position of a scene (shown at once,
        before the write and the reload)."""
        moving = self.card_for_shot(shot_id)
        if moving is None:
            return self
        moving = replace(moving, scene_id=scene_id)
        scenes = []
        for group in self.scenes:
            cards = [c for c in group.cards if c.shot_id != shot_id]
            if group.scene_id == scene_id:
                cards.insert(max(0, min(position - 1, len(cards))), moving)
            scenes.append(replace(group, cards=tuple(cards)))
        return replace(self, scenes=tuple(scenes))

    @property
    def needs_build(self) -> bool:
        """Some final pick has no selection, or a selection points at an older pick."""
        return any(
            c.image_id is not None
            and (c.selection is None or c.selection.selected_image_id != c.image_id)
            for c in self.cards
        )


def card_state(image_id: int | None, selection: SelectionInfo | None) -> CardState:
    if image_id is None:
        return CardState.GAP
    if selection is None:
        return CardState.UNBUILT
    status = selection.animation_status
    if status is None:
        return CardState.NOT_ANIMATED
    if status == ImageStatus.PENDING:
        return CardState.PENDING
    if status == ImageStatus.PROCESSING:
        return CardState.PROCESSING
    if status == ImageStatus.FAILED:
        return CardState.FAILED
    if selection.stale_reason or (
        selection.animated_image_id is not None and selection.animated_image_id != image_id
    ):
        return CardState.STALE
    return CardState.COMPLETE


def error_kind(selection: SelectionInfo) -> ErrorKind | None:
    """Why the selection's last animation ended without a clip (None: it did not fail, or the
    row holds no known kind)."""
    if selection.animation_status != ImageStatus.FAILED:
        return None
    kind = selection.animation_params.get("error_kind")
    try:
        return ErrorKind(kind) if isinstance(kind, str) else None
    except ValueError:
        return None


def started_at(selection: SelectionInfo) -> datetime | None:
    """When the running animation was queued (from its recorded parameters)."""
    params = selection.animation_params
    for key in ("submitted_at", "planned_at"):
        when = parse_iso(params.get(key))
        if when is not None:
            return when
    return None


def elapsed(selection: SelectionInfo, now: datetime | None = None) -> str:
    """`0:07` since the animation was queued; empty when unknown."""
    since = started_at(selection)
    if since is None:
        return ""
    return elapsed_clock(seconds_since(since, now))


def status_text(card: CardData, now: datetime | None = None) -> str:
    """The status line of a card."""
    state = card.state
    sel = card.selection
    if state == CardState.GAP:
        return "No final image yet"
    if state == CardState.UNBUILT:
        return "Not on the storyboard yet — build it"
    assert sel is not None
    if state == CardState.NOT_ANIMATED:
        return "Still image (not animated)"
    if state == CardState.PENDING:
        return "Queued"
    if state == CardState.PROCESSING:
        since = elapsed(sel, now)
        return f"Animating… {since}".rstrip()
    if state == CardState.FAILED:
        if error_kind(sel) == ErrorKind.CANCELLED:
            return "Cancelled"
        return f"Failed: {sel.error or 'unknown error'}"
    if state == CardState.STALE:
        return "Clip is stale"
    if card.clip_path is None:
        return "Clip file missing — animate again"
    into = sel.animation_params.get("to")
    return f"Clip ready (into {into})" if isinstance(into, str) and into else "Clip ready"


def clip_frame(clip: Path, cache_dir: Path, key: str) -> Path | None:
    """A JPEG of the clip's middle frame, made once under the cache; None when it fails."""
    target = cache_dir / "clip-frames" / f"{key[:40]}.jpg"
    if target.is_file() and target.stat().st_size > 0:
        return target
    try:
        info = cached_probe(clip, cache_dir, key)
    except MediaFileError:
        return None
    middle = (info.duration or 0.0) / 2
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    tmp = temporary_sibling(target)
    try:
        result = ffmpeg.run(
            [
                *("-v", "error", "-y", "-ss", f"{middle:.3f}", "-i", str(clip)),
                *("-frames:v", "1", "-vf", "scale=320:-2", "-f", "image2", "-c:v", "mjpeg"),
                str(tmp),
            ],
            timeout=60,
        )
        if not result.ok or not tmp.is_file() or tmp.stat().st_size == 0:
            return None
        os.replace(tmp, target)
    except (OSError, ffmpeg.FfmpegStartError):
        return None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def made_at(params: dict[str, object], project_ratio: str) -> str | None:
    """The aspect ratio an image was made at, when it is not the project's (else None)."""
    look = params.get("look")
    ratio = look.get("aspect_ratio") if isinstance(look, dict) else None
    return ratio if isinstance(ratio, str) and ratio and ratio != project_ratio else None


def _card(
    entry: ShotEntry, media: MediaStore, cache_dir: Path, default_seconds: float, ratio: str
) -> CardData:
    clip = entry.clip_path if entry.clip_path is not None and entry.clip_path.is_file() else None
    sel = entry.selection
    explicit = entry.explicit_duration()
    clip_seconds: float | None = None
    picture: Path | None = None
    if clip is not None and sel is not None and sel.video_storage_id:
        try:
            clip_seconds = cached_probe(clip, cache_dir, sel.video_storage_id).duration
        except MediaFileError:
            clip, clip_seconds = None, None
        if clip is not None:
            picture = clip_frame(clip, cache_dir, sel.video_storage_id)
    if explicit:
        duration, source = explicit, "set"
    elif clip_seconds:
        duration, source = round(clip_seconds, 2), "clip"
    else:
        duration, source = default_seconds, "default"
    image = entry.image
    if picture is None and image is not None and image.image_storage_id:
        try:
            picture = media.thumbnail_for(image.image_storage_id)
        except (OSError, ValueError):
            picture = None
    return CardData(
        scene_id=entry.scene.id,
        scene_number=entry.scene.scene_number,
        shot_id=entry.shot.id,
        shot_number=entry.shot.shot_number,
        description=entry.shot.description,
        prompt=entry.prompt,
        image_id=image.id if image is not None else None,
        image_storage_id=image.image_storage_id if image is not None else None,
        selection=sel,
        clip_path=clip,
        duration=duration,
        duration_source=source,
        picture=picture,
        provider=image.provider if image is not None else None,
        reference_changed=image.reference_changed if image is not None else None,
        made_at=made_at(image.generation_params, ratio) if image is not None else None,
    )


def load_board(
    store: Store, media_root: Path, cache_dir: Path, project_id: int, default_seconds: float
) -> BoardData:
    """Everything the storyboard view shows (a few queries, one probe per new clip)."""
    timeline = load_timeline(store, media_root, project_id)
    media = MediaStore(media_root)
    groups: list[SceneGroup] = []
    project = timeline.project
    for scene in timeline.scenes:
        cards = tuple(
            _card(entry, media, cache_dir, default_seconds, project.aspect_ratio)
            for entry in timeline.entries
            if entry.scene.id == scene.id
        )
        groups.append(SceneGroup(scene.id, scene.scene_number, scene.title, cards))
    return BoardData(
        project_id,
        project.title,
        tuple(groups),
        default_seconds,
        project.aspect_ratio,
        project.fps,
    )
