"""Bulk writes shared by the importers: Core UPDATE by id, and statements compiled once.

`RawWriter` compiles an INSERT or UPDATE a single time for the connection's dialect and runs
it with the DBAPI cursor's `executemany`, the values serialised by the columns' own bind
processors (so the stored text is exactly what SQLAlchemy would store). No `onupdate` or ORM
event fires: callers pass every value themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Column, Connection, Table, bindparam, insert, select, type_coerce, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from storyboard_app.store.models import Base

CHUNK = 900  # bound parameters per IN (…) stay far below every database's limit

Processor = Callable[[Any], Any]


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


def _identity(value: Any) -> Any:
    return value


def bind_processor(column: Column[Any], dialect: Dialect) -> Processor:
    """Python value → the value the DBAPI receives, as SQLAlchemy itself would convert it."""
    return column.type.dialect_impl(dialect).bind_processor(dialect) or _identity


def result_processor(column: Column[Any], dialect: Dialect) -> Processor:
    """The DBAPI's value → the Python value, as SQLAlchemy itself would convert it."""
    impl = column.type.dialect_impl(dialect)
    return impl.result_processor(dialect, None) or _identity


class _Compiled:
    """One statement compiled for a dialect, with its parameters in a fixed order."""

    def __init__(self, stmt: Any, names: Sequence[str], dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql: str = compiled.string
        positions = compiled.positiontup
        if dialect.positional:
            assert positions is not None
            order = {name: i for i, name in enumerate(names)}
            self._indexes: list[int] | None = [order[p] for p in positions]
        else:
            self._indexes = None
        self._names = list(names)

    def params(self, rows: Iterable[Sequence[Any]]) -> list[Any]:
        """Rows of values in `names` order → what this dialect's DBAPI expects."""
        if self._indexes is None:
            names = self._names
            return [dict(zip(names, row, strict=True)) for row in rows]
        indexes = self._indexes
        if indexes == list(range(len(indexes))):
            return [tuple(row) for row in rows]
        return [tuple(row[i] for i in indexes) for row in rows]


class RawWriter:
    """INSERTs and UPDATEs of one table, compiled once, run with the DBAPI's executemany."""

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        self.dialect = connection.dialect
        self.columns: tuple[str, ...] = tuple(c.key for c in table.columns if c.key != "id")
        self._bind = {c.key: bind_processor(c, self.dialect) for c in table.columns}
        self._result = {c.key: result_processor(c, self.dialect) for c in table.columns}
        self._defaults = _defaults(table)
        self._insert: _Compiled | None = None
        self._updates: dict[tuple[str, ...], _Compiled] = {}

    def db_value(self, column: str, value: Any) -> Any:
        """The serialised form of a Python value, as it is sent to (and stored by) the DB."""
        return self._bind[column](value)

    def py_value(self, column: str, raw: Any) -> Any:
        """The Python value of what the DBAPI returned for `column`."""
        return self._result[column](raw)

    def same(self, column: str, raw: Any, db_value: Any, value: Any) -> bool:
        """Whether a stored value equals a new one: the serialised forms, else the decoded."""
        if raw == db_value:
            return True
        if raw is None or value is None:
            return False
        return bool(self._result[column](raw) == value)

    def row_for_insert(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """A row's values in column order, serialised; missing columns get their defaults."""
        bind = self._bind
        out = []
        for column in self.columns:
            if column in values:
                value = values[column]
            else:
                default = self._defaults.get(column)
                value = default() if default is not None else None
            out.append(bind[column](value))
        return tuple(out)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        """INSERT rows made by `row_for_insert`."""
        if not rows:
            return
        if self._insert is None:
            stmt = insert(self.table).values(
                {c: bindparam(f"p{i}") for i, c in enumerate(self.columns)}
            )
            self._insert = _Compiled(stmt, [f"p{i}" for i in range(len(self.columns))], self.dialect)
        self.connection.exec_driver_sql(self._insert.sql, self._insert.params(rows))

    def update(self, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """UPDATE … SET columns WHERE id: each row is (id, *serialised values of columns)."""
        if not rows:
            return
        compiled = self._updates.get(columns)
        if compiled is None:
            names = ["b_id", *(f"p{i}" for i in range(len(columns)))]
            stmt = (
                update(self.table)
                .where(self.table.c.id == bindparam("b_id"))
                .values({c: bindparam(f"p{i}") for i, c in enumerate(columns)})
            )
            compiled = self._updates[columns] = _Compiled(stmt, names, self.dialect)
        self.connection.exec_driver_sql(compiled.sql, compiled.params(rows))

    def update_values(self, rows: list[dict[str, Any]]) -> None:
        """UPDATE by id from dicts of Python values ("id" plus columns), grouped by key set."""
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in rows:
            keys = tuple(sorted(k for k in row if k != "id"))
            groups.setdefault(keys, []).append(
                (row["id"], *(self._bind[k](row[k]) for k in keys))
            )
        for keys, group in groups.items():
            self.update(keys, group)

    def select_raw(
        self, columns: Sequence[str], where: str, keys: Sequence[Any]
    ) -> list[tuple[Any, ...]]:
        """`columns` of the rows whose `where` column is in `keys`, as the DBAPI returns them."""
        table = self.table
        # NullType has no result processor: values come back exactly as the DBAPI gives them.
        stmt = select(*(type_coerce(table.c[c], NullType()).label(c) for c in columns)).where(
            table.c[where].in_(bindparam("keys", expanding=True))
        )
        out: list[tuple[Any, ...]] = []
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            out.extend(tuple(r) for r in self.connection.execute(stmt, {"keys": chunk}))
        return out

    def has_rows(self) -> bool:
        """Whether the table holds any row at all."""
        return (
            self.connection.execute(select(self.table.c.id).limit(1)).first() is not None
        )


def _defaults(table: Table) -> dict[str, Callable[[], Any]]:
    """Column → a zero-argument callable giving its Python-side default."""
    out: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if default is None or not hasattr(default, "arg"):
            continue
        arg = default.arg
        if getattr(default, "is_callable", False):
            out[column.key] = lambda arg=arg: arg(None)
        elif getattr(default, "is_scalar", False):
            out[column.key] = lambda arg=arg: arg
    return out
