"""`backup` and `restore BACKUP`: a checked copy of the database now, or back to one."""

from __future__ import annotations

import argparse
import os
from typing import Any

from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import InvalidInputError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "backup",
        help="make a checked backup of the database now (`doctor` lists them)",
        description="Copies the database into the backups folder with the sqlite3 backup API "
        "and checks the copy; the last 7 daily and 4 weekly backups are kept.",
    )
    p.add_argument("--json", action="store_true", help="print only the result as JSON")
    p.set_defaults(handler=backup)

    p = sub.add_parser(
        "restore",
        help="replace the database by a backup (the current file is kept aside)",
        description="Checks the backup with PRAGMA integrity_check, renames the current "
        "database (and its -wal/-shm files) aside beside it, and puts a copy of the backup in "
        "its place. Close every Storyboard Studio window first.",
    )
    p.add_argument("backup", metavar="BACKUP", help="a file name from `doctor`'s list, or a path")
    p.add_argument("--json", action="store_true", help="print only the result as JSON")
    p.set_defaults(handler=restore)


def _sqlite_only() -> None:
    from storyboard_app.store.open_store import DATABASE_URL_ENV

    if os.environ.get(DATABASE_URL_ENV):
        raise InvalidInputError(
            f"{DATABASE_URL_ENV} points at a server database; back it up and restore it with "
            "the server's own tools."
        )


def backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    _sqlite_only()
    store = ctx.store
    store.require_writable()
    made = store.backup("bulk")
    if args.json:
        ctx.print_json({"backup": str(made) if made else None})
    else:
        print(f"Backed up to {made}." if made else "There is no database to back up yet.")
    return 0


def restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.domain.errors import EnvironmentProblemError
    from storyboard_app.store.backups import find_backup
    from storyboard_app.store.backups import restore as restore_file

    _sqlite_only()
    paths = ctx.paths
    chosen = find_backup(paths.backups, args.backup)
    if not os.access(paths.root, os.W_OK):
        raise EnvironmentProblemError(
            f"The data folder {paths.root} is read-only; nothing was restored. Make it "
            "writable first."
        )
    aside = restore_file(paths.database, chosen)
    if args.json:
        ctx.print_json({"restored": str(chosen), "previous": str(aside) if aside else None})
    else:
        print(f"Restored the database from {chosen.name}.")
        if aside is not None:
            print(f"The previous database file was kept as {aside}.")
    return 0
