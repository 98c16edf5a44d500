"""The compiled fill gives exactly the rows (or the reasons) of `to_row`'s general loop."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from storyboard_app.interchange import convex_schema as schema
from storyboard_app.interchange.convex_fast_fill import fill_for
from storyboard_app.interchange.convex_rows import PendingRow, Rejected, to_row
from tests.interchange.builders import ExportData, legacy_project, v2_project

ODD_VALUES: list[Any] = [
    None,
    3,
    True,
    "text",
    "complete",
    2.5,
    -1.0,
    7.0,
    1e300,
    float("nan"),
    float("inf"),
    {},
    [1.0, 2.5],
    "x" * 300,
    {"$integer": "AQAAAAAAAAA="},
    "7",
]


def _documents(*, with_files: bool = True) -> list[tuple[schema.TableSpec, dict[str, Any]]]:
    data = ExportData()
    v2_project(data, scenes=2, shots=2, rounds=2, with_files=with_files)
    legacy_project(data)
    return [
        (schema.BY_NAME[name], doc)
        for name, docs in data.tables.items()
        if name in schema.BY_NAME
        for doc in docs
    ]


def _outcome(spec: schema.TableSpec, doc: dict[str, Any], *, fast: bool) -> PendingRow | str:
    try:
        return to_row(spec, copy.deepcopy(doc), 7, {"kg1": "ab" * 32}, fast=fast)
    except Rejected as why:
        return f"rejected: {why}"


def _same(spec: schema.TableSpec, doc: dict[str, Any]) -> None:
    fast, general = _outcome(spec, doc, fast=True), _outcome(spec, doc, fast=False)
    # repr, not ==: 1 == 1.0 and True == 1, but a column must get the same type and key order.
    assert repr(fast) == repr(general), (spec.name, doc)


def test_the_fixture_documents_take_the_compiled_fill_and_convert_the_same() -> None:
    compiled = 0
    for spec, doc in _documents(with_files=False):
        fill = fill_for(spec, doc, {})
        if fill is not None and fill(copy.deepcopy(doc), {}, {}, {}, {}):
            compiled += 1
        _same(spec, doc)
    # Every document of the v2 project (1 + 2 + 4 + 48 + 4), and the legacy project's own;
    # its scenes and clips use stored files or keys matched by pattern: the general loop.
    assert compiled == 60


@pytest.mark.parametrize("table", sorted(schema.BY_NAME))
def test_every_odd_value_in_every_field_converts_the_same(table: str) -> None:
    documents = [doc for spec, doc in _documents() if spec.name == table]
    assert documents
    spec = schema.BY_NAME[table]
    for doc in documents[:3]:
        for key in [*doc, *(f.key for f in spec.fields if f.key not in doc)]:
            for odd in ODD_VALUES:
                _same(spec, {**doc, key: odd})
            _same(spec, {k: v for k, v in doc.items() if k != key})  # the key missing
        _same(spec, {**doc, "somethingNew": {"a": 1.0}})  # an unknown key, last
        _same(spec, {"somethingNew": None, **doc})  # an unknown key, first
        same_time = dict(doc)
        if "createdAt" in doc:
            same_time["updatedAt"] = doc["createdAt"]
            _same(spec, same_time)


def test_keys_two_fields_share_take_the_general_loop() -> None:
    doc = {"_id": "a" * 32, "projectId": "p" * 32, "duration": 4.0, "durationSeconds": 5.0}
    assert fill_for(schema.VIDEO_CLIPS, doc | {"createdAt": 1.0}, {}) is None
    row = to_row(schema.VIDEO_CLIPS, doc | {"createdAt": 1.0}, 1, {})
    assert row.values["duration_seconds"] == 4.0
    assert row.values["extra"]["durationSeconds"] == 5.0


def test_documents_with_many_unknown_keys_take_the_general_loop() -> None:
    """A fill compiled for thousands of keys would cost more than it saves, and be kept."""
    spec, doc = next((s, d) for s, d in _documents(with_files=False) if s.name == "shotImages")
    few = doc | {f"note{i}": float(i) for i in range(8)}
    many = doc | {f"note{i}": float(i) for i in range(5000)}
    assert fill_for(spec, few, {}) is not None
    cache: dict[tuple[str, ...], Any] = {}
    assert fill_for(spec, many, cache) is None and not cache
    _same(spec, many)
    row = to_row(spec, many, 1, {})
    assert row.values["extra"]["note4999"] == 4999.0
