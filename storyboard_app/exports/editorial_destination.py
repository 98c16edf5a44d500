"""Where an editorial folder may be written, and when an earlier one may be replaced.

Every editorial export records in its `.otio` (metadata `storyboard_studio.folder_files`)
each file it wrote, as a path relative to the folder with its size. A folder is replaced
only when everything in it is one of those files, unchanged in size: a recut `.xml` saved
beside ours, or music put in `media/`, makes the folder the creator's, and it is left alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.file_names import file_slug
from storyboard_app.exports.sequence import METADATA_KEY
from storyboard_app.media.atomic import check_folder

FILES_KEY = "folder_files"  # in the .otio's `storyboard_studio` metadata: path → size
MAX_TIMELINE_BYTES = 64 * 1024 * 1024
SHOWN = 3  # foreign files named in a message


def _our_metadata(path: Path) -> dict[str, Any] | None:
    """The `storyboard_studio` metadata of the `.otio` at `path`; None when it has none."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_TIMELINE_BYTES:
            return None
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    metadata = data.get("metadata") if isinstance(data, dict) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return ours if isinstance(ours, dict) else None


def recorded_files(path: Path) -> dict[str, int | None] | None:
    """The files an editorial export wrote, as its `.otio` at `path` records them; None
    when `path` is not such a timeline."""
    ours = _our_metadata(path)
    files = ours.get(FILES_KEY) if ours is not None else None
    if not isinstance(files, dict):
        return None
    return {
        str(name): size if isinstance(size, int) and not isinstance(size, bool) else None
        for name, size in files.items()
    }


def _recorded(folder: Path) -> dict[str, int | None]:
    """Every file the editorial timelines at the top of `folder` say an export wrote."""
    found: dict[str, int | None] = {}
    for child in sorted(folder.glob("*.otio")):
        files = recorded_files(child)
        if files is not None and child.name in files:
            found.update(files)
    return found


def foreign_files(folder: Path) -> list[str]:
    """What in `folder` no editorial export of this app wrote (relative POSIX paths, a
    foreign folder named once, with a trailing `/`); empty when the folder may be replaced."""
    recorded = _recorded(folder)
    if not recorded:
        return sorted(f"{p.name}/" if p.is_dir() else p.name for p in folder.iterdir())
    parents = {str(Path(name).parent.as_posix()) for name in recorded}
    parents |= {p.as_posix() for name in recorded for p in Path(name).parents}
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root).relative_to(folder)
        for name in sorted(dirs):
            relative = (here / name).as_posix()
            if relative not in parents or (Path(root) / name).is_symlink():
                found.append(f"{relative}/")
                dirs.remove(name)  # named once, not file by file
        for name in sorted(files):
            relative = (here / name).as_posix()
            if relative not in recorded:
                found.append(relative)
                continue
            size = recorded[relative]
            path = Path(root) / name
            if path.is_symlink() or (size is not None and path.stat().st_size != size):
                found.append(relative)  # replaced by the creator's own file of that name
    return found


def foreign_message(folder: Path, found: list[str]) -> str:
    """`D holds files this app did not write (recut.xml, …): choose an empty folder or
    remove them.`"""
    names = ", ".join(found[:SHOWN]) + (", …" if len(found) > SHOWN else "")
    return (
        f"{folder} holds files this app did not write ({names}): choose an empty folder or "
        "remove them."
    )


def check_destination(folder: Path) -> Path:
    """`folder`, absolute, when it can become the editorial folder: new (in a folder that
    exists), empty, or an earlier editorial folder holding only what that export wrote."""
    folder = Path(folder).expanduser().absolute()
    if folder.exists():
        if not folder.is_dir():
            raise InvalidInputError(f"{folder} is a file; give a folder for the editorial export.")
        found = foreign_files(folder)
        if found:
            raise InvalidInputError(foreign_message(folder, found))
    check_folder(folder.parent, "editorial folder")
    return folder


def _usable(folder: Path) -> bool:
    if not folder.exists():
        return True
    return folder.is_dir() and not foreign_files(folder)


def choose_folder(chosen: Path, title: str) -> tuple[Path, str | None]:
    """Where to write when a creator picks `chosen` in a folder dialog, and what to tell
    them when it is not that folder.

    `chosen` itself when it is new, empty or an earlier editorial folder as written. An
    earlier editorial folder holding the creator's own files is left alone: a new
    `<title> editorial 2` (3, …) beside it, and a note says so. Any other folder of files
    gets `<title> editorial` inside it (numbered when that one is taken).
    """
    chosen = Path(chosen).expanduser().absolute()
    if _usable(chosen):
        return chosen, None
    name = f"{file_slug(title, 60, 'storyboard')} editorial"
    recorded = chosen.is_dir() and bool(_recorded(chosen))
    earlier = chosen.is_dir() and any(  # an editorial folder an earlier version wrote
        _our_metadata(child) is not None for child in chosen.glob("*.otio")
    )
    ours = recorded or earlier
    base = chosen.parent if ours else chosen
    for n in range(1, 1000):
        candidate = base / (name if n == 1 else f"{name} {n}")
        if candidate != chosen and _usable(candidate):
            break
    else:
        raise InvalidInputError(f"{base} holds too many editorial folders; choose another folder.")
    if not ours:
        return candidate, None
    if not recorded:
        return candidate, (
            f"“{chosen.name}” was written by an earlier version of this app, which did not "
            f"list its files, so it was left alone: this export is in a new folder, "
            f"“{candidate.name}”."
        )
    found = foreign_files(chosen)
    names = ", ".join(found[:SHOWN]) + (", …" if len(found) > SHOWN else "")
    return candidate, (
        f"“{chosen.name}” holds files this app did not write ({names}), so it was left "
        f"alone: this export is in a new folder, “{candidate.name}”."
    )


def folder_for(chosen: Path, title: str) -> Path:
    """The folder `choose_folder` picks."""
    return choose_folder(chosen, title)[0]
