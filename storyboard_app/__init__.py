"""Storyboard Studio: plan a video, iterate shots in rounds of six, assemble the storyboard."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("storyboard-studio")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

APP_NAME = "Storyboard Studio"
