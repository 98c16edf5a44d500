"""A throwaway PostgreSQL server for the tests: its own data folder, a Unix socket, no TCP."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 5432  # only names the socket file: the server listens on no TCP port


def _bin_dir() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError(
            "The PostgreSQL server programs (initdb, pg_ctl) are not installed; "
            "scripts/setup.sh installs them (the Debian package postgresql)."
        )
    return Path(initdb).parent


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


class PostgresServer:
    """A running server; `url(name)` after `create_database(name)`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def create_database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg2

        name = f"storyboard_{uuid.uuid4().hex[:12]}"
        connection = psycopg2.connect(
            dbname="postgres", user="postgres", host=str(self.folder), port=PORT
        )
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return f"postgresql+psycopg2://postgres@/{name}?host={self.folder}&port={PORT}"


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a server in a new folder under the system's temporary folder; stop and remove it."""
    bin_dir = _bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="storyboard-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    try:
        try:
            subprocess.run(
                _as_server_user(
                    [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
                ),
                **run,  # type: ignore[call-overload]
            )
            subprocess.run(
                _as_server_user(
                    [
                        str(bin_dir / "pg_ctl"),
                        "start",
                        "-w",
                        "-D",
                        str(data),
                        "-l",
                        str(folder / "server.log"),
                        "-o",
                        f"-p {PORT} -k {folder} -c listen_addresses='' -c fsync=off",
                    ]
                ),
                **run,  # type: ignore[call-overload]
            )
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr or exc.stdout}") from exc
        yield PostgresServer(folder)
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
