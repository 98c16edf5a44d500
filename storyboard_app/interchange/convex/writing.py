"""Batched SQL for the import: one compiled writer per table, and SQLite set up for a bulk load.

Rows are written with `sql_bulk.RawWriter` (statements compiled once, the DBAPI's
`executemany`). A table that held no rows when the import began gets its ids here, before the
INSERT: the import holds the write lock (`hold_write_lock`), so the ids after the largest stay
free, and an image can be linked to a parent in the same batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.rows import PendingRow, reference_columns
from storyboard_app.interchange.convex.schema import TableSpec
from storyboard_app.interchange.sql_bulk import Patch, RawWriter, table_of
from storyboard_app.store.models import VideoProject

IMPORT_CACHE_KIB = 64 * 1024
INDEX_REBUILD_BYTES = 4 * 1024 * 1024  # of JSONL: below it, rebuilding costs more


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for this import: its indexes are written in random order.

    Memory stays bounded (IMPORT_CACHE_KIB); the connection's own setting comes back after.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # After a failure the original error matters, not the cache size of a pooled link.
        with suppress(DBAPIError):
            connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def hold_write_lock(session: Session) -> None:
    """Take the database's write lock now, with a write that changes nothing.

    Until the commit no other connection can then add rows, so whether a table holds any
    and which ids are free stay true for the whole import.
    """
    projects = table_of(VideoProject)
    session.execute(update(projects).where(projects.c.id == -1).values(id=projects.c.id))


# Scene and shot numbers: unique (parent, number) holds row by row, so imported rows carry
# numbers no row holds until the finishing step numbers them 1..n.
NUMBER_COLUMN = {
    schema.PROJECT_SCENES.name: "scene_number",
    schema.SCENE_SHOTS.name: "shot_number",
}
RENUMBER_BASE = 1_000_000_000
PLACEHOLDER_BASE = 1_500_000_000


class Tables:
    """The import's writers, one per table, and what each table held when the import began."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self._writers: dict[str, RawWriter] = {}
        self._patches: dict[str, Patch] = {}
        self._had_rows: dict[str, bool] = {}
        self._next_id: dict[str, int] = {}
        self._placeholders = 0

    def writer(self, name: str) -> RawWriter:
        writer = self._writers.get(name)
        if writer is None:
            spec = schema.BY_NAME[name]
            writer = RawWriter(self.connection, table_of(spec.model))
            self._writers[name] = writer
            columns = [*reference_columns(spec)]
            if name in NUMBER_COLUMN:  # numbers are placeholders until the finishing step
                columns.append(NUMBER_COLUMN[name])
            self._patches[name] = writer.codec.patcher(columns)
            self._had_rows[name] = writer.has_rows()
        return writer

    def placeholder(self) -> int:
        """A scene or shot number unique in this import, below the renumbering's own range."""
        self._placeholders += 1
        return PLACEHOLDER_BASE + self._placeholders

    def had_rows(self, name: str) -> bool:
        """Whether the table held rows when the import began."""
        self.writer(name)
        return self._had_rows[name]

    def fresh(self, name: str) -> bool:
        """Whether the table's rows are all new here, prepared and given ids before INSERT: it
        held none when the import began, in SQLite (whose single writer the import holds)."""
        return not self.had_rows(name) and self.sqlite

    @contextmanager
    def indexes_built_after(self, spec: TableSpec, jsonl_bytes: int) -> Iterator[None]:
        """Many rows into a table that held none: its plain indexes are dropped and built
        again after, which is faster than keeping them up to date row by row.

        Inside the import's transaction, so a failed import brings them back unchanged; the
        unique indexes stay, as they are the table's constraints.
        """
        if self.had_rows(spec.name) or jsonl_bytes < INDEX_REBUILD_BYTES or not self.sqlite:
            yield
            return
        indexes = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (spec.table,),
        ).all()
        for name, _ in indexes:
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            self.connection.exec_driver_sql(sql)

    def insert_prepared(
        self, spec: TableSpec, rows: Sequence[tuple[PendingRow, dict[str, Any], int]]
    ) -> None:
        """INSERT rows prepared by `rows.prepare`, each with its references in `values` and
        the id `reserve_ids` gave it."""
        patch = self._patches[spec.name]
        self.writer(spec.name).insert(
            [patch(row.prepared or (), values, row_id) for row, values, row_id in rows],
            with_ids=True,
        )

    def reserve_ids(self, name: str, n: int) -> int:
        """The first of `n` consecutive ids no row holds (a fresh SQLite table only)."""
        first = self._next_id.get(name) or self.writer(name).next_id()
        self._next_id[name] = first + n
        return first

    def insert_values(
        self, spec: TableSpec, rows: Sequence[tuple[PendingRow, dict[str, Any]]]
    ) -> list[int]:
        """INSERT rows from their values; their new ids, in order."""
        writer = self.writer(spec.name)
        # A plain executemany: RETURNING with a guaranteed order would insert row by row.
        return writer.insert_ids(
            [writer.codec.row_for_insert(values) for _, values in rows],
            [row.source_id for row, _ in rows],
            "source_id",
        )

    def existing(
        self, spec: TableSpec, source_ids: Sequence[str]
    ) -> tuple[dict[str, tuple[Any, ...]], dict[str, int]]:
        """The stored rows with these Convex ids (id first, then every column as stored), by
        Convex id, and each column's position in them."""
        writer = self.writer(spec.name)
        columns = ("id", *writer.columns)
        position = {column: i for i, column in enumerate(columns)}
        if not self.had_rows(spec.name):
            return {}, position
        source = position["source_id"]
        rows = writer.select_raw(columns, "source_id", source_ids)
        return {old[source]: old for old in rows}, position

    def changes(
        self, spec: TableSpec, row: PendingRow, old: tuple[Any, ...], position: dict[str, int]
    ) -> dict[str, Any]:
        """The columns whose imported value differs from the stored one."""
        codec = self.writer(spec.name).codec
        soft = row.soft
        changes: dict[str, Any] = {}
        for column, value in row.values.items():
            if column in soft:
                continue
            raw = old[position[column]]
            if codec.same(column, raw, codec.db_value(column, value), value):
                continue
            # A re-export without files never forgets a picture that is already here.
            if value is None and column.endswith("_storage_id"):
                continue
            changes[column] = value
        return changes
