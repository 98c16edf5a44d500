"""Exports of a stored project: CSV shot list, image folder, OTIO timeline, PDF storyboard."""

from __future__ import annotations

import csv
from pathlib import Path

import opentimelineio as otio
import pytest

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.exports.images import export_images
from storyboard_app.exports.otio import METADATA_KEY, export_otio
from storyboard_app.exports.shot_list import export_csv
from storyboard_app.exports.timeline import Timeline, load_timeline
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.exports.conftest import Fixture


def _timeline(store: Store, data_paths: DataPaths, fx: Fixture) -> Timeline:
    return load_timeline(store, data_paths.media, fx.project_id)


def test_csv_lists_every_shot_in_order(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    first = store.scenes.list(storyboard_project.project_id)[0].shots[0].id
    store.shot_fields.set(
        first, FieldChanges.checked(shot_type="cu", move="pan", dialogue="Hello", notes="n")
    )
    target = export_csv(
        _timeline(store, data_paths, storyboard_project), tmp_path / "s.csv", 3.0
    ).path
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["scene"], r["shot"]) for r in rows] == [
        ("1", "1"),
        ("1", "2"),
        ("2", "1"),
        ("2", "2"),
    ]
    assert [r["status"] for r in rows] == [
        "not animated",
        "animated",
        "not animated",
        "no final pick",
    ]
    assert rows[0]["prompt"] == "lighthouse, warmer light"  # the final image's own prompt
    assert (rows[0]["shot_type"], rows[0]["move"], rows[0]["dialogue"]) == ("CU", "pan", "Hello")
    assert (rows[0]["angle"], rows[0]["notes"], rows[1]["shot_type"]) == ("", "n", "")
    assert rows[1]["duration"] == "1.50"  # the clip's length
    assert rows[2]["duration"] == "2.00"  # set by the user
    assert rows[0]["duration"] == "3.00"  # the default
    assert rows[3]["duration"] == "3.00"  # no final pick: the default, as its slate lasts
    assert rows[2]["description"] == "Lamp close-up"


