"""Bulk writes shared by the importers: Core UPDATE by id, and statements compiled once.

`RawWriter` compiles an INSERT or UPDATE a single time for the connection's dialect and runs
it with the DBAPI cursor's `executemany`, the values serialised by the columns' own bind
processors (so the stored text is exactly what SQLAlchemy would store). No `onupdate` or ORM
event fires: callers pass every value themselves.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Table,
    bindparam,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy import column as column_clause
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.sqlite import base as sqlite_types
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from storyboard_app.store.models import Base
from storyboard_app.store.types import UTCDateTime

CHUNK = 900  # bound parameters per IN (…) stay far below every database's limit

Processor = Callable[[Any], Any]
# Sets some columns of a serialised row from a dict of values: see `RowCodec.patcher`.
Patch = Callable[[tuple[Any, ...], dict[str, Any], int], tuple[Any, ...]]


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
    """Python value → the value the DBAPI receives, as SQLAlchemy itself would convert it.

    Two common cases get an equivalent shortcut, checked against SQLAlchemy's own result in
    the tests: JSON with the default serialiser, and UTC times stored as SQLite text.
    """
    impl = column.type.dialect_impl(dialect)
    if _default_json(column, dialect):
        return _json_dumps
    if _sqlite_utc_text(column, dialect):
        return _utc_text
    return impl.bind_processor(dialect) or _identity


def _default_json(column: Column[Any], dialect: Dialect) -> bool:
    column_type = column.type
    return (
        isinstance(column_type, JSON)
        and not column_type.none_as_null
        and getattr(dialect, "_json_serializer", None) is None
        and not dialect.supports_native_json_serialization
        and column_type._str_impl.bind_processor(dialect) is None
    )


def _sqlite_utc_text(column: Column[Any], dialect: Dialect) -> bool:
    if not isinstance(column.type, UTCDateTime) or dialect.name != "sqlite":
        return False
    impl: Any = column.type.dialect_impl(dialect)
    return getattr(impl.impl_instance, "_storage_format", None) == _SQLITE_FORMAT


_SQLITE_FORMAT = sqlite_types.DATETIME._storage_format
_json_encoder = json.JSONEncoder()


def _json_dumps(value: Any) -> str:
    """`json.dumps(value)` without building a new C encoder for every call."""
    global _one_shot
    if type(value) is str:
        return _json_encoder.encode(value)
    try:
        return "".join(_one_shot(value, 0))
    except BaseException:
        _one_shot = _make_one_shot()  # its circular-reference memo may hold leftovers
        raise


def _make_one_shot() -> Callable[[Any, int], Any]:
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # an interpreter without the C accelerator
        return lambda value, _level: (json.dumps(value),)
    e = _json_encoder
    return cast(
        Callable[[Any, int], Any],
        c_make_encoder(
            {},
            e.default,
            json.encoder.encode_basestring_ascii,
            e.indent,
            e.key_separator,
            e.item_separator,
            e.sort_keys,
            e.skipkeys,
            e.allow_nan,
        ),
    )


_one_shot = _make_one_shot()


def _utc_text(value: datetime | None) -> str | None:
    """What UTCDateTime then SQLite's DATETIME make of a time: naive UTC, microseconds."""
    global _last_time
    if value is None:
        return None
    last = _last_time  # one read: other threads may replace it
    if value is last[0]:  # a row's created_at and updated_at are often one object
        return last[1]
    if value.tzinfo is UTC:  # the common case: "…+00:00" without its zone
        text = value.isoformat(" ")[:-6]
    else:
        naive = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
        text = naive.isoformat(" ")
    if len(text) == 19:
        text += ".000000"
    _last_time = (value, text)
    return text


_last_time: tuple[datetime | None, str] = (None, "")


def result_processor(column: Column[Any], dialect: Dialect) -> Processor:
    """The DBAPI's value → the Python value, as SQLAlchemy itself would convert it."""
    impl = column.type.dialect_impl(dialect)
    try:
        return impl.result_processor(dialect, None) or _identity
    except TypeError:
        # PostgreSQL's numeric processors choose by the result column's type code, known
        # only from a cursor; its driver already returns floats for our FLOAT columns.
        return _identity


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

    def params(self, rows: Sequence[Sequence[Any]]) -> Sequence[Any]:
        """Rows of values in `names` order → what this dialect's DBAPI expects."""
        if self._indexes is None:
            names = self._names
            return [dict(zip(names, row, strict=True)) for row in rows]
        indexes = self._indexes
        if indexes == list(range(len(indexes))):
            return rows
        return [tuple(row[i] for i in indexes) for row in rows]


