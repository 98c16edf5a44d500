"""Straight-line conversion of documents whose keys come in an order seen before.

`to_row`'s loop looks up every key's field and dispatches on its kind: about a third of a
microsecond per key, most of an import's conversion time. The documents of a table nearly
always have the same keys in the same order, so for each such tuple of keys this module
compiles one small function that reads all the values with an itemgetter, checks their types
in one expression and stores them. It accepts only the usual types (text is a str, a number a
finite float, an enum one of its values, ...); for anything else it returns False before
changing anything, and `to_row`'s loop converts the document instead. That loop stays the one
statement of the rules, and the tests check that both give the same rows.

The generated source holds only names made here (`v0`, `C0`, ...); keys, columns and enum
tables reach it as values of its namespace, never as text, whatever the export contains.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from storyboard_app.interchange.convex_schema import TableSpec
from storyboard_app.interchange.values import INT64, MAX_MS, as_datetime

# (doc, values, extra, refs, deferred) → whether the document was converted.
Fill = Callable[
    [dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str], dict[str, str | None]], bool
]
MAX_SHAPES = 64  # per table; documents of further shapes take the general loop
# Keys beyond the table's own fields (unknown ones, kept in `extra`) a compiled fill takes:
# a document with thousands of keys is rare, and its fill would cost more than it saves.
MAX_EXTRA_KEYS = 8
_SKIPPED = ("_id", "_creationTime")
# Kinds whose usual JSON value is the column value itself, by the name of its type.
_STORED_AS_IS = {"text": "str", "bool": "bool", "object": "dict"}


def fill_for(
    spec: TableSpec, doc: dict[str, Any], cache: dict[tuple[str, ...], Fill | None]
) -> Fill | None:
    """The compiled fill for the document's keys (from `cache`, one per table), or None."""
    if len(doc) > len(spec.fields) + 2 + MAX_EXTRA_KEYS:  # 2: _id and _creationTime
        return None
    keys = tuple(doc)
    try:
        return cache[keys]
    except KeyError:
        pass
    if len(cache) >= MAX_SHAPES:
        return None
    fill = cache[keys] = _compile(spec, keys)
    return fill


def _compile(spec: TableSpec, keys: tuple[str, ...]) -> Fill | None:
    """A fill for documents with exactly these keys, or None when the general loop must run
    (a stored file, a key matched by pattern, two keys for one column)."""
    namespace: dict[str, Any] = {
        "T": type,
        "AS_DT": as_datetime,
        "MAX": float(MAX_MS),
        "I64": float(INT64),
    }
    names: list[str] = []
    checks: list[str] = []
    lookups: list[str] = []
    stores: list[str] = []
    columns_seen: set[str] = set()
    last_time: str | None = None
    wanted = [key for key in keys if key not in _SKIPPED]
    for i, key in enumerate(wanted):
        v, c = f"v{i}", f"C{i}"
        names.append(v)
        fspec = spec.field_for(key)
        if fspec is None:
            namespace[c] = key
            stores.append(f"    extra[{c}] = {v}")
            continue
        if fspec.kind == "storage" or fspec.column in columns_seen or key not in spec.converters():
            return None
        columns_seen.add(fspec.column)
        namespace[c] = fspec.column
        kind = fspec.kind
        if kind in _STORED_AS_IS:  # one type check, the value stored unchanged
            checks.append(f"T({v}) is {_STORED_AS_IS[kind]}")
            stores.append(f"    values[{c}] = {v}")
        elif kind == "short":
            checks.append(f"T({v}) is str and len({v}) <= {int(fspec.max_len or 0)}")
            stores.append(f"    values[{c}] = {v}")
        elif kind == "int":
            checks.append(f"T({v}) is float and {v}.is_integer() and -I64 <= {v} < I64")
            stores.append(f"    values[{c}] = int({v})")
        elif kind == "float":
            checks.append(f"T({v}) is float and {v} - {v} == 0.0")  # finite: not inf, not nan
            stores.append(f"    values[{c}] = {v}")
        elif kind == "time":
            checks.append(f"T({v}) is float and 0.0 <= {v} <= MAX")
            t = f"t{i}"
            if last_time is None:
                lookups.append(f"    {t} = AS_DT({v})")
            else:  # createdAt and updatedAt are often equal: one datetime for both
                lookups.append(
                    f"    {t} = {last_time} if {v} == {last_time.replace('t', 'v')} else AS_DT({v})"
                )
            last_time = t
            stores.append(f"    values[{c}] = {t}")
        elif kind == "enum":
            assert fspec.enum is not None
            e, m = f"E{i}", f"m{i}"
            namespace[e] = {member.value: member for member in fspec.enum}
            checks.append(f"T({v}) is str")
            lookups.append(f"    {m} = {e}.get({v})")
            lookups.append(f"    if {m} is None:\n        return False")
            stores.append(f"    values[{c}] = {m}")
        elif kind == "ref":
            target = "deferred" if fspec.deferred else "refs"
            checks.append(f"T({v}) is str")
            stores.append(f"    {target}[{c}] = {v}")
        else:
            return None
    if not names:
        return None
    namespace["GET"] = _getter(wanted)
    source = "\n".join(
        [
            "def fill(doc, values, extra, refs, deferred):",
            f"    ({', '.join(names)},) = GET(doc)",
            f"    if not ({' and '.join(checks) or 'True'}):",
            "        return False",
            *lookups,
            *stores,
            "    return True",
        ]
    )
    # Safe to run: the source is made of the fixed lines above and generated names only.
    exec(compile(source, f"<convex fill: {spec.name}>", "exec"), namespace)
    fill: Fill = namespace["fill"]
    return fill


def _getter(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of `keys` as a tuple (itemgetter of one key returns the bare value)."""
    if len(keys) == 1:
        only = keys[0]
        return lambda doc: (doc[only],)
    get: Callable[[dict[str, Any]], tuple[Any, ...]] = itemgetter(*keys)
    return get
