"""Bulk UPDATE by id with Core statements (no `onupdate` fires), shared by the importers."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from storyboard_app.store.models import Base

CHUNK = 900  # bound parameters per IN (…) stay far below every database's limit


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class (typed for mypy)."""
    return cast(Table, model.__table__)


def bulk_update(s: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """UPDATE rows by id (each dict: "id" plus the new column values), grouped by key set.

    Core statements, so no `onupdate` fires: callers pass `updated_at` themselves.
    """
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for keys, group in groups.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({k: bindparam(f"p_{k}") for k in keys})
        )
        s.execute(stmt, [{"b_id": r["id"], **{f"p_{k}": r[k] for k in keys}} for r in group])
