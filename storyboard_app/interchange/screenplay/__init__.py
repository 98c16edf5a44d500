"""Screenplays in: Fountain and Final Draft (.fdx) read into a draft of scenes and shots.

`read_script_draft(path)` reads and checks the file (size, text or XML, not empty), parses it
(`fountain`, `fdx`) into a `Script`, and turns that into the planner's `OutlineDraft`
(`to_outline`); nothing touches the database. `write_script` (in `importing`) writes an
accepted draft into a new project or after the scenes of an existing one, in one transaction.
"""

from storyboard_app.interchange.screenplay.importing import (
    ScriptDraft,
    ScriptImportReport,
    read_script_draft,
    write_script,
)
from storyboard_app.interchange.screenplay.reading import MAX_SCRIPT_BYTES

__all__ = [
    "MAX_SCRIPT_BYTES",
    "ScriptDraft",
    "ScriptImportReport",
    "read_script_draft",
    "write_script",
]
