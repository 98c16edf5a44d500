"""What every export says on the command line about a shot with no final image yet: what
that export did with it, in creator words, with no database id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyboard_app.paths import DataPaths
from tests.conftest import cli
from tests.exports.conftest import Fixture

NO_ID = re.compile(r"\bids?\b|\(id |\b[0-9a-f]{12,}\b")


def test_each_export_says_what_it_did_with_a_shot_without_a_final(
    capfd: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    project = str(storyboard_project.project_id)
    done = cli(capfd, data_paths, "export", project, "--storyboarder", str(tmp_path / "sb"))
    assert done.code == 0, done.err
    notes = [line for line in done.out.splitlines() if line.startswith("Note: ")]
    assert notes == ["Note: Scene 2, shot 2 has no final image yet: a blank board."]

    args = ["--editorial", str(tmp_path / "ed"), "--otio", str(tmp_path / "cut.otio")]
    args += ["--images", str(tmp_path / "images"), "--csv", str(tmp_path / "shots.csv")]
    args += ["--pdf", str(tmp_path / "board.pdf"), "--bundle", str(tmp_path / "b.zip")]
    done = cli(capfd, data_paths, "export", project, *args, "--json")
    assert done.code == 0, done.err
    notes = done.json()["notes"]
    assert notes == [
        "Scene 2, shot 2 has no final image yet: no file in the images folder.",
        "Scene 2, shot 2 has no final image yet: a gap in the timeline.",
        "Scene 2, shot 2 has no final image yet: a blank panel.",
    ]
    assert not any(NO_ID.search(note) for note in notes), notes
    assert "Skipped" not in done.out
