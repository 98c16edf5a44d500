"""Storyboard Studio: plan a video, iterate shots in rounds of six, assemble the storyboard."""

from typing import Any

APP_NAME = "Storyboard Studio"


def _read_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("storyboard-studio")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+source"


def __getattr__(name: str) -> Any:
    """`__version__` is looked up on first use: importlib.metadata costs start-up time."""
    if name == "__version__":
        version = _read_version()
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
