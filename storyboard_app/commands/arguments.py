"""Argument types shared by the command groups."""

from __future__ import annotations

import argparse

MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL (bigint) can hold


def row_id(text: str) -> int:
    """A project, scene, shot or image id: a whole number from 1 to 2**63-1 (else exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"{text} is not an id: ids are whole numbers from 1 to {MAX_ID}"
        )
    return value
