"""The README's command-line example runs as written from a fresh data folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from storyboard_app.cli import run

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks() -> tuple[str, list[list[str]]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    notes = re.search(r"```text\n(.*?)```", section, re.S)
    script = re.search(r"this runs as written.*?```sh\n(.*?)```", section, re.S)
    assert notes and script, "the README's example moved"
    commands: list[list[str]] = []
    for line in script.group(1).replace("\\\n", " ").splitlines():
        line = line.split("  #")[0].strip()
        for part in filter(None, (p.strip() for p in line.split("&&"))):
            argv = shlex.split(part)
            assert argv[0] == "storyboard-app", part
            commands.append(argv[1:])
    return notes.group(1), commands


def test_the_readme_example_runs_as_written(
    data_paths: object,
    offline_provider: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes, commands = _blocks()
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.md").write_text(notes, encoding="utf-8")
    monkeypatch.chdir(work)
    assert len(commands) >= 20
    for argv in commands:
        code = run(argv)
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        if argv[:1] == ["search"]:
            assert out.count("at dusk") == 6 and "image 10 " in out  # the refined round
    for made in ("film.mp4", "board.pdf", "edit.otio", "shots.csv", "film.zip"):
        assert (work / made).stat().st_size > 0, made
    assert [p.name for p in (work / "finals").iterdir()] == [  # the one final pick, shot 1
        "S01_SH01_gulls-circle-the-lighthouse.png"
    ]