def test_otio_is_the_cut_with_gaps_lineage_markers_and_alternates_in_metadata(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    result = export_otio(store, _timeline(store, data_paths, fx), tmp_path / "t.otio", 3.0)
    assert (result.clips, result.alternates, result.gaps) == (3, 15, 1)
    assert result.skipped == ("Scene 2, shot 2 has no final image yet: a gap in the timeline.",)
    timeline = otio.adapters.read_from_file(str(tmp_path / "t.otio"))
    (main,) = timeline.tracks  # no "Alternates" tracks above the cut
    assert timeline.global_start_time == otio.opentime.RationalTime(86400, 24)  # 01:00:00:00
    assert isinstance(main[3], otio.schema.Gap)
    assert main[3].duration().to_seconds() == 3.0
    clips = list(main.find_clips())
    assert [c.metadata[METADATA_KEY]["shot_id"] for c in clips] == fx.shot_ids[:3]
    assert [c.duration().to_seconds() for c in clips] == [3.0, 1.5, 2.0]
    first = clips[0].metadata[METADATA_KEY]
    assert first["image_id"] == fx.finals[fx.shot_ids[0]]
    assert (first["seed"], first["model"], first["provider"]) == (
        1004,
        "black-forest-labs/flux-schnell",
        "offline",
    )
    assert [step["iteration"] for step in first["lineage"]] == [1, 0]
    assert first["lineage"][1]["prompt"] == "a lighthouse on a cliff at dusk"
    assert clips[1].metadata[METADATA_KEY]["media"] == "clip"
    assert clips[0].metadata[METADATA_KEY]["media"] == "still"
    for clip in clips:
        path = Path(otio.url_utils.filepath_from_url(clip.media_reference.target_url))
        assert path.is_file()
    assert [(m.name, m.marked_range.duration.to_seconds()) for m in timeline.tracks.markers] == [
        ("Scene 1: Arrival", 4.5),
        ("Scene 2: Night", 5.0),
    ]
    alternates = first["alternates"]
    assert [alt["variant"] for alt in alternates] == [0, 1, 2, 3, 5]
    for alt in alternates:
        assert Path(otio.url_utils.filepath_from_url(alt["target_url"])).is_file()


def test_otio_dissolves_with_a_crossfade_at_the_projects_rate(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    store.projects.set_look(fx.project_id, fps=30)
    timeline = _timeline(store, data_paths, fx)
    export_otio(store, timeline, tmp_path / "t.otio", 3.0, crossfade=0.5)
    track = otio.adapters.read_from_file(str(tmp_path / "t.otio")).tracks[0]
    transitions = [i for i in track if isinstance(i, otio.schema.Transition)]
    assert [(t.in_offset.value, t.out_offset.value, t.in_offset.rate) for t in transitions] == [
        (7, 8, 30)
    ] * 3
    assert track.duration().value == 90 + 45 + 60 + 90 - 3 * 15


def test_a_stale_clip_is_not_used(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    other = store.images.round(fx.clip_shot, 0)[3]
    store.images.select_final(other.id)
    timeline = _timeline(store, data_paths, fx)
    entry = timeline.entries[1]
    assert entry.status == "clip stale" and not entry.has_current_clip
    from storyboard_app.exports.video import segments_for

    plan = segments_for(timeline, 3.0)
    assert [s.kind for s in plan.segments] == ["still", "still", "still", "slate"]
    assert plan.segments[1].duration == 1.5  # the length still comes from the clip
    assert any("final pick changed" in note for note in plan.notes)
    export_otio(store, timeline, tmp_path / "t.otio", 3.0)
    clips = list(otio.adapters.read_from_file(str(tmp_path / "t.otio")).tracks[0].find_clips())
    assert clips[1].metadata[METADATA_KEY]["stale_reason"]
    assert clips[1].metadata[METADATA_KEY]["media"] == "still"


def test_images_are_named_by_scene_and_shot_with_their_real_format(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    from PIL import Image

    result = export_images(_timeline(store, data_paths, storyboard_project), tmp_path / "imgs")
    names = [p.name for p in result.files]
    assert names == [
        "S01_SH01_wide-establishing.png",
        "S01_SH02_keeper-on-stairs.png",
        "S02_SH01_lamp-close-up.png",
    ]
    for path in result.files:
        with Image.open(path) as img:
            assert img.format == "PNG"
    assert len(result.skipped) == 1
    # Exporting again replaces the files, leaving nothing else behind.
    export_images(_timeline(store, data_paths, storyboard_project), tmp_path / "imgs")
    assert sorted(p.name for p in (tmp_path / "imgs").iterdir()) == sorted(names)


def test_a_missing_final_image_is_named(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    timeline = _timeline(store, data_paths, storyboard_project)
    assert timeline.entries[2].image_path is not None
    timeline.entries[2].image_path.unlink()
    with pytest.raises(StoryboardError, match=r"scene 2, shot 1"):
        export_images(timeline, tmp_path / "imgs")


@pytest.mark.parametrize("kind", ["csv", "otio", "images", "pdf"])
def test_an_unwritable_path_gets_a_clear_message(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path, kind: str
) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    timeline = _timeline(store, data_paths, storyboard_project)
    with pytest.raises(StoryboardError, match=r"Cannot write|is a file") as caught:
        if kind == "csv":
            export_csv(timeline, blocker / "x.csv", 3.0)
        elif kind == "otio":
            export_otio(store, timeline, blocker / "x.otio", 3.0)
        elif kind == "images":
            export_images(timeline, blocker)
        else:
            from storyboard_app.exports.pdf import export_pdf

            export_pdf(timeline, blocker / "x.pdf", 3.0)
    assert "plain-file" in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_pdf_pages_hold_six_panels_with_scene_headers(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    from storyboard_app.exports.pdf import export_pdf
    from tests.exports.pdf_text import pdf_pages_text, squash

    fx = storyboard_project
    scene = store.scenes.list(fx.project_id)[1]
    for n in range(6):  # scene 2 grows to 8 shots: three rows, spilling onto another page
        store.scenes.add_shot(scene.id, f"extra shot number {n}", f"Extra {n}")
    result = export_pdf(_timeline(store, data_paths, fx), tmp_path / "b.pdf", 3.0)
    pages = pdf_pages_text(tmp_path / "b.pdf")
    assert result.pages == len(pages) == 3
    assert squash("Lighthouse at dusk") in squash(pages[0])
    assert squash("Brief: waves, lantern") in squash(pages[0])
    assert squash("Page 1 of 3") in squash(pages[0])
    second, third = squash(pages[1]), squash(pages[2])
    assert squash("Scene 1: Arrival") in second and squash("Scene 2: Night") in second
    assert squash("Shot 2 · 1.5 s · animated") in second
    assert squash("lighthouse, warmer light") in second  # the final image's prompt
    assert squash("Scene 2: Night (continued)") in third
    assert squash("Extra 5") in third and squash("Extra 5") not in second
    assert second.count(squash("No final image yet")) == 2  # scene 2, shots 2 and 3
    assert third.count(squash("No final image yet")) == 5  # shots 4 to 8
    # The same pages as another program reads them (pypdf's own text extraction).
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "b.pdf")
    assert len(reader.pages) == 3
    text = [squash(page.extract_text()) for page in reader.pages]
    assert squash("Lighthouse at dusk") in text[0]
    assert squash("Scene 2: Night (continued)") in text[2]
