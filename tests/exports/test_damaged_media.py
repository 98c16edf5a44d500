"""A damaged or missing stored file stops every export with one line naming the shot."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from storyboard_app.exports.images import export_images
from storyboard_app.exports.otio import export_otio
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.exports.video import segments_for
from storyboard_app.interchange.bundle import export_bundle
from storyboard_app.media.store import MediaContentError, MediaError, sha256_of_file, verified_file
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.exports.conftest import Fixture


def _final_path(store: Store, fx: Fixture, index: int) -> Path:
    image = store.images.get(fx.finals[fx.shot_ids[index]])
    assert image.image_storage_id is not None
    return fx.media.path_for(image.image_storage_id)


def _truncate(path: Path, size: int = 500) -> bytes:
    original = path.read_bytes()
    assert len(original) > size
    path.write_bytes(original[:size])
    return original


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("kind", ["images", "pdf", "otio", "video", "bundle"])
def test_a_truncated_final_image_stops_the_export_and_writes_nothing(
    capfd: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
    kind: str,
) -> None:
    fx = storyboard_project
    _truncate(_final_path(store, fx, 0))  # scene 1, shot 1
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / {"images": "imgs", "pdf": "b.pdf", "otio": "t.otio"}.get(
        kind, "v.mp4" if kind == "video" else "p.zip"
    )
    code, out, err = cli(capfd, data_paths, "export", str(fx.project_id), f"--{kind}", str(target))
    assert code == 1, (out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one clear line; no libpng "Read Error" noise
    assert "libpng" not in err and "Read Error" not in err
    assert "scene 1, shot 1" in lines[0]
    assert "damaged" in lines[0] and "storyboard-app media verify" in lines[0]
    assert "Retry the variant" not in lines[0]
    assert _leftovers(out_dir) == []  # no partial file, no temporary file, no folder


def test_a_damaged_alternate_variant_stops_the_bundle_and_the_timeline(
    capfd: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    fx = storyboard_project
    shot = fx.shot_ids[2]  # scene 2, shot 1; its final is variant 6 of its only round
    final = store.images.get(fx.finals[shot])
    other = next(
        img for img in store.images.round(shot, final.iteration_number) if img.id != final.id
    )
    assert other.image_storage_id is not None
    _truncate(fx.media.path_for(other.image_storage_id))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for flag, name in (("--bundle", "p.zip"), ("--otio", "t.otio")):
        code, _out, err = cli(
            capfd, data_paths, "export", str(fx.project_id), flag, str(out_dir / name)
        )
        assert code == 1
        assert len(err.strip().splitlines()) == 1, err
        assert f"variant {other.variant_number}" in err
        assert "scene 2, shot 1" in err and "damaged" in err
        assert _leftovers(out_dir) == []
    # Shot exports that do not read the variant still work.
    code, _out, err = cli(
        capfd, data_paths, "export", str(fx.project_id), "--images", str(out_dir / "imgs")
    )
    assert code == 0, err
    assert len(_leftovers(out_dir / "imgs")) == 3


def test_a_truncated_clip_names_its_shot_for_the_video_and_the_timeline(
    capfd: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    fx = storyboard_project
    selection = next(s for s in store.storyboard.list(fx.project_id) if s.shot_id == fx.clip_shot)
    assert selection.video_storage_id is not None
    # Export once so the probe and normalised copies are cached: a stale cache must not hide
    # the damage.
    first = tmp_path / "first.mp4"
    code, _out, err = cli(capfd, data_paths, "export", str(fx.project_id), "--video", str(first))
    assert code == 0, err
    _truncate(fx.media.path_for(selection.video_storage_id), 2000)
    for flag, name in (("--video", "v.mp4"), ("--otio", "t.otio")):
        target = tmp_path / name
        code, _out, err = cli(capfd, data_paths, "export", str(fx.project_id), flag, str(target))
        assert code == 1
        assert len(err.strip().splitlines()) == 1, err
        assert "clip of scene 1, shot 2 is damaged" in err
        assert not target.exists()


def test_no_export_is_written_when_one_of_several_would_read_a_damaged_file(
    capfd: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    fx = storyboard_project
    _truncate(_final_path(store, fx, 2))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _out, err = cli(
        capfd,
        data_paths,
        "export",
        str(fx.project_id),
        "--csv",
        str(out_dir / "s.csv"),
        "--images",
        str(out_dir / "imgs"),
        "--pdf",
        str(out_dir / "b.pdf"),
    )
    assert code == 1
    assert "scene 2, shot 1" in err
    assert _leftovers(out_dir) == []


def test_a_refused_bundle_works_again_once_the_file_is_restored(
    capfd: pytest.CaptureFixture[str],
    store: Store,
    data_paths: DataPaths,
    storyboard_project: Fixture,
    tmp_path: Path,
) -> None:
    """The reviewed scenario: the export used to succeed and the import then failed."""
    fx = storyboard_project
    path = _final_path(store, fx, 1)
    original = _truncate(path)
    bundle = tmp_path / "p.zip"
    with pytest.raises(MediaContentError, match=r"No bundle was written"):
        export_bundle(store, data_paths.media, fx.project_id, bundle)
    assert not bundle.exists() and _leftovers(tmp_path) == ["anim.mp4", "data"]
    path.write_bytes(original)  # restored from a backup
    export_bundle(store, data_paths.media, fx.project_id, bundle)
    with zipfile.ZipFile(bundle) as archive:
        assert archive.read(f"media/{path.name}") == original
    imported = cli(capfd, DataPaths(tmp_path / "fresh"), "import", "bundle", str(bundle))
    assert imported.code == 0
    assert "damaged" not in imported.err


def test_library_calls_check_too(
    store: Store, data_paths: DataPaths, storyboard_project: Fixture, tmp_path: Path
) -> None:
    """The GUI calls the exporters directly; they check without the command's pre-flight."""
    fx = storyboard_project
    path = _final_path(store, fx, 2)
    _truncate(path)
    timeline = load_timeline(store, data_paths.media, fx.project_id)
    label = re.escape("final image of scene 2, shot 1 is damaged")
    with pytest.raises(MediaContentError, match=label):
        export_images(timeline, tmp_path / "imgs")
    with pytest.raises(MediaContentError, match=label):
        export_otio(store, timeline, tmp_path / "t.otio", 3.0)
    with pytest.raises(MediaContentError, match=label):
        segments_for(timeline, 3.0)
    from storyboard_app.exports.pdf import export_pdf

    with pytest.raises(MediaContentError, match=label):
        export_pdf(timeline, tmp_path / "b.pdf", 3.0)
    path.unlink()
    with pytest.raises(MediaError, match=r"scene 2, shot 1 is missing"):
        export_pdf(timeline, tmp_path / "b.pdf", 3.0)
    assert _leftovers(tmp_path) == ["anim.mp4", "data"]


def test_verified_file_hashes_once_per_size_and_mtime(tmp_path: Path) -> None:
    data = b"storyboard" * 1000
    path = tmp_path / "x"
    path.write_bytes(data)
    stored = tmp_path / sha256_of_file(path)
    path.rename(stored)
    assert verified_file(stored, "test file") == stored
    # Same size and time: remembered as good, not read again (a swapped byte goes unseen).
    info = stored.stat()
    stored.write_bytes(b"X" + data[1:])
    os.utime(stored, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert verified_file(stored, "test file") == stored
    # Any change of size or time is read again and caught.
    os.utime(stored, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    with pytest.raises(MediaContentError, match=r"The test file is damaged"):
        verified_file(stored, "test file")
    with pytest.raises(MediaError, match=r"The test file is missing"):
        verified_file(tmp_path / ("0" * 64), "test file")
