"""Fixtures of the interchange tests: a database dump to compare, fixture exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storyboard_app.store.models import Base
from storyboard_app.store.open_store import Store
from tests.interchange.builders import ExportData, legacy_project, v2_project


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for before/after comparisons."""
    with store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def export_data() -> ExportData:
    data = ExportData()
    v2_project(data)
    legacy_project(data)
    return data


@pytest.fixture
def export_zip(tmp_path: Path, export_data: ExportData) -> Path:
    return export_data.write(tmp_path / "backup.zip")
