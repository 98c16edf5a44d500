"""The history commands and the outline commands, end to end through `run` (offline drafts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.cli import build_parser, run
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import open_store


def cli(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> str:
    got = run(list(argv))
    out, err = capsys.readouterr()
    assert got == code, (argv, out, err)
    return out if code == 0 else err


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    return json.loads(cli(capsys, *argv, "--json"))


@pytest.fixture
def project(
    data_paths: DataPaths, offline_provider: str, capsys: pytest.CaptureFixture[str]
) -> dict[str, int]:
    project = cli_json(capsys, "project", "create", "Harbour")["id"]
    first = cli_json(capsys, "scene", "add", str(project), "Dawn")["id"]
    second = cli_json(capsys, "scene", "add", str(project), "Noon")["id"]
    shots = [
        cli_json(capsys, "shot", "add", str(first), "--prompt", f"boat number {n}")["id"]
        for n in (1, 2, 3)
    ]
    return {"project": project, "first": first, "second": second, "shot": shots[0]}


def test_scene_list_edit_move_delete(
    project: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    p, first, second = str(project["project"]), str(project["first"]), str(project["second"])
    listed = cli_json(capsys, "scene", "list", p)
    assert [(s["id"], s["scene_number"], len(s["shots"])) for s in listed] == [
        (project["first"], 1, 3),
        (project["second"], 2, 0),
    ]
    cli(capsys, "scene", "edit", second, "--title", "Midday", "--description", "hot")
    cli(capsys, "scene", "move", second, "--to", "1")
    listed = cli_json(capsys, "scene", "list", p)
    assert [(s["title"], s["scene_number"]) for s in listed] == [("Midday", 1), ("Dawn", 2)]
    assert listed[0]["description"] == "hot"
    assert "out of range" in cli(capsys, "scene", "move", second, "--to", "3", code=1)
    assert "--yes" in cli(capsys, "scene", "delete", first, code=1)
    assert len(cli_json(capsys, "scene", "list", p)) == 2  # nothing deleted without --yes
    cli(capsys, "scene", "delete", second, "--yes")
    listed = cli_json(capsys, "scene", "list", p)
    assert [(s["title"], s["scene_number"]) for s in listed] == [("Dawn", 1)]
    assert run(["scene", "edit", first]) == 1  # nothing to change


def test_shot_move_between_scenes_and_delete(
    project: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    p, shot = str(project["project"]), str(project["shot"])
    cli(capsys, "shot", "move", shot, "--to", "3")
    shots = cli_json(capsys, "scene", "list", p)[0]["shots"]
    assert [s["shot_number"] for s in shots] == [1, 2, 3] and shots[2]["id"] == project["shot"]
    cli(capsys, "shot", "move", shot, "--to", "1", "--scene", str(project["second"]))
    first, second = cli_json(capsys, "scene", "list", p)
    assert [s["shot_number"] for s in first["shots"]] == [1, 2]
    assert [s["id"] for s in second["shots"]] == [project["shot"]]
    with pytest.raises(SystemExit) as usage:  # a usage error
        run(["shot", "move", shot, "--to", "0"])
    assert usage.value.code == 2 and "positions start at 1" in capsys.readouterr().err
    cli(capsys, "shot", "delete", shot, code=1)
    cli(capsys, "shot", "delete", shot, "--yes")
    assert cli_json(capsys, "scene", "list", p)[1]["shots"] == []


def test_generate_dry_run_creates_nothing_and_prints_the_estimate(
    project: dict[str, int], capsys: pytest.CaptureFixture[str], data_paths: DataPaths
) -> None:
    shot = str(project["shot"])
    out = cli(capsys, "generate", shot, "--dry-run")
    assert "nothing is created" in out and "6 variants" in out and "estimate: $0.00" in out
    plan = cli_json(capsys, "generate", shot, "--dry-run")
    assert plan["dry_run"] is True and plan["variants"] == 6 and plan["iteration_number"] == 0
    assert plan["estimate_usd"] == 0.0 and plan["model"] == "storyboard/offline-draft"
    tree = cli_json(capsys, "project", "show", str(project["project"]))
    assert all(sh["images"] == [] for sc in tree["scenes"] for sh in sc["shots"])
    # a priced model: the estimate is the price table times six
    settings = Settings.load(data_paths)
    settings.prices = {"storyboard/offline-draft": {"unit": "image", "usd": 0.5}}
    settings.save(data_paths)
    assert cli_json(capsys, "generate", shot, "--dry-run")["estimate_usd"] == 3.0


def test_monthly_budget_refuses_in_one_line_unless_over_budget(
    project: dict[str, int], capsys: pytest.CaptureFixture[str], data_paths: DataPaths
) -> None:
    settings = Settings.load(data_paths)
    settings.prices = {"storyboard/offline-draft": {"unit": "image", "usd": 0.5}}
    settings.monthly_budget_usd = 4.0
    settings.save(data_paths)
    shot = str(project["shot"])
    cli(capsys, "generate", shot)  # 3.00 of 4.00
    err = cli(capsys, "generate", shot, code=1)
    assert "monthly budget of $4.00" in err and "--over-budget" in err
    assert len(err.strip().splitlines()) == 1
    cli(capsys, "generate", shot, "--over-budget")
    assert cli_json(capsys, "cost", str(project["project"]))["total_usd"] == 6.0
    text = cli(capsys, "cost", str(project["project"]))  # the words say it by shot too
    assert "By shot:" in text and "S1 / Shot 1: $6.00 (12)" in text and "By day:" in text


def test_reject_search_and_project_show_fields(
    project: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, "generate", str(project["shot"]))
    tree = cli_json(capsys, "project", "show", str(project["project"]))
    images = tree["scenes"][0]["shots"][0]["images"]
    assert {(i["is_rejected"], i["cost_usd"]) for i in images} == {(False, 0.0)}
    target = images[1]["id"]
    cli(capsys, "reject", str(target))
    tree = cli_json(capsys, "project", "show", str(project["project"]))
    rejected = [i["id"] for i in tree["scenes"][0]["shots"][0]["images"] if i["is_rejected"]]
    assert rejected == [target]
    found = cli_json(capsys, "search", "boat")["results"]
    assert len(found) == 6 and all(r["file_path"] for r in found)
    assert cli_json(capsys, "search", "boat", "--rejected", "yes")["results"][0]["image_id"] == (
        target
    )
    assert cli_json(capsys, "search", "zeppelin")["results"] == []
    assert cli_json(capsys, "search", "", "--model", "nobody/none")["results"] == []
    seed = images[3]["generation_params"]["seed"]
    assert [r["image_id"] for r in cli_json(capsys, "search", str(seed))["results"]] == [
        images[3]["id"]
    ]
    assert len(cli_json(capsys, "search", "boat", "--limit", "2")["results"]) == 2
    cli(capsys, "star", str(images[0]["id"]))
    starred = cli_json(capsys, "search", "boat", "--starred", "--project", "1")["results"]
    assert [r["image_id"] for r in starred] == [images[0]["id"]]
    assert "No images match" in cli(capsys, "search", "zeppelin")
    cli(capsys, "reject", str(target), "--off")
    assert cli_json(capsys, "search", "boat", "--rejected", "yes")["results"] == []


def test_media_gc_never_collects_a_rejected_variant(
    project: dict[str, int], capsys: pytest.CaptureFixture[str], data_paths: DataPaths
) -> None:
    cli(capsys, "generate", str(project["shot"]))
    images = cli_json(capsys, "project", "show", str(project["project"]))["scenes"][0]["shots"][0][
        "images"
    ]
    for image in images:
        cli(capsys, "reject", str(image["id"]))
    report = cli_json(capsys, "media", "gc")
    store = open_store(data_paths)
    try:
        for image in images:
            assert store.images.get(image["id"]).is_rejected
    finally:
        store.close()
    assert all(Path(i["file_path"]).exists() for i in images)
    assert not any(i["image_storage_id"] in json.dumps(report) for i in images)


def test_every_new_command_documents_every_argument() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    groups = sub.choices  # type: ignore[attr-defined]
    commands = [
        groups["retry"],
        groups["reject"],
        groups["search"],
        groups["cost"],
        groups["generate"],
    ]
    for group, names in (
        ("scene", ("list", "edit", "move", "delete")),
        ("shot", ("move", "delete")),
    ):
        actions = next(a for a in groups[group]._actions if a.dest.endswith("_command"))
        commands += [actions.choices[name] for name in names]  # type: ignore[attr-defined]
    for command in commands:
        assert command.description or any(a.help for a in command._actions if a.dest == "help"), (
            command.prog
        )
        for action in command._actions:
            assert action.help, f"{command.prog}: {action.dest} has no help line"
        assert "--help" in command.format_help()
