"""Command-line command groups; each module has `register(subparsers)`."""

from storyboard_app.commands import (
    backups,
    doctor,
    generation,
    history,
    interchange,
    media,
    output,
    projects,
)

COMMAND_MODULES = [projects, generation, history, media, output, interchange, backups, doctor]
