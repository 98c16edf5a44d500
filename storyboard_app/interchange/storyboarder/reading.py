"""Finding a Storyboarder project from what the user chose, and reading all of it.

Accepted: a `.storyboarder` file; a folder holding one; a multi-scene project folder (a
script beside `storyboards/`, one folder per scene); that project's script, its
`storyboards/` folder or its `storyboard.settings`. Scenes come in the script's order; a
scene the script names that was never opened in Storyboarder has no folder yet and comes in
empty, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storyboard_app.interchange.storyboarder.errors import (
    NOTHING,
    StoryboarderNotFoundError,
    StoryboarderSceneMissingError,
    StoryboarderTooLargeError,
)
from storyboard_app.interchange.storyboarder.format import MAX_BOARDS, MAX_SCENES
from storyboard_app.interchange.storyboarder.scene_file import SceneSource, read_scene_file
from storyboard_app.interchange.storyboarder.scripts import Script, read_script

SCRIPT_SUFFIXES = (".fountain", ".fdx")
_FOLDER = re.compile(r"^Scene-(\d+)-(.*)$")


@dataclass(frozen=True)
class ProjectSource:
    """Everything an import needs, read and checked: scenes in order, and notes to report."""

    title: str
    source: Path
    scenes: tuple[SceneSource, ...]
    script: Path | None
    notes: tuple[str, ...]

    @property
    def board_count(self) -> int:
        return sum(len(scene.boards) for scene in self.scenes)


def read_storyboarder(path: Path) -> ProjectSource:
    """Read the project at `path` (see the module docstring) or raise a StoryboarderError."""
    path = Path(path).expanduser()
    if not path.exists():
        raise StoryboarderNotFoundError(f"There is no file or folder {path}. {NOTHING}")
    if path.is_file() and path.name == "storyboard.settings":
        path = path.parent  # the settings of a multi-scene project: the whole project
    if path.is_file():
        if path.suffix.lower() in SCRIPT_SUFFIXES:
            return _read_project(path.parent, path)
        scene = read_scene_file(path)
        return ProjectSource(path.stem, path, (scene,), None, ())
    if path.name == "storyboards" and (path / "storyboard.settings").is_file():
        path = path.parent
    if (path / "storyboards").is_dir():
        scripts = sorted(p for p in path.iterdir() if p.suffix.lower() in SCRIPT_SUFFIXES)
        named = [p for p in scripts if p.stem == path.name]
        candidates: list[Path] = named or scripts
        return _read_project(path, candidates[0] if candidates else None)
    files = sorted(path.glob("*.storyboarder"))
    if not files:
        raise StoryboarderNotFoundError(
            f"The folder {path.name} holds no Storyboarder project (no .storyboarder file and "
            f"no storyboards folder). {NOTHING}"
        )
    own = path / f"{path.name}.storyboarder"
    if len(files) > 1 and own not in files:
        raise StoryboarderNotFoundError(
            f"The folder {path.name} holds {len(files)} .storyboarder files; choose one of "
            f"them. {NOTHING}"
        )
    chosen = own if own in files else files[0]
    return ProjectSource(path.name, chosen, (read_scene_file(chosen),), None, ())


def _folder_title(name: str) -> str:
    """ "Scene-2-INT-A-PLACE-DAY-2-FA5K7" → "INT A PLACE DAY"."""
    match = _FOLDER.match(name)
    rest = match.group(2) if match else name
    rest = re.sub(r"-(?:\d+-)?[0-9A-Z]{5}$|-G\d+$", "", rest)
    return rest.replace("-", " ").strip() or name


def _folder_number(name: str) -> int:
    match = _FOLDER.match(name)
    return int(match.group(1)) if match else 1_000_000


def _scene_folders(storyboards: Path) -> list[Path]:
    folders = [
        p
        for p in storyboards.iterdir()
        if p.is_dir() and not p.name.startswith(".") and not p.name.endswith("-backup")
    ]
    if len(folders) > MAX_SCENES:
        raise StoryboarderTooLargeError(
            f"The project has {len(folders):,} scene folders, over the {MAX_SCENES:,} one "
            f"import takes. {NOTHING}"
        )
    return sorted(folders, key=lambda p: (_folder_number(p.name), p.name))


def _scene_file(folder: Path) -> Path:
    own = folder / f"{folder.name}.storyboarder"
    if own.is_file():
        return own
    others = sorted(folder.glob("*.storyboarder"))
    if len(others) == 1:
        return others[0]
    raise StoryboarderSceneMissingError(
        f"The scene folder {folder.name} has no {folder.name}.storyboarder file, so the "
        f"project is incomplete. Restore that file (or remove the folder) and import again. "
        f"{NOTHING}"
    )


def _read_project(root: Path, script_path: Path | None) -> ProjectSource:
    storyboards = root / "storyboards"
    folders = _scene_folders(storyboards) if storyboards.is_dir() else []
    files = {folder: _scene_file(folder) for folder in folders}  # a missing one refuses all
    script = read_script(script_path) if script_path is not None else Script(None, ())
    by_id = {folder.name.rsplit("-", 1)[-1]: folder for folder in folders}
    scenes: list[SceneSource] = []
    notes: list[str] = []
    used: set[Path] = set()
    for heading in script.scenes:
        folder = by_id.get(heading.folder_id)
        if folder is None or folder in used:
            scenes.append(_empty_scene(heading.heading or f"Scene {heading.number}", root))
            notes.append(
                f"Scene {heading.number} ({heading.heading}) has no boards yet in Storyboarder; "
                "it was imported as an empty scene."
            )
            continue
        used.add(folder)
        scenes.append(read_scene_file(files[folder], heading.heading or None))
    for folder in folders:
        if folder not in used:
            if script.scenes:
                notes.append(
                    f"The scene folder {folder.name} is not in the script; it was added at the end."
                )
            scenes.append(read_scene_file(files[folder], _folder_title(folder.name)))
    if not scenes:
        raise StoryboarderNotFoundError(
            f"The project {root.name} has no scenes (its storyboards folder is empty and its "
            f"script has no scene headings). {NOTHING}"
        )
    if sum(len(s.boards) for s in scenes) > MAX_BOARDS:
        raise StoryboarderTooLargeError(
            f"The project has more than {MAX_BOARDS:,} boards, over what one import takes. "
            f"{NOTHING}"
        )
    title = script.title or (script_path.stem if script_path is not None else root.name)
    return ProjectSource(title, root, tuple(scenes), script_path, tuple(notes))


def _empty_scene(title: str, root: Path) -> SceneSource:
    return SceneSource(title, root, 16 / 9, 24, 2000, (), {})
