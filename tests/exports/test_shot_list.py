"""The CSV shot list reads back with `csv`: every column, timecodes that add up at the
project's frame rate from 01:00:00:00, the same file names as the images export."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from storyboard_app.domain.time_format import timecode
from storyboard_app.exports.images import export_images
from storyboard_app.exports.shot_list import COLUMNS, export_csv
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.exports.conftest import Fixture


def _frames(tc: str, fps: int) -> int:
    hours, minutes, seconds, frames = (int(part) for part in tc.split(":"))
    return ((hours * 60 + minutes) * 60 + seconds) * fps + frames


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_timecode_counts_frames_from_one_hour() -> None:
    assert timecode(0, 24) == "01:00:00:00"
    assert timecode(23, 24) == "01:00:00:23"
    assert timecode(24, 24) == "01:00:01:00"
    assert timecode(25 * 61 + 3, 25) == "01:01:01:03"
    assert timecode(30 * 3600, 30) == "02:00:00:00"


def test_the_shot_list_has_every_column_and_timecodes_that_add_up(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    store.projects.set_look(fx.project_id, fps=25)
    timeline = load_timeline(store, data_paths.media, fx.project_id)
    rows = _read(export_csv(timeline, tmp_path / "s.csv", 3.0).path)

    assert {r["project"] for r in rows} == {"Lighthouse at dusk"}
    titles = ["Wide establishing", "Keeper on stairs", "Lamp close-up", "Gull"]
    assert [r["title"] for r in rows] == titles
    # whole frames at 25 fps, as the video counts them: the 1.5 s clip is 38 frames
    assert [r["duration"] for r in rows] == ["3.00", "1.52", "2.00", "3.00"]
    assert rows[0]["timecode_in"] == "01:00:00:00"
    for row, after in itertools.pairwise(rows):
        assert after["timecode_in"] == row["timecode_out"]  # no holes, no overlaps
    for row in rows:
        length = _frames(row["timecode_out"], 25) - _frames(row["timecode_in"], 25)
        assert length == round(float(row["duration"]) * 25)
    assert rows[-1]["timecode_out"] == "01:00:09:13"  # 75 + 38 + 50 + 75 = 238 frames

    # the same names as the images export; the animated shot names its clip
    images = export_images(timeline, tmp_path / "images")
    stills = {p.name for p in images.files}
    assert rows[0]["file_name"] in stills and rows[2]["file_name"] in stills
    assert rows[1]["file_name"] == "S01_SH02_keeper-on-stairs.mp4"
    assert rows[3]["file_name"] == ""  # no final image, no file

    assert rows[0]["seed"] == "1004" and rows[0]["model"] == "black-forest-labs/flux-schnell"
    assert rows[3]["seed"] == rows[3]["model"] == ""


def test_a_title_in_any_script_and_formula_cells_are_kept_safe(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    scene = store.scenes.list(fx.project_id)[1]
    store.scenes.add_shot(scene.id, "-1+2", "+夜明け café")
    store.scenes.add_shot(scene.id, "tab", "\tcmd")
    timeline = load_timeline(store, data_paths.media, fx.project_id)
    rows = _read(export_csv(timeline, tmp_path / "s.csv", 3.0).path)
    added, tabbed = rows[-2], rows[-1]
    assert added["title"] == "'+夜明け café" and added["prompt"] == "'-1+2"
    assert tabbed["title"] == "cmd" and tabbed["description"] == "'\tcmd"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())
