"""Writing an accepted draft with what the creator took of its proposals (a worker's job)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.outline import DraftScene, ProposedElement
from storyboard_app.store.dto import SceneInfo

if TYPE_CHECKING:
    from storyboard_app.store.open_store import Store


def accept_draft(
    store: Store,
    project_id: int,
    drafts: list[DraftScene],
    replace: bool,
    style: str | None,
    elements: list[ProposedElement],
) -> tuple[list[SceneInfo], list[str]]:
    """The scenes and shots (one transaction), then the project style when one was chosen,
    then each chosen element the project does not have yet. The scenes are saved whatever
    happens after: what could not be added is returned as notes for the creator."""
    written = store.scenes.apply_draft(project_id, drafts, replace=replace)
    notes: list[str] = []
    if style is not None:
        try:
            store.projects.set_look(project_id, style=style)
        except InvalidInputError as exc:
            notes.append(f"The style was not set: {exc}")
    return written, notes + add_proposed_elements(store, project_id, elements)


def add_proposed_elements(
    store: Store, project_id: int, elements: list[ProposedElement]
) -> list[str]:
    """Create each proposed element the project does not have yet (a name already taken is
    left); a note for each one that could not be created."""
    taken = {element.name.casefold() for element in store.elements.list(project_id)}
    notes = []
    for element in elements:
        if element.name.casefold() in taken:
            continue
        try:
            store.elements.add(project_id, element.name, element.kind, element.description)
        except InvalidInputError as exc:
            notes.append(f"@{element.name} was not added: {exc}")
            continue
        taken.add(element.name.casefold())
    return notes
