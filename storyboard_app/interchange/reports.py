"""What an import, a migration or a bundle did: frozen reports with counts and skipped items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_LISTED_SKIPS = 1000

# What each table (ours, and the original web app's) is called where a creator reads it.
_TABLE_WORDS = {
    "video_projects": "Projects",
    "videoProjects": "Projects",
    "project_scenes": "Scenes",
    "projectScenes": "Scenes",
    "scene_shots": "Shots",
    "sceneShots": "Shots",
    "shot_images": "Images",
    "shotImages": "Images",
    "storyboard_selections": "Storyboard clips",
    "storyboardSelections": "Storyboard clips",
    "scenes": "Legacy scenes",
    "video_clips": "Legacy clips",
    "videoClips": "Legacy clips",
    "_storage": "Stored files",
}


def table_words(name: str) -> str:
    """A table's name as a creator says it ("shot_images" → "Images")."""
    if name in _TABLE_WORDS:
        return _TABLE_WORDS[name]
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in name.strip("_"))
    return spaced.replace("_", " ").strip().capitalize() or name


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class SkippedItem:
    """One document, file or row that was not imported, and why."""

    table: str
    source_id: str | None
    reason: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "source_id": self.source_id,
            "line": self.line,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table: read from the input, and what happened to them."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }


class SkipList:
    """Collects skipped items, keeping the first MAX_LISTED_SKIPS and counting the rest."""

    def __init__(self) -> None:
        self.items: list[SkippedItem] = []
        self.total = 0

    def add(self, item: SkippedItem) -> None:
        self.total += 1
        if len(self.items) < MAX_LISTED_SKIPS:
            self.items.append(item)


@dataclass(frozen=True)
class ImportReport:
    """The result of importing a Convex snapshot export."""

    source: str
    tables: dict[str, TableCounts]
    files_stored: int
    files_skipped: int
    project_ids: tuple[int, ...]
    skipped: tuple[SkippedItem, ...]
    skipped_total: int
    ignored_tables: dict[str, int] = field(default_factory=dict)
    encoding: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    converter_processes: int = 0  # documents converted in this many other processes

    @property
    def inserted(self) -> int:
        return sum(c.inserted for c in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.tables.values())

    def summary(self) -> str:
        """One human line."""
        return (
            f"Imported {self.source}: {self.inserted:,} rows added, {self.updated:,} updated, "
            f"{sum(c.unchanged for c in self.tables.values()):,} unchanged, "
            f"{self.skipped_total:,} skipped; {self.files_stored:,} files stored"
            f"{f', {self.files_skipped:,} files skipped' if self.files_skipped else ''}; "
            f"projects {', '.join(map(str, self.project_ids)) or 'none'}."
        )

    def describe(self) -> str:
        """The summary in creator words (no ids, no table names): for the app's report."""
        unchanged = sum(c.unchanged for c in self.tables.values())
        files = _count(self.files_stored, "file")
        if self.files_skipped:
            files += f" ({self.files_skipped:,} skipped)"
        return (
            f"Imported {_count(len(self.project_ids), 'project')} from "
            f"{self.source.replace(chr(92), '/').rsplit('/', 1)[-1]}: "
            f"{self.inserted:,} items added, {self.updated:,} updated, {unchanged:,} "
            f"unchanged, {self.skipped_total:,} skipped; {files} stored."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "tables": {name: counts.to_json() for name, counts in self.tables.items()},
            "files": {"stored": self.files_stored, "skipped": self.files_skipped},
            "project_ids": list(self.project_ids),
            "ignored_tables": dict(self.ignored_tables),
            "encoding": dict(self.encoding),
            "skipped_total": self.skipped_total,
            "skipped": [item.to_json() for item in self.skipped],
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class MigrationReport:
    """The result of migrating one legacy project to the new workflow."""

    project_id: int
    title: str
    outcome: str  # "migrated" | "already_migrated" | "nothing_to_migrate"
    scenes: int = 0
    shots: int = 0
    images: int = 0
    selections: int = 0
    archived_scenes: int = 0
    archived_clips: int = 0
    redesign_status: str | None = None
    backup: str | None = None
    skipped: tuple[SkippedItem, ...] = ()

    def summary(self) -> str:
        if self.outcome != "migrated":
            why = "was already migrated" if self.outcome == "already_migrated" else "has nothing"
            return f"Project {self.project_id} ({self.title}) {why}; nothing changed."
        return (
            f"Migrated project {self.project_id} ({self.title}): {self.scenes} scenes, "
            f"{self.shots} shots, {self.images} images, {self.selections} clips; "
            f"stage {self.redesign_status}"
            f"{f'; {len(self.skipped)} items not mapped' if self.skipped else ''}."
        )

    def describe(self) -> str:
        """The summary in creator words (no ids, no stage codes): for the app."""
        if self.outcome != "migrated":
            why = "was already migrated" if self.outcome == "already_migrated" else "has nothing"
            return f"“{self.title}” {why}; nothing changed."
        stage = stage_words(self.redesign_status)
        return (
            f"Migrated “{self.title}”: {_count(self.scenes, 'scene')}, "
            f"{_count(self.shots, 'shot')}, {_count(self.images, 'image')}, "
            f"{_count(self.selections, 'clip')}"
            f"{f'; it is now at the {stage} stage' if stage else ''}"
            f"{f'; {len(self.skipped)} items not mapped' if self.skipped else ''}."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "title": self.title,
            "outcome": self.outcome,
            "counts": {
                "project_scenes": self.scenes,
                "scene_shots": self.shots,
                "shot_images": self.images,
                "storyboard_selections": self.selections,
                "archived_scenes": self.archived_scenes,
                "archived_video_clips": self.archived_clips,
            },
            "redesign_status": self.redesign_status,
            "backup": self.backup,
            "skipped": [item.to_json() for item in self.skipped],
        }


@dataclass(frozen=True)
class BundleReport:
    """The result of exporting or importing a project bundle."""

    project_id: int
    title: str
    path: str
    format_version: int
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    skipped: tuple[SkippedItem, ...] = ()

    def summary(self) -> str:
        rows = sum(self.tables.values())
        return (
            f"Project {self.project_id} ({self.title}): {rows:,} rows and "
            f"{self.media_files:,} media files ({self.media_bytes:,} bytes) — {self.path}"
            f"{f'; {len(self.skipped)} items skipped' if self.skipped else ''}."
        )

    def describe(self) -> str:
        """The summary in creator words (no ids, no rows): for the app."""
        size = f"{self.media_bytes / 1_000_000:,.1f} MB"
        return (
            f"“{self.title}”: {_count(self.media_files, 'media file')} ({size}) — {self.path}"
            f"{f'; {len(self.skipped)} items skipped' if self.skipped else ''}."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "title": self.title,
            "path": self.path,
            "format_version": self.format_version,
            "tables": dict(self.tables),
            "media": {"files": self.media_files, "bytes": self.media_bytes},
            "skipped": [item.to_json() for item in self.skipped],
        }


def stage_words(status: str | None) -> str:
    """ "storyboard_final" → "Storyboard" (the label the app shows for a stage)."""
    from storyboard_app.domain.enums import RedesignStatus

    try:
        return RedesignStatus(status).label if status else ""
    except ValueError:
        return status or ""
