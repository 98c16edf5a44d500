"""Alembic environment: runs against the engine the app passes in, in batch mode for SQLite."""

from alembic import context
from sqlalchemy import create_engine

from storyboard_app.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # the `alembic` command line, for developers
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Batch mode copies tables; foreign keys must be off while it does.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
