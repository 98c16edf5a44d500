"""the creative language: elements and their references, project look, shot fields

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-06

- `elements` (unique case-insensitive name per project) and `element_images` (up to three
  ordered references per element, each a file of the media store).
- `video_projects`: aspect_ratio, style, fps (existing projects get 16:9, no style, 24 fps).
- `scene_shots`: shot_type, angle, move, dialogue, action, notes.
- `shot_images.reference_changed`: why an image's references have changed since.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storyboard_app.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _autoincrement() -> dict[str, bool]:
    return {"sqlite_autoincrement": True} if op.get_bind().dialect.name == "sqlite" else {}


def upgrade() -> None:
    op.create_table(
        "elements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('character', 'location', 'prop', 'style')",
            name=op.f("ck_elements_element_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_elements_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elements")),
        sa.UniqueConstraint("project_id", "name_key", name="uq_elements_name"),
        **_autoincrement(),
    )
    op.create_index("ix_elements_by_project", "elements", ["project_id"], unique=False)
    op.create_table(
        "element_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("storage_id", sa.String(length=64), nullable=False),
        sa.Column("source_image_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "position BETWEEN 0 AND 2", name=op.f("ck_element_images_position_range")
        ),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["elements.id"],
            name=op.f("fk_element_images_element_id_elements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_image_id"],
            ["shot_images.id"],
            name=op.f("fk_element_images_source_image_id_shot_images"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_element_images")),
        sa.UniqueConstraint("element_id", "position", name="uq_element_images_position"),
        **_autoincrement(),
    )
    with op.batch_alter_table("video_projects") as batch_op:
        batch_op.add_column(
            sa.Column("aspect_ratio", sa.String(length=8), server_default="16:9", nullable=False)
        )
        batch_op.add_column(sa.Column("style", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("fps", sa.Integer(), server_default="24", nullable=False))
    with op.batch_alter_table("scene_shots") as batch_op:
        batch_op.add_column(sa.Column("shot_type", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("angle", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("move", sa.String(length=16), nullable=True))
        for column in ("dialogue", "action", "notes"):
            batch_op.add_column(sa.Column(column, sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("shot_images") as batch_op:
        batch_op.add_column(sa.Column("reference_changed", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shot_images") as batch_op:
        batch_op.drop_column("reference_changed")
    with op.batch_alter_table("scene_shots") as batch_op:
        for column in ("notes", "action", "dialogue", "move", "angle", "shot_type"):
            batch_op.drop_column(column)
    with op.batch_alter_table("video_projects") as batch_op:
        for column in ("fps", "style", "aspect_ratio"):
            batch_op.drop_column(column)
    op.drop_table("element_images")
    op.drop_index("ix_elements_by_project", table_name="elements")
    op.drop_table("elements")
