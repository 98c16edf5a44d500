"""Writing an accepted draft with what the creator took of its proposals (a worker's job)."""

from __future__ import annotations

from storyboard_app.domain.outline import DraftScene, ProposedElement
from storyboard_app.store.dto import SceneInfo
from storyboard_app.store.open_store import Store


def accept_draft(
    store: Store,
    project_id: int,
    drafts: list[DraftScene],
    replace: bool,
    style: str | None,
    elements: list[ProposedElement],
) -> list[SceneInfo]:
    """The scenes and shots (one transaction), then the project style when one was chosen,
    then each chosen element the project does not have yet (a name already taken is left)."""
    written = store.scenes.apply_draft(project_id, drafts, replace=replace)
    if style is not None:
        store.projects.set_look(project_id, style=style)
    add_proposed_elements(store, project_id, elements)
    return written


def add_proposed_elements(store: Store, project_id: int, elements: list[ProposedElement]) -> int:
    """Create each proposed element the project does not have yet; how many were created."""
    taken = {element.name.casefold() for element in store.elements.list(project_id)}
    created = 0
    for element in elements:
        if element.name.casefold() not in taken:
            store.elements.add(project_id, element.name, element.kind, element.description)
            taken.add(element.name.casefold())
            created += 1
    return created
