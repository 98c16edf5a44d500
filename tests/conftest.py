"""Shared fixtures: an isolated data folder per test, a template database migrated once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt or keyring: headless Qt, no real keyring, no real token.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("REPLICATE_API_TOKEN", None)
os.environ.pop("REPLICATE_BASE_URL", None)
os.environ.pop("STORYBOARD_PROVIDER", None)
os.environ.pop("STORYBOARD_DATABASE_URL", None)

import pytest

pytest_plugins = ["tests.fakes.fixtures"]

from storyboard_app.paths import DataPaths  # noqa: E402
from storyboard_app.store.open_store import Store, open_store  # noqa: E402


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head once per run; tests get copies."""
    root = tmp_path_factory.mktemp("template")
    store = open_store(DataPaths(root))
    store.close()
    return DataPaths(root).database


@pytest.fixture
def data_paths(tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A fresh data folder holding a copy of the template database."""
    root = tmp_path / "data"
    paths = DataPaths(root)
    paths.ensure()
    shutil.copyfile(template_db, paths.database)
    monkeypatch.setenv("STORYBOARD_DATA_DIR", str(root))
    return paths


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    s = open_store(data_paths)
    yield s
    s.close()
