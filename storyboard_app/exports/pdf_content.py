"""What the PDF storyboard says, without Qt: the page header, the cover's summary, the scene
headings and the words under each panel, as chosen in `PdfOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from storyboard_app.domain.shot_language import camera_caption
from storyboard_app.exports.pdf_layout import PdfOptions, format_seconds
from storyboard_app.exports.timeline import ShotEntry, Timeline, shot_duration

PROMPT_CHARS = 400
Style = Literal["heading", "body", "dialogue", "note", "prompt", "detail"]


@dataclass(frozen=True)
class Line:
    """One paragraph under a panel and how it is set."""

    text: str
    style: Style


def total_seconds(timeline: Timeline, default_seconds: float) -> float:
    """The storyboard's length: every shot, a shot without a final image keeping its time."""
    return sum(shot_duration(e, default_seconds) for e in timeline.entries)


def header_text(timeline: Timeline, default_seconds: float, today: date) -> str:
    """`2026-12-06 · 12 shots · 1:05` — beside the project's title on every page."""
    shots = len(timeline.entries)
    noun = "shot" if shots == 1 else "shots"
    length = format_seconds(total_seconds(timeline, default_seconds))
    return f"{today.isoformat()} · {shots} {noun} · {length}"


def cover_summary(timeline: Timeline, default_seconds: float, options: PdfOptions) -> str:
    """`2 scenes · 4 shots · 3 with a final image · 10.5 s` and the layout."""
    scenes = len(timeline.scenes)
    return (
        f"{scenes} {'scene' if scenes == 1 else 'scenes'} · {len(timeline.entries)} shots · "
        f"{len(timeline.picked)} with a final image · "
        f"{format_seconds(total_seconds(timeline, default_seconds))}\n{options.describe()}"
    )


def scene_title(scene_number: int, title: str) -> str:
    """`Scene 2: Night`, or `Scene 2` for an untitled scene (its bookmark too)."""
    return f"Scene {scene_number}: {title.strip()}" if title.strip() else f"Scene {scene_number}"


def panel_lines(entry: ShotEntry, options: PdfOptions, default_seconds: float) -> list[Line]:
    """The words under one panel, in order: heading, description, then the chosen fields."""
    fields = entry.shot.fields
    head = [f"Shot {entry.shot.shot_number}"]
    if options.shows("camera"):
        camera = camera_caption(fields.shot_type, fields.angle, fields.move)
        if camera:
            head.append(camera)
    if options.shows("duration"):
        head.append(f"{shot_duration(entry, default_seconds):.1f} s")
    head.append(entry.status)
    lines = [Line(" · ".join(head), "heading")]
    if entry.shot.description.strip():
        lines.append(Line(entry.shot.description.strip(), "body"))
    if options.shows("action") and fields.action.strip():
        lines.append(Line(fields.action.strip(), "body"))
    if options.shows("dialogue") and fields.dialogue.strip():
        lines.append(Line(f"“{fields.dialogue.strip()}”", "dialogue"))
    if options.shows("notes") and fields.notes.strip():
        lines.append(Line(f"Notes: {fields.notes.strip()}", "note"))
    if options.shows("prompt"):
        prompt = entry.prompt.strip()
        if len(prompt) > PROMPT_CHARS:
            prompt = prompt[:PROMPT_CHARS].rstrip() + " …"
        if prompt:
            lines.append(Line(prompt, "prompt"))
    if options.shows("seed") and entry.image is not None:
        bits = []
        if entry.image.seed is not None:
            bits.append(f"Seed {entry.image.seed}")
        if entry.image.model:
            bits.append(entry.image.model)
        if bits:
            lines.append(Line(" · ".join(bits), "detail"))
    return lines


def panel_message(entry: ShotEntry) -> str | None:
    """What an empty panel says, or None when the final image is there to draw."""
    if entry.image is None:
        return "No final image yet"
    if entry.image_path is None or not entry.image_path.is_file():
        return "Image file missing"
    return None
