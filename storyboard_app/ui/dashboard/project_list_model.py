"""The dashboard's item model: a thin adapter over a list of ProjectSummary DTOs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from storyboard_app.domain.enums import RedesignStatus, WorkflowVersion
from storyboard_app.domain.time_format import relative_time

if TYPE_CHECKING:  # DTO modules stay off the start-up path
    from storyboard_app.store.dto import ProjectSummary

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

SORT_KEYS: tuple[tuple[str, str], ...] = (
    ("updated", "Last edited"),
    ("title", "Title"),
    ("created", "Created"),
    ("stage", "Stage"),
)

_STAGE_ORDER = {status: n for n, status in enumerate(RedesignStatus)}


def stage_text(summary: ProjectSummary) -> str:
    if summary.workflow_version == WorkflowVersion.V1_LEGACY:
        return "Legacy (read-only)"
    return summary.redesign_status.label if summary.redesign_status else "Planning"


class ProjectListModel(QAbstractListModel):
    """Rows are ProjectSummary DTOs; never queries the database (GUI thread)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ProjectSummary] = []

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.beginResetModel()
        self._rows = list(projects)
        self.endResetModel()

    def projects(self) -> list[ProjectSummary]:
        return list(self._rows)

    def row_of(self, project_id: int) -> int:
        for row, summary in enumerate(self._rows):
            if summary.id == project_id:
                return row
        return -1

    def refresh_storage_ids(self, storage_ids: list[str]) -> None:
        """Repaint the rows whose thumbnail just arrived."""
        wanted = set(storage_ids)
        for row, summary in enumerate(self._rows):
            if summary.thumbnail_storage_id in wanted:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [summary.title]
            if summary.description:
                parts.append(summary.description[:300])
            parts.append(f"{stage_text(summary)} · edited {relative_time(summary.updated_at)}")
            return "\n".join(parts)
        if role == SUMMARY_ROLE:
            return summary
        if role == ID_ROLE:
            return summary.id
        return None


class ProjectFilterModel(QSortFilterProxyModel):
    """Search by title, hide projects pending deletion, sort by the chosen key."""

    def __init__(self) -> None:
        super().__init__()
        self._search = ""
        self._hidden: set[int] = set()
        self._sort_key = "updated"
        self.setDynamicSortFilter(True)

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        def change() -> None:
            self._search = text.strip().casefold()

        self._refilter(change)

    def set_hidden(self, ids: set[int]) -> None:
        def change() -> None:
            self._hidden = set(ids)

        self._refilter(change)

    def set_sort_key(self, key: str) -> None:
        self._sort_key = key
        order = (
            Qt.SortOrder.AscendingOrder
            if key in ("title", "stage")
            else Qt.SortOrder.DescendingOrder
        )
        self.invalidate()
        self.sort(0, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        summary: ProjectSummary | None = index.data(SUMMARY_ROLE)
        if summary is None or summary.id in self._hidden:
            return False
        return not self._search or self._search in summary.title.casefold()

    def lessThan(self, left: Index, right: Index) -> bool:
        a: ProjectSummary = left.data(SUMMARY_ROLE)
        b: ProjectSummary = right.data(SUMMARY_ROLE)
        key = self._sort_key
        if key == "title":
            return (a.title.casefold(), a.id) < (b.title.casefold(), b.id)
        if key == "created":
            return (a.created_at, a.id) < (b.created_at, b.id)
        if key == "stage":
            return (self._stage_rank(a), a.title.casefold()) < (
                self._stage_rank(b),
                b.title.casefold(),
            )
        return (a.updated_at, a.id) < (b.updated_at, b.id)

    @staticmethod
    def _stage_rank(summary: ProjectSummary) -> int:
        if summary.workflow_version == WorkflowVersion.V1_LEGACY:
            return 100
        return _STAGE_ORDER.get(summary.redesign_status or RedesignStatus.PROMPT_PLANNING, 0)
