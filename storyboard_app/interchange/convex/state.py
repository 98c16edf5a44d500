"""What one import adds up as it goes: counts, skipped items, touched projects, progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.interchange.convex.schema import TableSpec
from storyboard_app.interchange.reports import SkipList, SkippedItem, TableCounts


class ImportCancelled(StoryboardError):
    """The user cancelled the import; the database is unchanged."""


class Progress:
    """Progress in unpacked bytes, reported at most every 50 ms, and the cancel check."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancel = cancel
        self._last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        if self._progress is not None:
            now = time.monotonic()
            if now - self._last >= 0.05:
                self._last = now
                self._progress(min(self.done, self.total), self.total)

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ImportCancelled("The import was cancelled; the database is unchanged.")

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


@dataclass
class Counter:
    """What happened to the documents of one table so far."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def frozen(self) -> TableCounts:
        return TableCounts(self.read, self.inserted, self.updated, self.unchanged, self.skipped)


class ImportState:
    """The running totals of one import, shared by its steps (one thread, one transaction)."""

    def __init__(self, skips: SkipList, progress: Progress) -> None:
        self.skips = skips
        self.progress = progress
        self.counters: dict[str, Counter] = {}
        self.project_ids: set[int] = set()  # every project of the export, new or not
        self.touched_projects: set[int] = set()  # projects whose rows changed: finished after
        self.inferred_version: set[int] = set()  # new projects without a workflowVersion

    def counter(self, name: str) -> Counter:
        counter = self.counters.get(name)
        if counter is None:
            counter = self.counters[name] = Counter()
        return counter

    def skip(self, spec: TableSpec, source_id: str | None, line: int | None, why: str) -> None:
        """A document that is not imported (counted), and why."""
        self.counter(spec.name).skipped += 1
        self.skips.add(SkippedItem(spec.table, source_id, why, line))

    def note(self, spec: TableSpec, source_id: str | None, line: int | None, why: str) -> None:
        """Something left out of an imported row (a dropped link): listed, not counted."""
        self.skips.add(SkippedItem(spec.table, source_id, why, line))

    def touch(self, project_id: int) -> None:
        self.touched_projects.add(project_id)

    @property
    def counts(self) -> dict[str, TableCounts]:
        return {name: c.frozen() for name, c in self.counters.items()}
