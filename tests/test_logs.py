"""Logging: one file handler per process, tokens scrubbed, a vanished folder is harmless."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from storyboard_app.logs import scrub, setup_logging
from storyboard_app.paths import DataPaths

log = logging.getLogger("storyboard_app.test")


def _file_handlers() -> list[logging.Handler]:
    return [
        h
        for h in logging.getLogger("storyboard_app").handlers
        if isinstance(h, logging.FileHandler)
    ]


def test_switching_folders_replaces_the_handler_even_if_the_old_folder_is_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = DataPaths(tmp_path / "one"), DataPaths(tmp_path / "two")
    setup_logging(first)
    log.warning("into the first")
    shutil.rmtree(first.root)
    setup_logging(second)
    log.warning("into the second")
    for handler in _file_handlers():
        handler.flush()
    assert len(_file_handlers()) == 1
    assert "into the second" in (second.logs / "storyboard.log").read_text(encoding="utf-8")
    assert "Logging error" not in capsys.readouterr().err


def test_tokens_are_scrubbed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_abcdefghijklmnop")
    paths = DataPaths(tmp_path)
    setup_logging(paths)
    log.warning("calling with r8_abcdefghijklmnop and Bearer xyz123")
    for handler in _file_handlers():
        handler.flush()
    text = (paths.logs / "storyboard.log").read_text(encoding="utf-8")
    assert "r8_abcdefghijklmnop" not in text and "xyz123" not in text
    assert scrub('{"token": "secret-value"}') == '{"token": "[token]"}'
