"""The project's final video: its frame rate and aspect ratio, slates for shots without a
final image, and the burn-in from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import ImageChops, ImageStat

from storyboard_app.exports.timeline import load_timeline
from storyboard_app.exports.video import export_video, segments_for
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.exports.conftest import Fixture
from tests.media.video_checks import frame_at, moov_before_mdat, video_facts

# the fixture's shots: a still (default length), a 1.5 s clip, a still set to 2 s, a gap
DEFAULT = 3.0
LENGTHS = (DEFAULT, 1.5, 2.0, DEFAULT)


def test_a_shot_without_a_final_is_a_labelled_slate_in_the_plan(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture
) -> None:
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    plan = segments_for(timeline, DEFAULT)
    assert [s.kind for s in plan.segments] == ["still", "clip", "still", "slate"]
    slate = plan.segments[-1]
    assert slate.caption == "S02 SH02 — Gull — no final image"
    assert slate.duration == DEFAULT and slate.code == "S02 SH02"


@pytest.mark.parametrize(
    ("ratio", "fps", "size"),
    [("16:9", 24, (1280, 720)), ("9:16", 25, (720, 1280)), ("2.39:1", 30, (1280, 536))],
)
def test_the_video_has_the_projects_frame_rate_and_shape_and_keeps_the_gap(
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
    ratio: str,
    fps: int,
    size: tuple[int, int],
) -> None:
    store.projects.set_look(storyboard_project.project_id, aspect_ratio=ratio, fps=fps)
    timeline = load_timeline(store, data_paths.media, storyboard_project.project_id)
    target = tmp_path / "final.mp4"
    done = export_video(timeline, target, cache_dir=data_paths.cache, default_seconds=DEFAULT)
    facts = video_facts(target)
    assert (facts.width, facts.height) == size
    assert facts.rate == fps
    assert moov_before_mdat(facts.boxes) and facts.start == 0 and facts.first_frame == 0
    expected = sum(LENGTHS)  # the gap's slate included
    assert abs(facts.video_duration - expected) <= 1.5 / fps, (facts, expected)
    assert done.slates == 1 and done.stills == 2 and done.clips == 1


def test_export_burn_in_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    project = str(storyboard_project.project_id)
    plain, burnt = tmp_path / "plain.mp4", tmp_path / "burnt.mp4"
    code, out, err = cli(capsys, data_paths, "export", project, "--video", str(plain), "--json")
    assert code == 0, err
    assert json.loads(out)["video"]["slates"] == 1
    code, out, err = cli(
        capsys, data_paths, "export", project, "--video", str(burnt), "--burn-in", "--json"
    )
    assert code == 0, err
    facts = video_facts(burnt)
    assert moov_before_mdat(facts.boxes) and facts.first_frame == 0
    a = frame_at(plain, 1.0).to_image().convert("L")
    b = frame_at(burnt, 1.0).to_image().convert("L")
    w, h = a.size
    corner = (0, h - h // 10, w // 4, h)
    assert ImageStat.Stat(ImageChops.difference(a.crop(corner), b.crop(corner))).mean[0] > 5
