"""What can be wrong with a Storyboarder file or folder: one error type per failure.

Every message is one line a creator can act on and ends by saying nothing was imported.
"""

from __future__ import annotations

from storyboard_app.domain.errors import InvalidInputError

NOTHING = "Nothing was imported."


class StoryboarderError(InvalidInputError):
    """Base of every refused Storyboarder input; the database is unchanged."""


class StoryboarderNotFoundError(StoryboarderError):
    """The path does not exist, or a folder holds no Storyboarder project."""


class StoryboarderTooLargeError(StoryboarderError):
    """A file is over the size limit (a .storyboarder file, a script, a board image)."""


class StoryboarderBinaryError(StoryboarderError):
    """The file holds binary data, not the text of a .storyboarder file."""


class StoryboarderNotJsonError(StoryboarderError):
    """The file is text but not JSON."""


class NotStoryboarderProjectError(StoryboarderError):
    """JSON, but not a Storyboarder project (no boards, or boards of the wrong shape)."""


class StoryboarderSceneMissingError(StoryboarderError):
    """A scene folder of a multi-scene project has no .storyboarder file."""
