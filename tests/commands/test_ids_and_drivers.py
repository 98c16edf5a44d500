"""Ids beyond 64 bits are usage errors; a PostgreSQL URL without its driver says what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyboard_app.cli import run
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store


@pytest.mark.parametrize(
    "argv",
    [
        ["project", "show", str(2**64)],
        ["project", "show", str(2**63)],
        ["scene", "add", "99999999999999999999999", "Title"],
        ["generate", "-5"],
        ["select", "0"],
    ],
)
def test_an_id_beyond_64_bits_is_a_usage_error(
    data_paths: DataPaths, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert "is not an id" in err and "unexpected" not in err


def test_the_largest_id_is_accepted_and_simply_not_found(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert run(["project", "show", str(2**63 - 1)]) == 1
    err = capsys.readouterr().err
    assert "There is no project" in err and err.count("\n") == 1


def _cli_without_psycopg2(tmp_path: Path, url: str) -> subprocess.CompletedProcess[str]:
    # A machine without the driver: an importable `psycopg2` that fails like a missing one.
    shadow = tmp_path / "no_driver"
    (shadow / "psycopg2").mkdir(parents=True)
    (shadow / "psycopg2" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'psycopg2'\", name='psycopg2')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(shadow), str(root)]),
        "STORYBOARD_DATABASE_URL": url,
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "storyboard_app",
            "--data-dir",
            str(tmp_path / "d"),
            "project",
            "list",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    "url", ["postgresql://studio@localhost/storyboard", "postgresql+pg8000://studio@db/sb"]
)
def test_a_postgresql_url_without_its_driver_names_the_extra(tmp_path: Path, url: str) -> None:
    done = _cli_without_psycopg2(tmp_path, url)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "pip install storyboard-studio[postgresql]" in done.stderr
    assert "unexpected" not in done.stderr and done.stdout == ""
