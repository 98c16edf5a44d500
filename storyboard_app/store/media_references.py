"""Which stored files the database refers to, and which must never be collected."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.store.models import Base, ElementImage, SceneShot, ShotImage

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if _HEX64.match(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


def referenced_storage_ids(sessions: sessionmaker[Session]) -> dict[str, list[str]]:
    """Every storage id a row mentions → where (`table.column#id`).

    Scans every `*storage_id` column and every JSON column of every table, so files other
    features keep in `extra` or params (assembled videos, caches) count as referenced.
    """
    found: dict[str, list[str]] = {}
    with sessions.begin() as s:
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if c.name.endswith("storage_id") or isinstance(c.type, JSON)
            ]
            if not columns or "id" not in table.columns:
                continue
            rows = s.execute(select(table.c.id, *columns)).all()
            for row in rows:
                for column, value in zip(columns, row[1:], strict=True):
                    for storage_id in _walk(value):
                        found.setdefault(storage_id, []).append(
                            f"{table.name}.{column.name}#{row[0]}"
                        )
    return found


def protected_storage_ids(sessions: sessionmaker[Session]) -> set[str]:
    """Files of favourites, final picks and all their ancestors, and element references."""
    with sessions.begin() as s:
        references = set(s.scalars(select(ElementImage.storage_id)))
        parents = {i: p for i, p in s.execute(select(ShotImage.id, ShotImage.parent_image_id))}
        files = {i: f for i, f in s.execute(select(ShotImage.id, ShotImage.image_storage_id))}
        roots = set(s.scalars(select(ShotImage.id).where(ShotImage.is_favorite.is_(True))))
        roots |= {
            i
            for i in s.scalars(
                select(SceneShot.selected_image_id).where(SceneShot.selected_image_id.is_not(None))
            )
            if i is not None
        }
    keep: set[str] = set(references)
    for image_id in roots:
        seen: set[int] = set()
        current: int | None = image_id
        while current is not None and current not in seen:
            seen.add(current)
            storage_id = files.get(current)
            if storage_id:
                keep.add(storage_id)
            current = parents.get(current)
    return keep
