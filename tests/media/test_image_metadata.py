"""Exported images carry prompt, seed, model and lineage; Pillow reads them back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from storyboard_app.cli import run
from storyboard_app.media.image_metadata import ImageMetadata, read_png_text, write_with_metadata
from storyboard_app.paths import DataPaths

META = ImageMetadata(
    "a lighthouse at dawn, “storm” <b>",
    1234,
    "black-forest-labs/flux-dev",
    ({"image_id": 8, "parent_image_id": 3}, {"image_id": 3, "parent_image_id": None}),
)


def test_png_text_chunks_read_back_and_pixels_are_unchanged(tmp_path: Path) -> None:
    source, target = tmp_path / "in.png", tmp_path / "out.png"
    Image.new("RGB", (32, 18), (200, 40, 10)).save(source)
    assert write_with_metadata(source, target, META)
    text = read_png_text(target)
    assert text["prompt"] == META.prompt and text["seed"] == "1234"
    assert text["model"] == "black-forest-labs/flux-dev"
    assert [link["image_id"] for link in json.loads(text["lineage"])] == [8, 3]
    assert text["parameters"].startswith(META.prompt) and "Seed: 1234" in text["parameters"]
    with Image.open(source) as a, Image.open(target) as b:
        assert a.tobytes() == b.tobytes()


def test_jpeg_carries_xmp_and_other_formats_are_left_to_copy(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jpg", tmp_path / "out.jpg"
    Image.new("RGB", (32, 18), (10, 40, 200)).save(source, quality=90)
    assert write_with_metadata(source, target, META)
    with Image.open(target) as img:
        xmp = img.info.get("xmp")
    assert xmp is not None and b"1234" in xmp and "“storm” &lt;b&gt;".encode() in xmp
    gif = tmp_path / "in.gif"
    Image.new("P", (4, 4)).save(gif)
    assert not write_with_metadata(gif, tmp_path / "out.gif", META)
    assert not (tmp_path / "out.gif").exists()


def test_export_images_writes_prompt_seed_model_and_lineage(
    data_paths: DataPaths,
    offline_provider: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def cli(*argv: str) -> str:
        assert run(list(argv)) == 0
        return capsys.readouterr().out

    project = json.loads(cli("project", "create", "Film", "--json"))["id"]
    scene = json.loads(cli("scene", "add", str(project), "A", "--json"))["id"]
    shot = json.loads(cli("shot", "add", str(scene), "--prompt", "a lighthouse", "--json"))["id"]
    first = json.loads(cli("generate", str(shot), "--json"))["images"][2]
    second = json.loads(
        cli("generate", str(shot), "--from", str(first["id"]), "--prompt", "at dusk", "--json")
    )["images"][4]
    cli("select", str(second["id"]))
    cli("export", str(project), "--images", str(tmp_path / "finals"))
    (exported,) = sorted((tmp_path / "finals").iterdir())
    text = read_png_text(exported)
    assert text["prompt"] == "at dusk" and text["seed"] == str(second["seed"])
    assert text["model"] == "storyboard/offline-draft"
    chain = json.loads(text["lineage"])
    assert [c["image_id"] for c in chain] == [second["id"], first["id"]]
    assert chain[1]["prompt"] == "a lighthouse"
