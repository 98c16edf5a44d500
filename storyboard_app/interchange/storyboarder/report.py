"""What a Storyboarder import did, or an export wrote: frozen reports in creator words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class StoryboarderImportReport:
    """A new project made from a Storyboarder project."""

    project_id: int
    title: str
    source: str
    scenes: int
    boards: int
    images: int
    missing_images: tuple[str, ...]  # "scene 1, board 2A: board-2-ABCDE-fill.png is missing"
    blank_boards: tuple[str, ...]
    notes: tuple[str, ...]

    def summary(self) -> str:
        """One line for the command line."""
        line = (
            f"Imported “{self.title}” as project {self.project_id}: "
            f"{_count(self.scenes, 'scene')}, {_count(self.boards, 'board')} as shots, "
            f"{_count(self.images, 'image')} as final picks"
        )
        if self.missing_images:
            line += f"; {_count(len(self.missing_images), 'shot')} marked image missing"
        return line + "."

    def describe(self) -> str:
        """The summary without ids, for the app."""
        return self.summary().replace(f" as project {self.project_id}", "")

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "title": self.title,
            "source": self.source,
            "scenes": self.scenes,
            "shots": self.boards,
            "images": self.images,
            "image_missing": list(self.missing_images),
            "blank_boards": list(self.blank_boards),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class StoryboarderExport:
    """A Storyboarder project folder written from a project."""

    folder: str
    main_file: str  # the file to open in Storyboarder: the .storyboarder, or the script
    scenes: int
    boards: int
    images: int
    blank_boards: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.folder,
            "open": self.main_file,
            "scenes": self.scenes,
            "boards": self.boards,
            "images": self.images,
            "blank_boards": list(self.blank_boards),
        }
