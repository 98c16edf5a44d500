"""`generate`, `resume` and `media verify|gc` on the command line, in real subprocesses."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate
from tests.generation.conftest import ShotIds

ROOT = Path(__file__).resolve().parents[2]


def test_generate_offline_json(offline_provider: str, data_paths: DataPaths, shot: ShotIds) -> None:
    result = cli(None, data_paths, "generate", str(shot.shot), "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["ok"] and doc["provider"] == "offline" and doc["failed"] == []
    assert [i["status"] for i in doc["images"]] == ["complete"] * 6
    assert all(Path(i["file_path"]).is_file() for i in doc["images"])
    refine = cli(
        None, data_paths, "generate", str(shot.shot), "--from", str(doc["images"][0]["id"]),
        "--prompt", "at night", "--strength", "0.3", "--json",
    )  # fmt: skip
    assert refine.code == 0, refine.err
    assert json.loads(refine.out)["iteration_number"] == 1


def test_generate_reports_failures_and_exit_1(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds
) -> None:
    fake_replicate.set_fault("create", status=402, times=None)
    result = cli(None, data_paths, "generate", str(shot.shot), "--json")
    assert result.code == 1
    doc = json.loads(result.out)
    assert not doc["ok"] and len(doc["failed"]) == 6
    assert "out of credit" in doc["failed"][0]["error"]
    assert "out of credit" in result.err
    assert DEFAULT_TOKEN not in result.out + result.err
    log = data_paths.logs / "storyboard.log"
    assert not log.exists() or DEFAULT_TOKEN not in log.read_text()


def test_bad_strength_is_a_clear_error(
    offline_provider: str, data_paths: DataPaths, shot: ShotIds
) -> None:
    result = cli(None, data_paths, "generate", str(shot.shot), "--strength", "3")
    assert result.code == 1 and "between 0 and 1" in result.err


def test_killed_generate_is_finished_by_resume_without_resubmitting(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, store: Store
) -> None:
    fake_replicate.latency = 2.0
    process = subprocess.Popen(
        [sys.executable, "-m", "storyboard_app", "--data-dir", str(data_paths.root),
         "generate", str(shot.shot)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            images = store.images.for_shot(shot.shot)
            if len(images) == 6 and all(i.replicate_image_id for i in images):
                break
            assert process.poll() is None, "generate ended before it could be killed"
            time.sleep(0.02)  # polling another process, not a Qt event loop
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert all(i.status.is_active for i in store.images.for_shot(shot.shot))
    assert fake_replicate.created_count == 6
    result = cli(None, data_paths, "resume", "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert [i["status"] for i in doc["images"]] == ["complete"] * 6
    assert all(i.status == ImageStatus.COMPLETE for i in store.images.for_shot(shot.shot))
    assert fake_replicate.created_count == 6  # exactly six predictions, none resubmitted


def test_media_verify_and_gc(offline_provider: str, data_paths: DataPaths, shot: ShotIds) -> None:
    generated = json.loads(cli(None, data_paths, "generate", str(shot.shot), "--json").out)
    ok = cli(None, data_paths, "media", "verify", "--json")
    assert ok.code == 0 and json.loads(ok.out)["checked"] == 6
    stray = data_paths.media / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left over")
    dry = json.loads(cli(None, data_paths, "media", "gc", "--dry-run", "--json").out)
    assert dry["dry_run"] and dry["removed"] == [stray.name] and stray.exists()
    done = json.loads(cli(None, data_paths, "media", "gc", "--json").out)
    assert done["removed"] == [stray.name] and not stray.exists() and done["kept"] == 6
    victim = Path(generated["images"][3]["file_path"])
    victim.write_bytes(victim.read_bytes()[:100])
    bad = cli(None, data_paths, "media", "verify", "--json")
    assert bad.code == 1
    corrupt = json.loads(bad.out)["corrupt"]
    assert [c["storage_id"] for c in corrupt] == [victim.name]
    assert corrupt[0]["referenced_by"] == [
        f"shot_images.image_storage_id#{generated['images'][3]['id']}"
    ]


def test_resume_text_counts_variants_one_to_six_like_the_iterator(
    offline_provider: str,
    data_paths: DataPaths,
    shot: ShotIds,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = GenerationEngine.for_paths(store, data_paths)
    planned = engine.plan_round(shot.shot)  # interrupted before any variant ran
    assert sorted(r.variant_number for r in planned) == [0, 1, 2, 3, 4, 5]
    resumed = cli(capsys, None, "resume")
    assert resumed.code == 0
    out = resumed.out
    for row in planned:
        expected = f"image {row.id} (shot {shot.shot} round 0 variant {row.variant_number + 1} of 6"
        assert expected in out, out
    assert "variant 0" not in out and "of 6" in out

    assert cli(capsys, None, "resume", "--json").code == 0  # nothing left; JSON keeps 0–5
    generated = cli(capsys, None, "generate", str(shot.shot), "--json")
    assert generated.code == 0
    doc = generated.json()
    assert sorted(i["variant_number"] for i in doc["images"]) == [0, 1, 2, 3, 4, 5]


def test_generate_refuses_a_shot_without_a_prompt_in_one_line(
    offline_provider: str, data_paths: DataPaths, store: Store
) -> None:
    project = store.projects.create("Blank")
    scene = store.scenes.add_scene(project.id, "One")
    blank = store.scenes.add_shot(scene.id, "")
    result = cli(None, data_paths, "generate", str(blank.id))
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "prompt" in lines[0].lower(), result.err
    assert "Traceback" not in result.err
    assert store.images.for_shot(blank.id) == []
