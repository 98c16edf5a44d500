"""Command-line commands of the interchange area (see ../shared/CLI.md)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add this area's commands to the parser (filled in by its issue)."""
