"""The fast paths of the import agree with the slow, obvious ones they replace."""

from __future__ import annotations

import json
import random
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg2

from storyboard_app.interchange.convex.reading import LineProblem, iter_documents
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits
from storyboard_app.interchange.sql_bulk import bind_processor
from storyboard_app.store.models import ShotImage, StoryboardSelection

LIMITS = ZipLimits(max_line_bytes=300)


def _slow(data: bytes) -> list[tuple[int, Any]]:
    """The documented meaning: one document per line, `json.loads` each, long lines refused."""
    out: list[tuple[int, Any]] = []
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if len(line) > LIMITS.max_line_bytes:
            out.append((number, "too long"))
        elif line.strip():
            try:
                out.append((number, json.loads(line)))
            except ValueError:
                out.append((number, "not JSON"))
    return out


def _fast(archive: zipfile.ZipFile, info: zipfile.ZipInfo, block: int) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    documents = iter_documents(archive, info, LIMITS, label="x", hint="", block_size=block)
    for number, value in documents:
        if isinstance(value, LineProblem):
            value = "too long" if "larger than" in value.reason else "not JSON"
        out.append((number, value))
    return out


def _random_lines(rng: random.Random) -> bytes:
    lines = []
    for i in range(300):
        kind = rng.randrange(10)
        if kind == 0:
            lines.append(b"")
        elif kind == 1:
            lines.append(b"  " + json.dumps({"i": i}).encode() + b" \r")
        elif kind == 2:
            lines.append(b"x" * rng.randrange(250, 700))  # some too long, some not JSON
        elif kind == 3:
            lines.append(b'{"broken": ')
        elif kind == 4:
            lines.append(json.dumps({"text": "é\u2028" * rng.randrange(1, 60)}).encode())
        elif kind == 5:
            lines.append(b"\xff\xfe not utf-8")
        elif kind == 6:
            lines.append(b"[1, 2]")
        else:
            lines.append(json.dumps({"_id": f"id{i}", "n": rng.random(), "k": [i]}).encode())
    data = b"\n".join(lines)
    return data if rng.random() < 0.5 else data + b"\n"


@pytest.mark.parametrize("seed", range(6))
def test_block_reading_matches_line_by_line_json_loads(tmp_path: Path, seed: int) -> None:
    data = _random_lines(random.Random(seed))
    expected = _slow(data)
    assert any(v == "too long" for _, v in expected) and any(v == "not JSON" for _, v in expected)
    path = tmp_path / "t.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("t/documents.jsonl", data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("t/documents.jsonl")
        for block in (7, 64, 301, 4096, 1 << 20):
            assert _fast(archive, info, block) == expected


def test_a_member_longer_than_declared_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "t.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("t/documents.jsonl", b'{"a": 1}\n' * 50)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("t/documents.jsonl")
        info.file_size = 20  # the archive lies about the size
        with pytest.raises(ArchiveError, match="damaged"):
            list(iter_documents(archive, info, LIMITS, label="t.zip", hint=""))


VALUES: list[Any] = [
    None,
    {},
    {"model": "flux", "seed": 3, "cfg": 3.5, "nested": [1, None, True, {"é": "\u2028"}]},
    {"nan": float("nan"), "big": 1e300, "neg": -0.0},
    ["a", 1],
    "text",
]
TIMES: list[Any] = [
    None,
    datetime(2023, 11, 14, 22, 13, 20, 250, tzinfo=UTC),
    datetime(2023, 1, 1, tzinfo=UTC),
    datetime(2023, 1, 1, 5, 6, 7, 8, tzinfo=timezone(timedelta(hours=2))),
    datetime(999, 1, 1),
]


@pytest.mark.parametrize("dialect", [sqlite.dialect(), psycopg2.dialect()])
def test_shortcut_serialisers_equal_sqlalchemys_own(dialect: Any) -> None:
    for column in (
        ShotImage.__table__.c.metadata,
        ShotImage.__table__.c.extra,
        StoryboardSelection.__table__.c.animation_params,
    ):
        theirs = column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        ours = bind_processor(column, dialect)
        for value in VALUES:
            assert ours(value) == theirs(value), (column, value)
    column = ShotImage.__table__.c.created_at
    theirs = column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
    for value in TIMES:
        assert bind_processor(column, dialect)(value) == theirs(value)


def test_the_row_codec_of_every_table_builds_for_postgresql_too() -> None:
    """PostgreSQL's numeric result processors need a cursor's type code; the codec copes."""
    from storyboard_app.interchange.convex.schema import TABLES
    from storyboard_app.interchange.sql_bulk import RowCodec, table_of

    dialect = psycopg2.dialect()
    for spec in TABLES:
        codec = RowCodec(table_of(spec.model), dialect)
        assert "source_id" in codec.columns
    clips = RowCodec(table_of(StoryboardSelection), dialect)
    assert clips.same("duration_seconds", 4.5, clips.db_value("duration_seconds", 4.5), 4.5)
    assert not clips.same("duration_seconds", 4.5, clips.db_value("duration_seconds", 5.0), 5.0)
