"""data safety: store identity, ids never reused, unique scene and shot numbers

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

- `store_identity`: the UUID of the data folder this database belongs to (the media folder
  holds the same UUID), so `media gc` can refuse a database that is not the store's own.
- SQLite tables get AUTOINCREMENT (a table copy in batch mode): a deleted id is never given
  again. PostgreSQL sequences never reuse ids already.
- Unique (project, scene number) and (scene, shot number); numbers a concurrent add left
  duplicated are renumbered 1..n first, in the order of (number, id).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storyboard_app.store.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents first, so each copied table finds the tables it points to.
ID_TABLES = (
    "video_projects",
    "project_scenes",
    "scene_shots",
    "shot_images",
    "storyboard_selections",
    "scenes",
    "video_clips",
)
# A number no real scene or shot has: renumbering passes through it, never through a
# number another row still holds (the unique constraint is checked row by row).
_TEMPORARY = 1_000_000_000


def _renumber(table: str, parent: str, column: str) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, {parent}, {column} FROM {table} ORDER BY {parent}, {column}, id")
    ).all()
    wanted: list[tuple[int, int]] = []
    number, last_parent = 0, None
    for row_id, parent_id, current in rows:
        number = 1 if parent_id != last_parent else number + 1
        last_parent = parent_id
        if current != number:
            wanted.append((row_id, number))
    for step in (_TEMPORARY, 0):
        for row_id, new in wanted:
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :n WHERE id = :id"),
                {"n": new + step, "id": row_id},
            )


def upgrade() -> None:
    op.create_table(
        "store_identity",
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_identity")),
    )
    _renumber("project_scenes", "project_id", "scene_number")
    _renumber("scene_shots", "scene_id", "shot_number")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ID_TABLES:
        with op.batch_alter_table(
            table,
            recreate="always" if sqlite else "auto",
            table_kwargs={"sqlite_autoincrement": True} if sqlite else {},
        ) as batch_op:
            if table == "project_scenes":
                batch_op.create_unique_constraint(
                    "uq_project_scenes_number", ["project_id", "scene_number"]
                )
            elif table == "scene_shots":
                batch_op.create_unique_constraint(
                    "uq_scene_shots_number", ["scene_id", "shot_number"]
                )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(ID_TABLES):
        with op.batch_alter_table(
            table,
            recreate="always" if sqlite else "auto",
            table_kwargs={"sqlite_autoincrement": False} if sqlite else {},
        ) as batch_op:
            if table == "project_scenes":
                batch_op.drop_constraint("uq_project_scenes_number", type_="unique")
            elif table == "scene_shots":
                batch_op.drop_constraint("uq_scene_shots_number", type_="unique")
    op.drop_table("store_identity")
