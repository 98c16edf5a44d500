"""Errors the services raise, each with a message a user can act on."""


class StoryboardError(Exception):
    """Base of every expected failure; `str()` is the message shown to the user."""


class NotFoundError(StoryboardError):
    """A project, scene, shot or image id that does not exist."""


class InvalidInputError(StoryboardError):
    """Input the user can correct (empty title, position out of range, …)."""


class EnvironmentProblemError(StoryboardError):
    """The machine is in the way: disk full, folder read-only, database locked."""


class DatabaseTooNewError(StoryboardError):
    """The database was written by a newer version of the app."""


class CorruptDatabaseError(StoryboardError):
    """The database file cannot be read as a database."""
