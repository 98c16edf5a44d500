"""`animate` and `export` when things go wrong: failed animations, bad paths, missing clips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.media.probe import decode
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.exports.conftest import Fixture


def test_failed_animations_exit_1_and_the_video_falls_back_to_stills(
    capsys: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    fake_replicate: Any,
    tmp_path: Path,
) -> None:
    fx = storyboard_project
    fake_replicate.latency = 0.05
    fake_replicate.set_fault("prediction", outcome="failed", times=None)
    code, out, err = cli(
        capsys, data_paths, "animate", str(fx.project_id), "--provider", "replicate", "--json"
    )
    assert code == 1
    doc = json.loads(out)
    # Only the shots without a current clip were animated; both failed with a reason.
    assert sorted(a["shot_id"] for a in doc["failed"]) == [fx.shot_ids[0], fx.shot_ids[2]]
    assert all(a["error"] for a in doc["failed"])
    assert doc["up_to_date"] == [fx.clip_shot]
    assert "r8_" not in out + err  # the token never shows

    target = tmp_path / "v.mp4"
    code, out, err = cli(capsys, data_paths, "export", str(fx.project_id), "--video", str(target))
    assert code == 0, err
    assert "animation failed" in out
    # the shot with no final image is a slate of the default length (3 s), timing kept
    assert abs(decode(target).duration - (3.0 + 1.5 + 2.0 + 3.0)) < 0.2


def test_export_without_a_target_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], data_paths: DataPaths, storyboard_project: Fixture
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli(capsys, data_paths, "export", str(storyboard_project.project_id))
    assert caught.value.code == 2
    assert "say what to export" in capsys.readouterr().err


def test_a_bad_path_fails_before_the_video_is_made(
    capsys: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    video = tmp_path / "v.mp4"
    code, _out, err = cli(
        capsys,
        data_paths,
        "export",
        str(storyboard_project.project_id),
        "--video",
        str(video),
        "--pdf",
        str(blocker / "b.pdf"),
    )
    assert code == 1
    assert err.startswith("storyboard-app: Cannot write the PDF storyboard")
    assert len(err.strip().splitlines()) == 1
    assert not video.exists()
    assert not (data_paths.cache / "normalised").exists()  # no work was started


def test_a_missing_clip_file_names_the_shot(
    capsys: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    fx = storyboard_project
    selection = next(s for s in store.storyboard.list(fx.project_id) if s.shot_id == fx.clip_shot)
    assert selection.video_storage_id is not None
    fx.media.path_for(selection.video_storage_id).unlink()
    target = tmp_path / "v.mp4"
    code, _out, err = cli(capsys, data_paths, "export", str(fx.project_id), "--video", str(target))
    assert code == 1
    assert "scene 1, shot 2" in err and "missing" in err
    assert not target.exists()


def test_animate_a_shot_without_a_final_pick_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
    data_paths: DataPaths,
    storyboard_project: Fixture,
    offline_provider: str,
) -> None:
    fx = storyboard_project
    code, _out, err = cli(
        capsys, data_paths, "animate", str(fx.project_id), "--shot", str(fx.shot_ids[3])
    )
    assert code == 1
    assert "has no final image yet" in err and "select IMAGE" in err


def test_animate_builds_the_storyboard_and_skips_current_clips(
    capsys: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    offline_provider: str,
) -> None:
    fx = storyboard_project
    # A new final pick for a shot: its selection must follow before animating.
    new_final = store.images.round(fx.shot_ids[2], 0)[0]
    store.images.select_final(new_final.id)
    code, out, err = cli(capsys, data_paths, "animate", str(fx.project_id), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert sorted(a["shot_id"] for a in doc["animated"]) == [fx.shot_ids[0], fx.shot_ids[2]]
    assert all(Path(a["video_path"]).is_file() for a in doc["animated"])
    by_shot = {s.shot_id: s for s in store.storyboard.list(fx.project_id)}
    assert by_shot[fx.shot_ids[2]].animated_image_id == new_final.id
    code, out, err = cli(capsys, data_paths, "animate", str(fx.project_id))
    assert code == 0 and "already has a current clip" in out


def test_animate_with_replicate_but_no_token_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REPLICATE_API_TOKEN", raising=False)
    before = store.storyboard.list(storyboard_project.project_id)
    code, _out, err = cli(
        capsys, data_paths, "animate", str(storyboard_project.project_id), "--provider", "replicate"
    )
    assert code == 1
    assert "token" in err.lower() and len(err.strip().splitlines()) == 1
    assert store.storyboard.list(storyboard_project.project_id) == before  # nothing queued
