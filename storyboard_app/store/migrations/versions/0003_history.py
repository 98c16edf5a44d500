"""history: rejected variants, the cost of every prediction, full-text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

- `shot_images.is_rejected` (default false): hidden from the grid, never deleted.
- `shot_images.cost_usd`, `storyboard_selections.cost_usd`: the cost of the prediction that
  made the row, from the price table; NULL when unknown (never 0 for unknown).
- Search: an FTS5 table kept by triggers on SQLite, a GIN index on PostgreSQL
  (`storyboard_app/store/search_index.py`), filled from the rows already there.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from storyboard_app.store import search_index

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _batch(table: str) -> Any:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # a table copy must keep AUTOINCREMENT (ids never reused, migration 0002)
    return op.batch_alter_table(
        table, table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
    )


def upgrade() -> None:
    with _batch("shot_images") as batch_op:
        batch_op.add_column(
            sa.Column("is_rejected", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("cost_usd", sa.Float(), nullable=True))
    with _batch("storyboard_selections") as batch_op:
        batch_op.add_column(sa.Column("cost_usd", sa.Float(), nullable=True))
    dialect = op.get_bind().dialect.name
    statements = (
        search_index.SQLITE_CREATE
        if dialect == "sqlite"
        else search_index.PG_CREATE
        if dialect == "postgresql"
        else []
    )
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = (
        search_index.SQLITE_DROP
        if dialect == "sqlite"
        else search_index.PG_DROP
        if dialect == "postgresql"
        else []
    )
    for statement in statements:
        op.execute(statement)
    with _batch("storyboard_selections") as batch_op:
        batch_op.drop_column("cost_usd")
    with _batch("shot_images") as batch_op:
        batch_op.drop_column("cost_usd")
        batch_op.drop_column("is_rejected")
