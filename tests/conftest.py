"""Shared fixtures: an isolated data folder per test, a template database migrated once; and
`cli()`, the one way tests run the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

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


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp: Any) -> Any:
    """pytest-qt's QApplication, made first in every worker. An in-process PDF export
    (exports/pdf.py) otherwise starts a QGuiApplication of its own, and every widget test
    that runs later in the same worker aborts ("cannot create a QWidget")."""
    return qapp


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


ROOT = Path(__file__).resolve().parents[1]


class CliResult(NamedTuple):
    """What one command line run left: its exit code, standard output and standard error."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Standard output read as the JSON document of `--json`."""
        return json.loads(self.out)


def cli(
    capture: pytest.CaptureFixture[str] | None,
    data: DataPaths | None,
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CliResult:
    """Run `storyboard-app ARGS` and return its exit code and output.

    With `capture` (pytest's `capsys`, or `capfd` when native code writes to the file
    descriptors), the command runs in this process through `storyboard_app.cli.run`; with
    None, as a real `python -m storyboard_app` child process (environment `env` added), for
    the tests about exit codes, signals and the entry point. `data` adds `--data-dir`
    (None: STORYBOARD_DATA_DIR, which the `data_paths` fixture sets, applies).
    """
    argv = ["--data-dir", str(data.root), *args] if data is not None else list(args)
    if capture is None:
        done = subprocess.run(
            [sys.executable, "-m", "storyboard_app", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)
    from storyboard_app.cli import run

    assert env is None, "an environment applies to a child process only"
    capture.readouterr()  # drop what came before
    code = run(argv)
    out = capture.readouterr()
    return CliResult(code, out.out, out.err)
