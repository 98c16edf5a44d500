"""The whole workflow from the command line: rounds → finals → storyboard → animate → exports.

Once with the offline provider and once with the real `replicate` client talking to the
local Replicate-speaking server. The video is decoded, the OTIO loaded, the PDF read back.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import opentimelineio as otio
import pytest

from storyboard_app.exports.otio import METADATA_KEY
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.media.probe import decode
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from tests.conftest import cli as run_cli
from tests.exports.pdf_text import pdf_pages_text, squash


def cli(capsys: pytest.CaptureFixture[str], data: DataPaths, *args: str) -> tuple[int, Any]:
    """The shared `cli()`, its output read as JSON when asked for."""
    result = run_cli(capsys, data, *args)
    document = result.json() if "--json" in args and result.out.strip() else result.out
    return result.code, (document, result.err)


def build_project(
    capsys: pytest.CaptureFixture[str], data: DataPaths, provider: str
) -> dict[str, Any]:
    """Project, 2 scenes, 3 shots; a first round for all, a refinement for one; finals for two."""
    code, (doc, _) = cli(
        capsys,
        data,
        "project",
        "create",
        "Harbour",
        "--description",
        "Dawn at the harbour.",
        "--json",
    )
    assert code == 0
    project = doc["id"]
    scenes = []
    for title in ("Boats", "Market"):
        code, (doc, _) = cli(capsys, data, "scene", "add", str(project), title, "--json")
        scenes.append(doc["id"])
    shots = []
    for scene, prompt in (
        (scenes[0], "fishing boats at dawn"),
        (scenes[0], "nets on a pier"),
        (scenes[1], "a fish market stall"),
    ):
        code, (doc, _) = cli(
            capsys,
            data,
            "shot",
            "add",
            str(scene),
            "--prompt",
            prompt,
            "--description",
            prompt.title(),
            "--json",
        )
        assert code == 0
        shots.append(doc["id"])
    store = open_store(data)
    try:
        engine = GenerationEngine.for_paths(store, data, provider=provider)
        finals: dict[int, int] = {}
        for shot in shots:
            rows = engine.plan_round(shot)
            done = engine.run_round([r.id for r in rows])
            assert all(r.status.value == "complete" for r in done), [r.error for r in done]
            finals[shot] = done[1].id
        refined = engine.plan_round(
            shots[0], parent_image_id=finals[shots[0]], prompt="boats, gold"
        )
        done = engine.run_round([r.id for r in refined])
        finals[shots[0]] = done[3].id
    finally:
        store.close()
    for shot in shots[:2]:
        code, (_out, err) = cli(capsys, data, "select", str(finals[shot]))
        assert code == 0, err
    return {"project": project, "shots": shots, "finals": finals}


def walk(
    capsys: pytest.CaptureFixture[str], data: DataPaths, tmp_path: Path, provider: str
) -> None:
    ids = build_project(capsys, data, provider)
    project, shots = ids["project"], ids["shots"]
    code, (doc, err) = cli(capsys, data, "storyboard", "build", str(project), "--json")
    assert code == 0, err
    assert doc["shots_without_final"] == [shots[2]]

    code, (doc, err) = cli(
        capsys,
        data,
        "animate",
        str(project),
        "--shot",
        str(shots[1]),
        "--prompt",
        "slow push in",
        "--provider",
        provider,
        "--json",
    )
    assert code == 0, err
    assert [a["shot_id"] for a in doc["animated"]] == [shots[1]]
    clip = Path(doc["animated"][0]["video_path"])
    assert clip.is_file()
    clip_seconds = decode(clip).info.duration
    assert clip_seconds

    out = tmp_path / "out"
    out.mkdir()
    code, (doc, err) = cli(
        capsys,
        data,
        "export",
        str(project),
        "--video",
        str(out / "final.mp4"),
        "--pdf",
        str(out / "board.pdf"),
        "--otio",
        str(out / "edit.otio"),
        "--csv",
        str(out / "shots.csv"),
        "--images",
        str(out / "images"),
        "--bundle",
        str(out / "project.sbz"),
        "--json",
    )
    assert code == 0, err
    assert any("no final image" in n for n in doc["notes"])

    # Video: shot 1 is a 3 s still (the default), shot 2 its clip; shot 3 has no final pick
    # and is a slate of the default length.
    expected = 3.0 + clip_seconds + 3.0
    decoded = decode(out / "final.mp4")
    fps = decoded.info.fps or 1
    assert abs(decoded.duration - expected) <= 2 / fps + 0.05, (decoded.duration, expected)
    assert abs(decoded.frames / fps - expected) <= 2 / fps
    assert decoded.info.video_streams == 1 and decoded.info.audio_streams == 1
    assert (decoded.info.width, decoded.info.height) == (
        doc["video"]["width"],
        doc["video"]["height"],
    )
    assert doc["video"]["clips"] == 1 and doc["video"]["stills"] == 1
    assert doc["video"]["slates"] == 1

    timeline = otio.adapters.read_from_file(str(out / "edit.otio"))
    main = timeline.tracks[0]
    clips = list(main.find_clips())
    assert len(clips) == 2
    meta = clips[0].metadata[METADATA_KEY]
    assert meta["prompt"] == "boats, gold" and isinstance(meta["seed"], int)
    assert meta["provider"] == provider and meta["model"]
    assert [step["image_id"] for step in meta["lineage"]][-1] != meta["image_id"]
    assert len(meta["lineage"]) == 2
    assert clips[1].metadata[METADATA_KEY]["media"] == "clip"
    assert clips[1].media_reference.target_url == clip.as_uri()
    # Scene 2 has no final image yet: it is a gap in the cut, and still marked.
    assert [m.name for m in timeline.tracks.markers] == ["Scene 1: Boats", "Scene 2: Market"]
    assert len(timeline.tracks) == 1  # the cut only; alternates are in the clips' metadata
    assert len(meta["alternates"]) == 5

    pages = pdf_pages_text(out / "board.pdf")
    assert len(pages) == 2
    assert squash("Harbour") in squash(pages[0]) and squash("Dawn at the harbour.") in squash(
        pages[0]
    )
    body = squash(pages[1])
    for text in (
        "Scene 1: Boats",
        "Scene 2: Market",
        "boats, gold",
        "Nets On A Pier",
        "No final image yet",
        "3.0 s",
    ):
        assert squash(text) in body, text

    with (out / "shots.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["status"] for r in rows] == ["not animated", "animated", "no final pick"]

    names = sorted(p.name for p in (out / "images").iterdir())
    assert len(names) == 2 and names[0].startswith("S01_SH01_") and names[1].startswith("S01_SH02_")
    assert doc["bundle"]["media_files"] >= 6 * 4 + 1  # every variant and the clip
    assert (out / "project.sbz").stat().st_size > 0
    assert not [p for p in out.rglob(".*")]  # no temporary files left behind


def test_offline_workflow_end_to_end(
    capsys: pytest.CaptureFixture[str], data_paths: DataPaths, tmp_path: Path, offline_provider: str
) -> None:
    walk(capsys, data_paths, tmp_path, "offline")


def test_replicate_workflow_end_to_end(
    capsys: pytest.CaptureFixture[str], data_paths: DataPaths, tmp_path: Path, fake_replicate: Any
) -> None:
    fake_replicate.latency = 0.05
    walk(capsys, data_paths, tmp_path, "replicate")
