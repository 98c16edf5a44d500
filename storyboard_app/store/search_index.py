"""The full-text index over image rows: its DDL for SQLite (FTS5) and PostgreSQL (GIN).

Shared by migration 0003 and the search service so the indexed expressions are written once.

SQLite: a *contentless* FTS5 table (`content=''`) keyed by `shot_images.id`, holding the
prompt words, the model name and the seed. Contentless because two of the three columns are
JSON values, not columns (an external-content table must name real columns), and because it
stores only the index, not a second copy of every prompt. Triggers keep it in step rather than
the services, because rows are also written by bulk SQL (the Convex importer, bundles,
duplication) that never pass through a service method.

PostgreSQL: a GIN index on the same words as a `tsvector` expression; the search service
repeats the expression exactly so the planner uses the index.
"""

from __future__ import annotations

FTS_TABLE = "shot_images_fts"
PG_INDEX = "ix_shot_images_search"

# json_extract raises on malformed JSON; a trigger must never fail a write.
_MODEL = "CASE WHEN json_valid({t}.metadata) THEN json_extract({t}.metadata, '$.model') END"
_SEED = "CASE WHEN json_valid({t}.metadata) THEN json_extract({t}.metadata, '$.seed') END"


def _values(alias: str) -> str:
    return (
        f"{alias}.id, {alias}.iteration_prompt, {_MODEL.format(t=alias)}, {_SEED.format(t=alias)}"
    )


SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "prompt, model, seed, content='', tokenize='unicode61 remove_diacritics 2')",
    f"INSERT INTO {FTS_TABLE}(rowid, prompt, model, seed) SELECT {_values('shot_images')} "
    "FROM shot_images",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON shot_images BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, prompt, model, seed) VALUES ({_values('new')}); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON shot_images BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, prompt, model, seed) "
    f"VALUES ('delete', {_values('old')}); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF iteration_prompt, metadata ON shot_images "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, prompt, model, seed) "
    f"VALUES ('delete', {_values('old')}); "
    f"INSERT INTO {FTS_TABLE}(rowid, prompt, model, seed) VALUES ({_values('new')}); END",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

# `metadata` is JSON (not JSONB) on PostgreSQL; ->> is immutable, so the index may use it.
PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(shot_images.iteration_prompt, '') || ' ' || "
    "coalesce(shot_images.metadata ->> 'model', '') || ' ' || "
    "coalesce(shot_images.metadata ->> 'seed', ''))"
)
PG_CREATE = [f"CREATE INDEX {PG_INDEX} ON shot_images USING gin (({PG_DOCUMENT}))"]
PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


def is_search_structure(name: str | None) -> bool:
    """True for the tables and index above (they live outside the ORM models)."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == PG_INDEX)
