"""Read a screenplay into a draft (no database), and write an accepted draft in one go."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyboard_app.domain.draft_proposals import with_proposals
from storyboard_app.domain.enums import RedesignStatus, WorkflowVersion
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_TITLE_CHARS
from storyboard_app.domain.outline import DraftScene, OutlineDraft
from storyboard_app.interchange.screenplay.reading import (
    MAX_SCRIPT_BYTES,
    parse_script,
    read_script_bytes,
)
from storyboard_app.interchange.screenplay.to_outline import script_to_outline
from storyboard_app.store.models import VideoProject
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.scenes import write_draft


@dataclass(frozen=True)
class ScriptDraft:
    """What a screenplay file gives before anything is written: a title and the draft."""

    source: str  # the file's name
    format_name: str  # "Fountain" or "Final Draft"
    title: str  # the title page's title, else a title made from the file name
    outline: OutlineDraft

    @property
    def shot_count(self) -> int:
        return sum(len(scene.shots) for scene in self.outline.scenes)


@dataclass(frozen=True)
class ScriptImportReport:
    """What was written: the project, whether it is new, and the scenes and shots added."""

    project_id: int
    title: str
    created: bool
    scenes: int
    shots: int
    source: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "title": self.title,
            "created": self.created,
            "scenes": self.scenes,
            "shots": self.shots,
            "source": self.source,
            "notes": list(self.notes),
        }

    def summary(self, *, with_id: bool = False) -> str:
        """One line for people (`with_id`: the project's number too, for the command line)."""
        where = "into a new project" if self.created else "after the existing scenes of"
        number = f" (project {self.project_id})" if with_id else ""
        return (
            f"Imported {self.source} {where} “{self.title}”{number}: "
            f"{self.scenes} scene(s), {self.shots} shot(s)."
        )


def _title_from_name(path: Path) -> str:
    words = re.sub(r"[_\-.]+", " ", path.stem).strip()
    return (words[:1].upper() + words[1:]) if words else "Imported screenplay"


def read_script_draft(path: Path, *, limit: int = MAX_SCRIPT_BYTES) -> ScriptDraft:
    """Read, check and parse a Fountain or Final Draft file (raises InvalidInputError)."""
    path = Path(path)
    data = read_script_bytes(path, limit)
    script = parse_script(path, data)
    if not script.has_story():
        raise InvalidInputError(
            f"{path.name} has no scene heading, action or dialogue: there is nothing to "
            "import. Is it the right file?"
        )
    outline = with_proposals(script_to_outline(script))  # shot types, recurring cast
    title = " ".join(script.title.split()) or _title_from_name(path)
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return ScriptDraft(path.name, script.format_name, title, outline)


def write_script(
    store: Store,
    drafts: list[DraftScene],
    *,
    title: str,
    source: str,
    project_id: int | None = None,
    notes: list[str] | None = None,
) -> ScriptImportReport:
    """Write the accepted scenes into a new project titled `title`, or after the scenes of
    `project_id`: one transaction, so a failure leaves the database as it was."""
    if not drafts:
        raise InvalidInputError("Nothing to import: keep at least one scene.")
    store.require_writable()
    store.backup("import")
    with store.sessions.begin() as s:
        created = project_id is None
        if project_id is None:
            project = VideoProject(
                title=title,
                description=f"Imported from the screenplay {source}.",
                workflow_version=WorkflowVersion.V2_REDESIGN,
                redesign_status=RedesignStatus.PROMPT_PLANNING,
                prompt_planner_data="",
            )
            s.add(project)
            s.flush()
            project_id = project.id
        write_draft(s, project_id, drafts)  # refuses a missing or legacy project
        project_title = s.get_one(VideoProject, project_id).title
        return ScriptImportReport(
            project_id=project_id,
            title=project_title,
            created=created,
            scenes=len(drafts),
            shots=sum(len(d.shots) for d in drafts),
            source=source,
            notes=list(notes or []),
        )
