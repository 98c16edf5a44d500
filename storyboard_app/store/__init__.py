"""Persistence: SQLAlchemy models, engine and sessions, migrations, services. No Qt."""
