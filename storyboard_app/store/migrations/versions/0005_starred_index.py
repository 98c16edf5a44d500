"""the scenes board: find each shot's latest starred image without reading every image

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

- `ix_shot_images_starred`: (shot_id, id) of starred images only (a partial index; starred
  images are few, so it stays small).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_shot_images_starred",
        "shot_images",
        ["shot_id", "id"],
        sqlite_where=sa.text("is_favorite = 1"),
        postgresql_where=sa.text("is_favorite"),
    )


def downgrade() -> None:
    op.drop_index("ix_shot_images_starred", table_name="shot_images")
