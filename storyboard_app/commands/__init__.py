"""Command-line command groups; each module has `register(subparsers)`."""

from storyboard_app.commands import (
    backups,
    creative,
    doctor,
    generation,
    history,
    interchange,
    media,
    output,
    projects,
)

COMMAND_MODULES = [
    projects,
    creative,
    generation,
    history,
    media,
    output,
    interchange,
    backups,
    doctor,
]
