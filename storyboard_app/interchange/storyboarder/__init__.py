"""Storyboarder projects both ways: `import_storyboarder` (a .storyboarder file or a
multi-scene project folder into a new project) and `write_storyboarder` (a project folder
Storyboarder opens). Qt-free; both block, so callers run them off the GUI thread.
"""

from storyboard_app.interchange.storyboarder.importing import import_storyboarder
from storyboard_app.interchange.storyboarder.report import (
    StoryboarderExport,
    StoryboarderImportReport,
)
from storyboard_app.interchange.storyboarder.writing import (
    BoardOut,
    ProjectOut,
    SceneOut,
    write_storyboarder,
)

__all__ = [
    "BoardOut",
    "ProjectOut",
    "SceneOut",
    "StoryboarderExport",
    "StoryboarderImportReport",
    "import_storyboarder",
    "write_storyboarder",
]
