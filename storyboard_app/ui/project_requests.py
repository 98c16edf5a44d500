"""Which project the main window is opening: only the newest request may land (Qt-free)."""

from __future__ import annotations


class ProjectRequests:
    """Tickets for project reads in flight; an older read that lands late is dropped.

    The user may open project A, then B before A's read is back: `start` hands out a
    ticket per request and `finish` accepts only the newest one, once.
    """

    def __init__(self) -> None:
        self._next = 0
        self._pending: dict[int, int] = {}  # ticket → project id
        self._newest = -1

    def start(self, project_id: int) -> int:
        """A ticket for reading `project_id`; it supersedes every earlier one."""
        ticket = self._next
        self._next += 1
        self._pending[ticket] = project_id
        self._newest = ticket
        return ticket

    def project_id(self, ticket: int) -> int:
        """The project a pending ticket asked for."""
        return self._pending[ticket]

    def finish(self, ticket: int) -> bool:
        """True when `ticket` is the newest request (its result should be shown)."""
        self._pending.pop(ticket, None)
        if ticket != self._newest:
            return False
        self._newest = -1
        return True

    def drop(self, project_id: int | None = None) -> None:
        """Forget the newest request (only if it is for `project_id`, when given)."""
        if self._newest in self._pending and project_id in (None, self._pending[self._newest]):
            self._newest = -1

    @property
    def busy(self) -> bool:
        """A project is being read and will be shown."""
        return self._newest in self._pending