class RowCodec:
    """A table's columns serialised as its DBAPI receives them; needs a dialect, no connection.

    Shared by `RawWriter` and the importer's converting process, so both make the same rows.
    """

    def __init__(self, table: Table, dialect: Dialect) -> None:
        self.table = table
        self.columns: tuple[str, ...] = tuple(c.key for c in table.columns if c.key != "id")
        self._bind = {c.key: bind_processor(c, dialect) for c in table.columns}
        self._result = {c.key: result_processor(c, dialect) for c in table.columns}
        self._defaults = _defaults(table)
        self._defaulted = [
            (i, c, self._defaults[c]) for i, c in enumerate(self.columns) if c in self._defaults
        ]
        self._processors = [
            (i, self._bind[c]) for i, c in enumerate(self.columns) if self._bind[c] is not _identity
        ]
        self._position = {c: i for i, c in enumerate(self.columns)}
        self._every_column = itemgetter(*self.columns)

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
        try:
            out = list(self._every_column(values))  # every column given: the usual case
        except KeyError:
            get = values.get
            out = [get(column) for column in self.columns]
            for i, column, default in self._defaulted:
                if out[i] is None and column not in values:
                    out[i] = default()
        for i, process in self._processors:
            out[i] = process(out[i])
        return tuple(out)

    def patcher(self, columns: Sequence[str]) -> Patch:
        """A function giving a serialised row its id, and `columns` (stored as given: ids)
        from values: the row to INSERT `with_ids`.

        Used for the foreign keys, known only once the rows they point to are written.
        """
        for column in columns:
            assert self._bind[column] is _identity, f"{column} needs serialising"
        places = [(column, self._position[column] + 1) for column in columns]

        def patch(row: tuple[Any, ...], values: dict[str, Any], row_id: int) -> tuple[Any, ...]:
            out = [row_id, *row]
            get = values.get
            for column, i in places:
                out[i] = get(column)
            return tuple(out)

        return patch


class RawWriter:
    """INSERTs and UPDATEs of one table, compiled once, run with the DBAPI's executemany."""

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        self.dialect = connection.dialect
        self.codec = RowCodec(table, self.dialect)
        self.columns = self.codec.columns
        self._name = {c.key: c.name for c in table.columns}
        # The same table without types or defaults, so a compiled statement holds exactly the
        # columns given (a Core UPDATE of `table` would add `updated_at`'s onupdate).
        self._bare = table_clause(table.name, *(column_clause(c.name) for c in table.columns))
        self._inserts: dict[bool, _Compiled] = {}
        self._updates: dict[tuple[str, ...], _Compiled] = {}

    def insert(self, rows: list[tuple[Any, ...]], *, with_ids: bool = False) -> None:
        """INSERT rows made by `row_for_insert` (`with_ids`: each preceded by its id)."""
        if not rows:
            return
        compiled = self._inserts.get(with_ids)
        if compiled is None:
            columns = ("id", *self.columns) if with_ids else self.columns
            stmt = insert(self._bare).values(
                {self._name[c]: bindparam(f"p{i}") for i, c in enumerate(columns)}
            )
            names = [f"p{i}" for i in range(len(columns))]
            compiled = self._inserts[with_ids] = _Compiled(stmt, names, self.dialect)
        self.connection.exec_driver_sql(compiled.sql, compiled.params(rows))

    def next_id(self) -> int:
        """One more than the largest id: the id SQLite gives the next row."""
        return int(self.connection.execute(select(func.max(self.table.c.id))).scalar() or 0) + 1

    def insert_ids(self, rows: list[tuple[Any, ...]], keys: list[Any], key: str) -> list[int]:
        """INSERT rows; return their new ids, in order (`keys`: each row's unique `key`)."""
        if not rows:
            return []
        table = self.table
        sqlite = self.dialect.name == "sqlite"
        if sqlite:
            # SQLite gives each new row max(rowid) + 1, so a batch gets consecutive ids; the
            # first, the last and the new maximum are checked, else the ids are looked up.
            before = int(self.connection.execute(select(func.max(table.c.id))).scalar() or 0)
        self.insert(rows)
        if sqlite:
            n = len(rows)
            ends = dict(self.select_raw(("id", key), "id", [before + 1, before + n]))
            after = self.connection.execute(select(func.max(table.c.id))).scalar()
            if (
                after == before + n
                and ends.get(before + 1) == keys[0]
                and (ends.get(before + n) == keys[-1])
            ):
                return list(range(before + 1, before + n + 1))
        found = dict(self.select_raw((key, "id"), key, keys))
        return [int(found[k]) for k in keys]

    def update(self, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """UPDATE … SET columns WHERE id: each row is (id, *serialised values of columns)."""
        if not rows:
            return
        compiled = self._updates.get(columns)
        if compiled is None:
            names = ["b_id", *(f"p{i}" for i in range(len(columns)))]
            stmt = (
                update(self._bare)
                .where(self._bare.c.id == bindparam("b_id"))
                .values({self._name[c]: bindparam(f"p{i}") for i, c in enumerate(columns)})
            )
            compiled = self._updates[columns] = _Compiled(stmt, names, self.dialect)
        self.connection.exec_driver_sql(compiled.sql, compiled.params(rows))

    def update_values(self, rows: list[dict[str, Any]]) -> None:
        """UPDATE by id from dicts of Python values ("id" plus columns), grouped by key set."""
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in rows:
            keys = tuple(sorted(k for k in row if k != "id"))
            serialised = (self.codec.db_value(k, row[k]) for k in keys)
            groups.setdefault(keys, []).append((row["id"], *serialised))
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
        return self.connection.execute(select(self.table.c.id).limit(1)).first() is not None


def _defaults(table: Table) -> dict[str, Callable[[], Any]]:
    """Column → a zero-argument callable giving its Python-side default."""
    out: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default: Any = column.default
        if default is None or not hasattr(default, "arg"):
            continue
        if getattr(default, "is_callable", False):
            out[column.key] = partial(default.arg, None)
        elif getattr(default, "is_scalar", False):
            out[column.key] = partial(_same, default.arg)
    return out


def _same(value: Any) -> Any:
    return value
