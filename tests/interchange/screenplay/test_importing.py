"""Writing an accepted screenplay draft: one transaction, into a new project or after scenes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import InvalidInputError, NotFoundError
from storyboard_app.domain.outline import DraftScene, DraftShot
from storyboard_app.interchange.screenplay import read_script_draft, write_script
from storyboard_app.store.models import ProjectScene, VideoProject
from storyboard_app.store.open_store import Store
from tests.interchange.conftest import dump

SCRIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "scripts"


def test_a_new_project_gets_every_field_of_the_script(store: Store) -> None:
    draft = read_script_draft(SCRIPTS / "lighthouse.fountain")
    report = write_script(store, draft.outline.scenes, title=draft.title, source=draft.source)
    assert report.created and (report.scenes, report.shots) == (4, 7)
    project = store.projects.get(report.project_id)
    assert project.title == "The Lighthouse Keeper"
    assert project.workflow_version == WorkflowVersion.V2_REDESIGN
    scenes = store.scenes.list(report.project_id)
    assert [s.scene_number for s in scenes] == [1, 2, 3, 4]
    shot = store.shot_fields.get(scenes[0].shots[1].id)
    assert shot.dialogue == "ELENA: (to herself) One more winter."
    assert shot.notes == "Maybe open on the lantern instead of the tower."
    assert shot.action.startswith("ELENA (60s, oilskin coat) climbs")
    with store.sessions.begin() as s:
        numbers = s.scalars(
            select(ProjectScene.extra)
            .where(ProjectScene.project_id == report.project_id)
            .order_by(ProjectScene.scene_number)
        ).all()
    assert [extra.get("script_scene_number") for extra in numbers] == ["1", "2", "2A", "3"]


def test_appending_keeps_the_scenes_already_there(store: Store) -> None:
    project = store.projects.create("Ferry")
    store.scenes.add_scene(project.id, "Prologue")
    draft = read_script_draft(SCRIPTS / "night_ferry.fdx")
    report = write_script(
        store, draft.outline.scenes, title=draft.title, source=draft.source, project_id=project.id
    )
    assert not report.created and report.title == "Ferry"
    titles = [s.title for s in store.scenes.list(project.id)]
    assert titles == [
        "Prologue",
        "EXT. FERRY TERMINAL - NIGHT",
        "INT. FERRY - PASSENGER LOUNGE - CONTINUOUS",
        "EXT. FERRY - DECK - LATER",
    ]
    assert "Imported" in report.summary() and "after the existing scenes" in report.summary()


def test_a_failed_write_leaves_no_project_behind(store: Store) -> None:
    before = dump(store)
    bad = [
        DraftScene("INT. A - DAY", shots=[DraftShot("ok", "ok")]),
        DraftScene("   ", shots=[DraftShot("the second scene has no title", "x")]),
    ]
    with pytest.raises(InvalidInputError):
        write_script(store, bad, title="Half", source="half.fountain")
    assert dump(store) == before


def test_a_missing_or_legacy_project_is_refused_and_nothing_written(store: Store) -> None:
    with store.sessions.begin() as s:
        legacy = VideoProject(title="Old", workflow_version=WorkflowVersion.V1_LEGACY)
        s.add(legacy)
        s.flush()
        legacy_id = legacy.id
    before = dump(store)
    drafts = read_script_draft(SCRIPTS / "night_ferry.fdx").outline.scenes
    with pytest.raises(InvalidInputError, match="legacy workflow"):
        write_script(store, drafts, title="x", source="x.fdx", project_id=legacy_id)
    with pytest.raises(NotFoundError):
        write_script(store, drafts, title="x", source="x.fdx", project_id=legacy_id + 99)
    assert dump(store) == before
