"""`plan draft` drafts everything or says what it cut: in --json, on stderr, in the result."""

from __future__ import annotations

import json
import sqlite3

import pytest

from storyboard_app.cli import run
from storyboard_app.domain.limits import MAX_PROMPT_CHARS
from storyboard_app.domain.outline import (
    MAX_SCENES,
    MAX_SHOTS_PER_SCENE,
    draft_outline_with_notes,
)
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store


def _draft(store: Store, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[dict, str]:  # type: ignore[type-arg]
    project = store.projects.create("Long notes", "")
    store.projects.set_planner_text(project.id, text)
    store.close()
    code = run(["plan", "draft", str(project.id), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


def test_scenes_beyond_the_limit_are_named_not_dropped_silently(
    store: Store, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\n".join(f"# Scene {n}\n- shot of scene {n}" for n in range(1, MAX_SCENES + 6))
    report, err = _draft(store, text, capsys)
    assert len(report["scenes"]) == MAX_SCENES
    assert len(report["notes"]) == 1
    assert "5 more scene(s) beyond the limit of 200" in report["notes"][0]
    assert "Scene 201" in report["notes"][0]
    assert err.strip() == f"storyboard-app: note: {report['notes'][0]}"
    with sqlite3.connect(data_paths.database) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_paragraph_beyond_the_prompt_limit_is_reported(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "A very long paragraph " + "word " * 3_000  # about 15,000 characters
    text = f"# Opening\n- {long}\n- a short shot\n"
    report, err = _draft(store, text, capsys)
    assert len(report["scenes"]) == 1 and len(report["scenes"][0]["shots"]) == 2
    assert len(report["scenes"][0]["shots"][0]["initial_prompt"]) == MAX_PROMPT_CHARS
    assert any("longer than 10,000 characters" in n for n in report["notes"])
    assert "scene 1 (“Opening”)" in err


def test_a_draft_within_the_limits_has_no_notes(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    report, err = _draft(store, "# One\n- a kite\n# Two\n- a beach\n", capsys)
    assert report["notes"] == [] and err == ""
    assert [len(s["shots"]) for s in report["scenes"]] == [1, 1]


def test_the_draft_result_the_preview_shows_carries_the_notes() -> None:
    bullets = "\n".join(f"- shot {n}" for n in range(MAX_SHOTS_PER_SCENE + 3))
    draft = draft_outline_with_notes(f"# Crowded\n{bullets}\n")
    assert len(draft.scenes[0].shots) == MAX_SHOTS_PER_SCENE
    assert draft.notes == [
        f"3 shot(s) of scene 1 (“Crowded”) beyond the limit of {MAX_SHOTS_PER_SCENE} per "
        "scene were not drafted."
    ]


def test_plan_draft_sets_shot_types_and_lists_the_proposals_without_applying_them(
    store: Store, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Cold blue light, film grain\n\n# Quay\n- Wide shot: Mara waits at the Old Harbour\n"
        "- Close-up: Mara's hands\n\n# Home\n- Jonas rows to the Old Harbour\n"
    )
    report, _err = _draft(store, text, capsys)
    assert report["proposed"]["style"] == "Cold blue light, film grain"
    names = [(e["kind"], e["name"]) for e in report["proposed"]["elements"]]
    assert names == [("character", "Mara"), ("location", "OldHarbour")]
    again = open_store(data_paths)
    try:
        (project,) = again.projects.list()
        shots = [sh for sc in again.scenes.list(project.id) for sh in sc.shots]
        assert [sh.fields.shot_type for sh in shots] == ["LS", "CU", None]
        assert again.projects.get(project.id).style == ""  # a proposal, not applied
        assert again.elements.list(project.id) == []
    finally:
        again.close()
