"""Telling a plain GUI start from a command, without importing the command line (start-up)."""

from __future__ import annotations


def gui_only(argv: list[str]) -> tuple[bool, str | None]:
    """(True, data dir) when `argv` holds nothing but `--data-dir`: the GUI starts without
    importing argparse, json and every command module."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > 11:
        return True, argv[0].split("=", 1)[1]
    return False, None
