"""`project set`, `element …`, the shot fields and the JSON keys of CLI.md's additions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from storyboard_app.cli import run
from storyboard_app.paths import DataPaths


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = cli(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def picture(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (48, 48), colour).save(path, format="PNG")
    return path


def creative_walk(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    """The additions end to end with offline drafts; returns `project show --json`."""
    pid = cli_json(capsys, "project", "create", "Harbour")["id"]
    look = cli_json(
        capsys, "project", "set", str(pid), "--aspect", "9:16", "--style", "ink wash", "--fps", "25"
    )
    assert (look["aspect_ratio"], look["style"], look["fps"]) == ("9:16", "ink wash", 25)
    mara = cli_json(
        capsys,
        "element", "add", str(pid), "Mara", "--kind", "character",
        "--description", "a fisherwoman", "--image", str(picture(tmp_path / "m.png", (200, 0, 0))),
    )["id"]  # fmt: skip
    cli_json(
        capsys,
        "element", "add", str(pid), "Harbor", "--kind", "location",
        "--image", str(picture(tmp_path / "h.png", (0, 0, 200))),
    )  # fmt: skip
    sid = cli_json(capsys, "scene", "add", str(pid), "Dawn")["id"]
    shot = cli_json(
        capsys,
        "shot", "add", str(sid), "--prompt", "@Mara waits at @harbor", "--shot-type", "ms",
        "--angle", "LOW", "--move", "Dolly-In", "--dialogue", "Where is he?",
        "--action", "She paces", "--notes", "golden hour",
    )["id"]  # fmt: skip
    edited = cli_json(capsys, "shot", "edit", str(shot), "--angle", "high")
    assert (edited["shot_type"], edited["angle"], edited["move"]) == ("MS", "high", "dolly-in")
    result = cli_json(capsys, "generate", str(shot), "--provider", "offline")
    assert len(result["images"]) == 6
    tree = cli_json(capsys, "project", "show", str(pid))
    assert mara in [e["id"] for e in tree["elements"]]
    return tree


def test_the_additions_end_to_end(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tree = creative_walk(capsys, tmp_path)
    assert (tree["aspect_ratio"], tree["style"], tree["fps"]) == ("9:16", "ink wash", 25)
    names = {e["name"]: e for e in tree["elements"]}
    assert set(names) == {"Mara", "Harbor"}
    assert names["Mara"]["kind"] == "character"
    assert names["Mara"]["description"] == "a fisherwoman"
    (image,) = names["Mara"]["images"]
    assert len(image["sha256"]) == 64 and Path(image["file_path"]).is_file()
    shot = tree["scenes"][0]["shots"][0]
    assert {k: shot[k] for k in ("shot_type", "angle", "move", "dialogue", "action", "notes")} == {
        "shot_type": "MS",
        "angle": "high",
        "move": "dolly-in",
        "dialogue": "Where is he?",
        "action": "She paces",
        "notes": "golden hour",
    }
    params = shot["images"][0]["generation_params"]
    assert [r["name"] for r in params["references"]] == ["Mara", "Harbor"]
    assert params["look"] == {
        "aspect_ratio": "9:16",
        "sent_aspect_ratio": "9:16",
        "style": "ink wash",
        "shot_type": "MS",
        "angle": "high",
    }
    assert params["input"]["prompt"].endswith("Style: ink wash")


def test_bad_input_is_refused_with_one_line(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pid = cli_json(capsys, "project", "create", "Harbour")["id"]
    code, _, err = cli(capsys, "element", "add", str(pid), "Old Man", "--kind", "character")
    assert code == 1 and "letters, digits, _ and -" in err
    not_image = tmp_path / "x.png"
    not_image.write_text("hello")
    code, _, err = cli(
        capsys, "element", "add", str(pid), "Mara", "--kind", "character", "--image", str(not_image)
    )
    assert code == 1 and "not an image" in err
    assert cli_json(capsys, "element", "list", str(pid)) == []
    sid = cli_json(capsys, "scene", "add", str(pid), "Dawn")["id"]
    with pytest.raises(SystemExit) as usage:  # a value off the list is a usage error
        run(["shot", "add", str(sid), "--prompt", "x", "--shot-type", "wide"])
    assert usage.value.code == 2 and "ECU" in capsys.readouterr().err
    assert cli_json(capsys, "project", "show", str(pid))["scenes"][0]["shots"] == []
    shot = cli_json(capsys, "shot", "add", str(sid), "--prompt", "@Ghost at sea")["id"]
    code, _, err = cli(capsys, "generate", str(shot), "--provider", "offline")
    assert code == 1 and "@Ghost" in err
    assert cli_json(capsys, "project", "show", str(pid))["scenes"][0]["shots"][0]["images"] == []


def test_deleting_an_element_needs_yes(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tree = creative_walk(capsys, tmp_path)
    shot = tree["scenes"][0]["shots"][0]
    first = shot["images"][0]["id"]
    assert cli(capsys, "select", str(first))[0] == 0
    mara = next(e["id"] for e in tree["elements"] if e["name"] == "Mara")
    code, _, err = cli(capsys, "element", "delete", str(mara))
    assert code == 1 and "1 final image" in err and "--yes" in err
    code, out, _ = cli(capsys, "element", "delete", str(mara), "--yes")
    assert code == 0 and "6 image(s)" in out
    after = cli_json(capsys, "project", "show", str(tree["id"]))
    assert [e["name"] for e in after["elements"]] == ["Harbor"]
    image = after["scenes"][0]["shots"][0]["images"][0]
    assert "@Mara" in image["reference_changed"]
    assert image["generation_params"]["references"][0]["name"] == "Mara"


def test_replacing_a_reference_from_the_command_line_marks_images(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tree = creative_walk(capsys, tmp_path)
    harbor = next(e["id"] for e in tree["elements"] if e["name"] == "Harbor")
    new = picture(tmp_path / "h2.png", (0, 200, 0))
    result = cli_json(capsys, "element", "edit", str(harbor), "--image", str(new))
    assert result["images_marked"] == 6
    code, _, err = cli(capsys, "element", "edit", str(harbor), *["--image", str(new)] * 4)
    assert code == 1 and "at most 3" in err


def test_media_gc_never_collects_a_reference(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pid = cli_json(capsys, "project", "create", "Harbour")["id"]
    cli_json(
        capsys,
        "element", "add", str(pid), "Mara", "--kind", "character",
        "--image", str(picture(tmp_path / "m.png", (200, 0, 0))),
    )  # fmt: skip
    (element,) = cli_json(capsys, "element", "list", str(pid))
    (image,) = element["images"]
    from storyboard_app.media.store import MediaStore

    orphan = MediaStore(data_paths.media).put_file(picture(tmp_path / "o.png", (0, 90, 0)))
    report = cli_json(capsys, "media", "gc")
    assert report["removed"] == [orphan]  # gc does collect; the reference is kept
    assert Path(image["file_path"]).is_file()
