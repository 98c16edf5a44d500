"""What the dashboard holds, without widgets: the load that may land, the projects hidden while
they go to the trash, and what the empty list says (Qt-free; the page renders it)."""

from __future__ import annotations

NO_PROJECTS = (
    "<h3>No projects yet</h3><p>Create one with <b>New project</b> (Ctrl+N): "
    "plan the video, break it into scenes and shots, then draw every shot.</p>"
)


class DashboardState:
    """The dashboard's loads and pending deletions."""

    def __init__(self) -> None:
        self._generation = 0
        self.pending_deletions: set[int] = set()  # hidden now; trashed or being trashed

    def start_load(self) -> int:
        """A ticket for a new load of the list; a newer load wins over an older one."""
        self._generation += 1
        return self._generation

    def is_newest(self, generation: int) -> bool:
        return generation == self._generation

    def hide(self, project_id: int) -> None:
        self.pending_deletions.add(project_id)

    def unhide(self, project_id: int) -> None:
        self.pending_deletions.discard(project_id)

    def take_deletions(self) -> bool:
        """At shutdown: True when projects were trashed this session (empty the trash)."""
        had = bool(self.pending_deletions)
        self.pending_deletions.clear()
        return had

    def empty_text(self, listed: int, search: str) -> str:
        """What the page says when no card is visible: no match, or no project at all."""
        if listed > len(self.pending_deletions) and search:
            return f"No project title contains “{search.strip()}”."
        return NO_PROJECTS
