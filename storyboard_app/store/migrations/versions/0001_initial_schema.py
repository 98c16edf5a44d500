"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storyboard_app.store.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "video_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("thumbnail_url", sa.Text(), nullable=True),
        sa.Column("final_video_url", sa.Text(), nullable=True),
        sa.Column(
            "workflow_version",
            sa.Enum(
                "v1_legacy",
                "v2_redesign",
                name="workflow_version",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("prompt_planner_data", sa.Text(), nullable=True),
        sa.Column(
            "redesign_status",
            sa.Enum(
                "prompt_planning",
                "scenes_setup",
                "shot_iteration",
                "storyboard_final",
                "animation_complete",
                name="redesign_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_projects")),
        sa.UniqueConstraint("source_id", name=op.f("uq_video_projects_source_id")),
    )
    op.create_table(
        "project_scenes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "scene_number >= 1", name=op.f("ck_project_scenes_scene_number_positive")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_project_scenes_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_scenes")),
        sa.UniqueConstraint("source_id", name=op.f("uq_project_scenes_source_id")),
    )
    with op.batch_alter_table("project_scenes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_project_scenes_by_project", ["project_id", "scene_number"], unique=False
        )

    op.create_table(
        "scene_shots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("shot_number", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("initial_prompt", sa.Text(), nullable=False),
        sa.Column("selected_image_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("shot_number >= 1", name=op.f("ck_scene_shots_shot_number_positive")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_scene_shots_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"],
            ["project_scenes.id"],
            name=op.f("fk_scene_shots_scene_id_project_scenes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scene_shots")),
        sa.UniqueConstraint("source_id", name=op.f("uq_scene_shots_source_id")),
    )
    with op.batch_alter_table("scene_shots", schema=None) as batch_op:
        batch_op.create_index("ix_scene_shots_by_project", ["project_id"], unique=False)
        batch_op.create_index("ix_scene_shots_by_scene", ["scene_id", "shot_number"], unique=False)

    op.create_table(
        "scenes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("image_storage_id", sa.String(length=64), nullable=True),
        sa.Column("replicate_image_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("archived_at", storyboard_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("migrated_scene_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["migrated_scene_id"],
            ["project_scenes.id"],
            name=op.f("fk_scenes_migrated_scene_id_project_scenes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_scenes_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenes")),
        sa.UniqueConstraint("source_id", name=op.f("uq_scenes_source_id")),
    )
    with op.batch_alter_table("scenes", schema=None) as batch_op:
        batch_op.create_index("ix_scenes_by_project", ["project_id", "scene_number"], unique=False)

    op.create_table(
        "shot_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("shot_id", sa.Integer(), nullable=False),
        sa.Column("iteration_number", sa.Integer(), nullable=False),
        sa.Column("variant_number", sa.Integer(), nullable=False),
        sa.Column("image_url", sa.Text(), nullable=False),
        sa.Column("image_storage_id", sa.String(length=64), nullable=True),
        sa.Column("iteration_prompt", sa.Text(), nullable=False),
        sa.Column("parent_image_id", sa.Integer(), nullable=True),
        sa.Column("replicate_image_id", sa.String(length=64), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "processing",
                "complete",
                "failed",
                name="image_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("is_favorite", sa.Boolean(), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("iteration_number >= 0", name=op.f("ck_shot_images_iteration_positive")),
        sa.CheckConstraint(
            "variant_number BETWEEN 0 AND 5", name=op.f("ck_shot_images_variant_range")
        ),
        sa.ForeignKeyConstraint(
            ["parent_image_id"],
            ["shot_images.id"],
            name=op.f("fk_shot_images_parent_image_id_shot_images"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_shot_images_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"],
            ["project_scenes.id"],
            name=op.f("fk_shot_images_scene_id_project_scenes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shot_id"],
            ["scene_shots.id"],
            name=op.f("fk_shot_images_shot_id_scene_shots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shot_images")),
        sa.UniqueConstraint(
            "shot_id", "iteration_number", "variant_number", name="uq_shot_images_by_shot"
        ),
        sa.UniqueConstraint("source_id", name=op.f("uq_shot_images_source_id")),
    )
    with op.batch_alter_table("shot_images", schema=None) as batch_op:
        batch_op.create_index("ix_shot_images_by_parent", ["parent_image_id"], unique=False)
        batch_op.create_index("ix_shot_images_by_project", ["project_id"], unique=False)
        batch_op.create_index("ix_shot_images_by_scene", ["scene_id"], unique=False)
        batch_op.create_index("ix_shot_images_by_status", ["status"], unique=False)

    # scene_shots <-> shot_images reference each other: the final-pick key comes second.
    with op.batch_alter_table("scene_shots", schema=None) as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_scene_shots_selected_image_id_shot_images"),
            "shot_images",
            ["selected_image_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "video_clips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("video_url", sa.Text(), nullable=True),
        sa.Column("video_storage_id", sa.String(length=64), nullable=True),
        sa.Column("replicate_video_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("archived_at", storyboard_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_video_clips_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"],
            ["scenes.id"],
            name=op.f("fk_video_clips_scene_id_scenes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_clips")),
        sa.UniqueConstraint("source_id", name=op.f("uq_video_clips_source_id")),
    )
    with op.batch_alter_table("video_clips", schema=None) as batch_op:
        batch_op.create_index("ix_video_clips_by_project", ["project_id"], unique=False)
        batch_op.create_index("ix_video_clips_by_scene", ["scene_id"], unique=False)

    op.create_table(
        "storyboard_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("shot_id", sa.Integer(), nullable=False),
        sa.Column("selected_image_id", sa.Integer(), nullable=False),
        sa.Column(
            "animation_status",
            sa.Enum(
                "pending",
                "processing",
                "complete",
                "failed",
                name="animation_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("animated_video_url", sa.Text(), nullable=True),
        sa.Column("replicate_video_id", sa.String(length=64), nullable=True),
        sa.Column("video_storage_id", sa.String(length=64), nullable=True),
        sa.Column("animated_image_id", sa.Integer(), nullable=True),
        sa.Column("stale_reason", sa.Text(), nullable=True),
        sa.Column("motion_prompt", sa.Text(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("animation_params", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storyboard_app.store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "duration_seconds IS NULL OR duration_seconds > 0",
            name=op.f("ck_storyboard_selections_duration_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["animated_image_id"],
            ["shot_images.id"],
            name=op.f("fk_storyboard_selections_animated_image_id_shot_images"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["video_projects.id"],
            name=op.f("fk_storyboard_selections_project_id_video_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"],
            ["project_scenes.id"],
            name=op.f("fk_storyboard_selections_scene_id_project_scenes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["selected_image_id"],
            ["shot_images.id"],
            name=op.f("fk_storyboard_selections_selected_image_id_shot_images"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shot_id"],
            ["scene_shots.id"],
            name=op.f("fk_storyboard_selections_shot_id_scene_shots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storyboard_selections")),
        sa.UniqueConstraint("shot_id", name="uq_storyboard_selections_shot_id"),
        sa.UniqueConstraint("source_id", name=op.f("uq_storyboard_selections_source_id")),
    )
    with op.batch_alter_table("storyboard_selections", schema=None) as batch_op:
        batch_op.create_index("ix_storyboard_selections_by_project", ["project_id"], unique=False)
        batch_op.create_index("ix_storyboard_selections_by_scene", ["scene_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("storyboard_selections", schema=None) as batch_op:
        batch_op.drop_index("ix_storyboard_selections_by_scene")
        batch_op.drop_index("ix_storyboard_selections_by_project")

    op.drop_table("storyboard_selections")
    with op.batch_alter_table("video_clips", schema=None) as batch_op:
        batch_op.drop_index("ix_video_clips_by_scene")
        batch_op.drop_index("ix_video_clips_by_project")

    op.drop_table("video_clips")
    with op.batch_alter_table("shot_images", schema=None) as batch_op:
        batch_op.drop_index("ix_shot_images_by_status")
        batch_op.drop_index("ix_shot_images_by_scene")
        batch_op.drop_index("ix_shot_images_by_project")
        batch_op.drop_index("ix_shot_images_by_parent")

    op.drop_table("shot_images")
    with op.batch_alter_table("scenes", schema=None) as batch_op:
        batch_op.drop_index("ix_scenes_by_project")

    op.drop_table("scenes")
    with op.batch_alter_table("scene_shots", schema=None) as batch_op:
        batch_op.drop_index("ix_scene_shots_by_scene")
        batch_op.drop_index("ix_scene_shots_by_project")

    op.drop_table("scene_shots")
    with op.batch_alter_table("project_scenes", schema=None) as batch_op:
        batch_op.drop_index("ix_project_scenes_by_project")

    op.drop_table("project_scenes")
    op.drop_table("video_projects")
