"""The editorial folder, checked with tools nobody here wrote: OpenTimelineIO and its adapters
read it back after the folder is moved, pycmx parses the EDL, and the timeline converted for
Kdenlive renders with MLT's `melt` showing each shot's pick."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import opentimelineio as otio
import pycmx
import pytest

from storyboard_app.exports.editorial import export_editorial
from storyboard_app.exports.run import ExportRequest, run_export
from storyboard_app.exports.sequence import METADATA_KEY
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.exports.conftest import Fixture
from tests.exports.editorial_helpers import (
    DEFAULT_SECONDS,
    SolidProject,
    distance,
    make_solid_project,
    mean_colour,
)

NAME = "lighthouse-at-dusk"


def _export(store: Store, data_paths: DataPaths, project_id: int, folder: Path, **kw: float):
    timeline = load_timeline(store, data_paths.media, project_id)
    return export_editorial(store, timeline, folder, kw.pop("seconds", 3.0), **kw)


def _resolves(folder: Path, url: str) -> Path:
    assert "://" not in url and not url.startswith("/"), url  # relative, never absolute
    path = folder / unquote(url)
    assert path.is_file(), url
    return path


def test_the_moved_folder_reloads_and_every_reference_resolves(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    result = _export(store, data_paths, storyboard_project.project_id, tmp_path / "edit")
    assert (result.clips, result.stills, result.gaps, result.alternates) == (1, 2, 1, 15)
    moved = Path(shutil.move(tmp_path / "edit", tmp_path / "elsewhere"))
    assert not (tmp_path / "edit").exists()
    names = sorted(p.name for p in moved.iterdir())
    timelines = [f"{NAME}.edl", f"{NAME}.otio", f"{NAME}.xml", f"{NAME}_alternates.otio"]
    assert names == [*timelines, "media"]
    media = sorted(p.name for p in (moved / "media").iterdir() if p.is_file())
    assert media == [
        "S01_SH01_wide-establishing.png",
        "S01_SH02_keeper-on-stairs.mp4",
        "S02_SH01_lamp-close-up.png",
    ]
    timeline = otio.adapters.read_from_file(str(moved / f"{NAME}.otio"))
    clips = list(timeline.find_clips())
    assert [_resolves(moved, c.media_reference.target_url).name for c in clips] == media
    bin_ = otio.adapters.read_from_file(str(moved / f"{NAME}_alternates.otio"))
    alternates = list(bin_.find_clips())
    assert len(alternates) == 15
    for clip in alternates:
        path = _resolves(moved, clip.media_reference.target_url)
        assert re.fullmatch(r"S0\d_SH0\d_alt\d_[a-z-]+\.png", path.name), path.name
    xml = otio.adapters.read_from_file(str(moved / f"{NAME}.xml"), adapter_name="fcp_xml")
    assert [_resolves(moved, c.media_reference.target_url).name for c in xml.find_clips()] == media
    assert xml.global_start_time == otio.opentime.RationalTime(86400, 24)


def test_the_main_sequence_is_the_cut_at_the_project_rate_from_one_hour(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    store.projects.set_look(fx.project_id, fps=25)
    _export(store, data_paths, fx.project_id, tmp_path / "edit")
    timeline = otio.adapters.read_from_file(str(tmp_path / "edit" / f"{NAME}.otio"))
    assert len(timeline.tracks) == 1  # the cut only: no alternates track above it
    track = timeline.tracks[0]
    assert [type(item).__name__ for item in track] == ["Clip", "Clip", "Clip", "Gap"]
    assert timeline.global_start_time == otio.opentime.RationalTime(90000, 25)
    assert otio.opentime.to_timecode(timeline.global_start_time, 25) == "01:00:00:00"
    assert [item.duration() for item in track] == [
        otio.opentime.RationalTime(frames, 25) for frames in (75, 38, 50, 75)
    ]  # 3 s default, the 1.5 s clip (rounded to a frame), 2 s set by the user, the gap
    assert [item.name for item in track] == [
        "S01 SH01 — Wide establishing",
        "S01 SH02 — Keeper on stairs",
        "S02 SH01 — Lamp close-up",
        "S02 SH02 — Gull (no final image)",
    ]
    first = track[0].metadata[METADATA_KEY]
    assert (first["seed"], first["model"], first["provider"]) == (
        1004,
        "black-forest-labs/flux-schnell",
        "offline",
    )
    assert [step["iteration"] for step in first["lineage"]] == [1, 0]
    assert len(first["alternates"]) == 5
    assert track[1].metadata[METADATA_KEY]["media"] == "clip"
    assert track[3].metadata[METADATA_KEY]["shot_id"] == fx.shot_ids[3]
    markers = [
        (m.name, m.marked_range.start_time.value, m.marked_range.duration.value)
        for m in timeline.tracks.markers
    ]
    assert markers == [("Scene 1: Arrival", 0, 113), ("Scene 2: Night", 113, 125)]


def test_the_edl_parses_with_pycmx_even_with_newlines_in_prompts(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    fx = storyboard_project
    store.scenes.edit_shot(fx.shot_ids[0], description="Wide\nTITLE: injected")
    store.scenes.edit_shot(fx.shot_ids[1], description="Keeper\r\non the\n\nstairs 夜明け")
    assert "\n" in store.scenes.get_shot(fx.shot_ids[0]).description  # kept as typed
    _export(store, data_paths, fx.project_id, tmp_path / "edit")
    text = (tmp_path / "edit" / f"{NAME}.edl").read_text(encoding="utf-8")
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    assert list(edl.unrecognized_statements) == []
    assert edl.title == "Lighthouse at dusk"
    edits = [edit for event in edl.events for edit in event.edits]
    assert [e.record_in for e in edits] == ["01:00:00:00", "01:00:03:00", "01:00:04:12"]
    assert [e.record_out for e in edits] == ["01:00:03:00", "01:00:04:12", "01:00:06:12"]
    assert [e.clip_name for e in edits] == [
        "S01 SH01 — Wide TITLE: injected",
        "S01 SH02 — Keeper on the stairs 夜明け",
        "S02 SH01 — Lamp close-up",
    ]
    sources = [line[len("* FROM CLIP: ") :] for line in text.splitlines() if "FROM CLIP: " in line]
    assert sources == [
        "media/S01_SH01_wide-title-injected.png",
        "media/S01_SH02_keeper-on-the-stairs-夜明け.mp4",
        "media/S02_SH01_lamp-close-up.png",
    ]
    bare = ("TITLE: inj", "on the", "stairs")
    assert not any(line.startswith(bare) for line in text.splitlines())
    xml = ElementTree.parse(tmp_path / "edit" / f"{NAME}.xml")
    files = {f.findtext("name") for f in xml.iter("file")}
    assert files == {Path(source).name for source in sources}  # readable, not %-encoded


def _render_with_melt(folder: Path, frames: int, out: Path) -> list[Path]:
    """Convert the folder's .otio to a Kdenlive project beside it and render it with melt."""
    otio_file = next(folder.glob("*[!s].otio"))
    timeline = otio.adapters.read_from_file(str(otio_file))
    project = folder / "converted.kdenlive"
    otio.adapters.write_to_file(timeline, str(project), adapter_name="kdenlive")
    out.mkdir()
    # melt's image producer is Qt's: it needs an X server, a private Xvfb here.
    subprocess.run(
        [
            *("xvfb-run", "-a", "melt", "-quiet", str(project), f"out={frames - 1}"),
            *("-consumer", f"avformat:{out}/frame%05d.png", "vcodec=png", "s=64x36"),
            "real_time=0",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return sorted(out.glob("frame*.png"))


def test_the_kdenlive_conversion_renders_each_pick_and_black_gaps(
    store: Store, data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    solid: SolidProject = make_solid_project(store, data_paths, tmp_path)
    folder = tmp_path / "edit"
    _export(store, data_paths, solid.project_id, folder, seconds=DEFAULT_SECONDS)
    lengths = [round(shot.seconds * solid.fps) for shot in solid.shots]
    rendered = _render_with_melt(folder, sum(lengths), tmp_path / "frames")
    capsys.readouterr()  # the deprecated Kdenlive adapter prints on stdout
    assert len(rendered) == sum(lengths)
    start = 0
    for shot, length in zip(solid.shots, lengths, strict=True):
        expected = shot.colour or (0, 0, 0)
        for frame in (start + 2, start + length // 2, start + length - 3):
            seen = mean_colour(rendered[frame])
            assert distance(seen, expected) < 40, (shot, frame, seen)
        start += length


def test_a_crossfade_puts_the_videos_dissolves_in_every_timeline(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    solid = make_solid_project(store, data_paths, tmp_path)
    request = ExportRequest(
        solid.project_id,
        video=tmp_path / "cut.mp4",
        editorial=tmp_path / "edit",
        default_seconds=DEFAULT_SECONDS,
        crossfade=0.4,  # 10 frames at 25 fps
    )
    result = run_export(store, data_paths.media, data_paths.cache, request)
    folder = tmp_path / "edit"
    otio_file = next(folder.glob("*[!s].otio"))
    timeline = otio.adapters.read_from_file(str(otio_file))
    track = timeline.tracks[0]
    transitions = [item for item in track if isinstance(item, otio.schema.Transition)]
    assert len(transitions) == len(solid.shots) - 1
    assert {(t.in_offset.value, t.out_offset.value) for t in transitions} == {(5, 5)}
    lengths = [round(s.seconds * solid.fps) for s in solid.shots]
    assert track.duration().value == sum(lengths) - 10 * (len(lengths) - 1)
    # The video dissolves the same way: its length is the timeline's (the video's own
    # handling of a gap aside, so the gap's length is left out on both sides).
    assert result.video is not None
    stills_and_clips = [n for n, s in zip(lengths, solid.shots, strict=True) if s.colour]
    expected_video = (sum(stills_and_clips) - 10 * (len(stills_and_clips) - 1)) / solid.fps
    if result.video.assembly.segments == len(solid.shots):  # a gap became a slate
        expected_video = track.duration().to_seconds()
    assert result.video.assembly.duration == pytest.approx(expected_video, abs=0.05)
    edl = pycmx.parse_cmx3600(io.StringIO(next(folder.glob("*.edl")).read_text("utf-8")))
    assert list(edl.unrecognized_statements) == []
    dissolves = [e for ev in edl.events for e in ev.edits if e.transition.dissolve]
    pictures = [shot.colour is not None for shot in solid.shots]
    between_pictures = sum(a and b for a, b in itertools.pairwise(pictures))
    assert len(dissolves) == between_pictures  # into and out of a gap: a cut
    assert {e.transition.effect_duration for e in dissolves} == {10}
    xml = ElementTree.parse(next(folder.glob("*.xml")))
    spans = [
        (int(t.findtext("start", "")), int(t.findtext("end", "")))
        for t in xml.iter("transitionitem")
    ]
    assert [end - start for start, end in spans] == [10] * (len(solid.shots) - 1)


def test_a_crossfade_longer_than_a_shot_is_refused_before_anything_is_written(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    from storyboard_app.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="longer than the shortest shot"):
        _export(store, data_paths, storyboard_project.project_id, tmp_path / "e", crossfade=1.6)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".", "e"))] == []


def test_a_crossfade_with_a_gap_first_makes_an_edl_that_reads_back(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    from tests.exports.editorial_helpers import RED, SolidShot

    shots = (SolidShot(None, 1.0), SolidShot(RED, 1.2), SolidShot(RED, 1.4))
    solid = make_solid_project(store, data_paths, tmp_path, shots=shots)
    request = ExportRequest(
        solid.project_id, editorial=tmp_path / "edit", default_seconds=1.0, crossfade=0.4
    )
    run_export(store, data_paths.media, data_paths.cache, request)
    path = next((tmp_path / "edit").glob("*.edl"))
    text = path.read_text("utf-8")
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    assert list(edl.unrecognized_statements) == []
    edits = [edit for event in edl.events for edit in event.edits]
    # A gap is a cut in and out (an EDL has no dissolve from black here), and the
    # record time still starts at one hour; the two pictures dissolve into each other.
    assert [e.transition.dissolve for e in edits if e.source_file != "BL"].count(True) == 1
    # The gap (25 frames, less half the dissolve after it) comes first, from one hour.
    assert edits[0].record_in == "01:00:00:20"
    main = otio.adapters.read_from_file(str(next((tmp_path / "edit").glob("*[!s].otio"))))
    length = main.tracks[0].duration().value
    assert length == 25 + 30 + 35 - 2 * 10  # the .otio keeps both dissolves
    end = otio.opentime.from_timecode(edits[-1].record_out, solid.fps).value
    assert end - 3600 * solid.fps == length  # the EDL ends where the .otio ends
    back = otio.adapters.read_from_file(str(path), adapter_name="cmx_3600", rate=solid.fps)
    assert len([c for c in back.find_clips() if c.name.startswith("S0")]) == 2


def test_a_timeline_that_does_not_read_back_says_what_failed(tmp_path: Path) -> None:
    from storyboard_app.domain.errors import EnvironmentProblemError, StoryboardError
    from storyboard_app.exports.editorial_formats import write_checked

    def frames(n: int, start: int = 0) -> otio.opentime.TimeRange:
        return otio.opentime.TimeRange(
            otio.opentime.RationalTime(start, 25), otio.opentime.RationalTime(n, 25)
        )

    # What the EDL of a crossfade after a leading gap used to be: it writes, but the
    # adapter cannot read its dissolve from black back.
    track = otio.schema.Track()
    track.append(otio.schema.Gap(source_range=frames(25)))
    track.append(
        otio.schema.Transition(
            in_offset=otio.opentime.RationalTime(5, 25),
            out_offset=otio.opentime.RationalTime(5, 25),
        )
    )
    track.append(otio.schema.Clip(name="x", source_range=frames(20, start=5)))
    broken = otio.schema.Timeline(name="cut", tracks=[track])
    with pytest.raises(StoryboardError) as caught:
        write_checked(broken, tmp_path / "cut.edl", "cmx_3600")
    message = str(caught.value)
    assert not isinstance(caught.value, EnvironmentProblemError)  # not the machine's fault
    assert "disk" not in message
    assert message.startswith("The EDL timeline written to cut.edl does not read back (")
    assert "Transitions can't be at the very beginning of a track" in message
