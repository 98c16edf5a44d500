"""A parsed screenplay as the planner's draft: scenes from headings, shots from action.

Each scene heading starts a scene (its script number kept). Each action paragraph becomes a
shot: the paragraph is the shot's action and description, and, after the scene heading for
place and time, its image prompt. The speeches that follow (until the next action) are that
shot's dialogue, one `NAME: words` line each; notes and transitions go to its notes. A scene
that opens with dialogue gets a shot for it; a scene with nothing but its heading gets one
shot of the heading. What comes before the first heading is an "Opening" scene. The
planner's limits apply, and every cut is said in `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyboard_app.domain.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_PROMPT_CHARS,
    MAX_TITLE_CHARS,
)
from storyboard_app.domain.outline import (
    MAX_DRAFT_DESCRIPTION,
    MAX_SCENES,
    MAX_SHOTS_PER_SCENE,
    DraftScene,
    DraftShot,
    OutlineDraft,
)
from storyboard_app.interchange.screenplay.script import Script, ScriptLine

OPENING = "Opening"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Shot:
    action: str = ""
    speeches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Scene:
    heading: str
    number: str = ""
    synopsis: list[str] = field(default_factory=list)
    shots: list[_Shot] = field(default_factory=list)
    pending_notes: list[str] = field(default_factory=list)


def _speech_text(line: ScriptLine) -> str:
    who = line.character or "VOICE"
    if line.dual:
        who += " (at the same time)"
    return f"{who}: {_one_line(line.text)}" if line.text else who


def _group(script: Script) -> list[_Scene]:
    scenes: list[_Scene] = []
    current: _Scene | None = None
    shot_open = False  # the last shot still takes speeches (no heading since its action)
    for line in script.lines:
        if line.kind == "heading":
            current = _Scene(line.text, line.number)
            scenes.append(current)
            shot_open = False
            continue
        if current is None:
            if line.kind in ("note", "transition", "synopsis") and not scenes:
                continue  # before any story: "FADE IN:", notes on the title page
            current = _Scene(OPENING)
            scenes.append(current)
        if line.kind == "synopsis":
            current.synopsis.append(line.text)
        elif line.kind == "action":
            current.shots.append(_Shot(line.text, notes=current.pending_notes))
            current.pending_notes = []
            shot_open = True
        elif line.kind == "speech":
            if not shot_open:
                current.shots.append(_Shot(notes=current.pending_notes))
                current.pending_notes = []
                shot_open = True
            current.shots[-1].speeches.append(_speech_text(line))
        elif line.kind in ("note", "transition"):
            (current.shots[-1].notes if current.shots else current.pending_notes).append(line.text)
    return scenes


def _draft_shot(scene: _Scene, shot: _Shot, cut: list[str]) -> DraftShot:
    place = _one_line(scene.heading) if scene.heading != OPENING else ""
    if shot.action:
        description = _one_line(shot.action)
        prompt_source = f"{place}. {description}" if place else description
    elif shot.speeches:
        who = shot.speeches[0].split(":", 1)[0]
        description = f"{who} speaks"
        prompt_source = f"{place}. {who} speaking" if place else f"{who} speaking"
    else:
        description = prompt_source = place or OPENING
    dialogue = "\n".join(shot.speeches)
    notes = "\n".join(shot.notes)
    for what, text, limit in (
        ("description", description, MAX_DRAFT_DESCRIPTION),
        ("image prompt", prompt_source, MAX_PROMPT_CHARS),
        ("dialogue", dialogue, MAX_DESCRIPTION_CHARS),
        ("action", shot.action, MAX_DESCRIPTION_CHARS),
        ("notes", notes, MAX_DESCRIPTION_CHARS),
    ):
        if len(text) > limit:
            cut.append(what)
    return DraftShot(
        description=_short(description, MAX_DRAFT_DESCRIPTION),
        initial_prompt=_short(prompt_source, MAX_PROMPT_CHARS),
        dialogue=_short(dialogue, MAX_DESCRIPTION_CHARS),
        action=_short(shot.action, MAX_DESCRIPTION_CHARS),
        notes=_short(notes, MAX_DESCRIPTION_CHARS),
    )


def script_to_outline(script: Script) -> OutlineDraft:
    """The draft of scenes and shots a screenplay gives, with a note for every cut."""
    notes: list[str] = []
    drafts: list[DraftScene] = []
    scenes = _group(script)
    for index, scene in enumerate(scenes):
        if index == MAX_SCENES:
            notes.append(
                f"{len(scenes) - MAX_SCENES} scene(s) after the first {MAX_SCENES} were not "
                f"drafted (from “{_short(scene.heading, 60)}” on); split the script and "
                "import the rest into the same project."
            )
            break
        shots = scene.shots or [_Shot(notes=scene.pending_notes)]
        if scene.pending_notes and scene.shots:
            shots[-1].notes.extend(scene.pending_notes)
        where = f"scene {index + 1} (“{_short(scene.heading, 40)}”)"
        cut: list[str] = []
        draft_shots = [_draft_shot(scene, shot, cut) for shot in shots]
        if cut:
            notes.append(
                f"Some text of {where} was too long and was cut ({', '.join(sorted(set(cut)))})."
            )
        if len(draft_shots) > MAX_SHOTS_PER_SCENE:
            notes.append(
                f"{len(draft_shots) - MAX_SHOTS_PER_SCENE} shot(s) of {where} beyond the "
                f"limit of {MAX_SHOTS_PER_SCENE} per scene were not drafted."
            )
        if len(scene.heading) > MAX_TITLE_CHARS:
            notes.append(f"The heading of {where} was cut to {MAX_TITLE_CHARS} characters.")
        drafts.append(
            DraftScene(
                title=_short(_one_line(scene.heading), MAX_TITLE_CHARS),
                description=_short(" ".join(scene.synopsis), MAX_DRAFT_DESCRIPTION),
                shots=draft_shots[:MAX_SHOTS_PER_SCENE],
                number=scene.number[:20],
            )
        )
    return OutlineDraft(drafts, notes)
