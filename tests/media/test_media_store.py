"""The content-addressed media store: checks, atomic writes, thumbnails, verify and gc."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from storyboard_app.media.store import MediaError, MediaStore
from tests.fakes.replicate_server import png_for_seed, tiny_mp4


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_put_bytes_is_content_addressed_with_one_thumbnail(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    data = png_for_seed(1, (400, 300))
    storage_id = media.put_bytes(data)
    assert storage_id == hashlib.sha256(data).hexdigest()
    assert media.path_for(storage_id).read_bytes() == data
    thumb = media.thumbnail_for(storage_id)
    assert thumb is not None and thumb.name.endswith(".thumb.jpg")
    with Image.open(thumb) as image:
        assert max(image.size) == 256
    made = thumb.stat().st_mtime_ns
    assert media.put_bytes(data) == storage_id  # the same bytes again: deduplicated
    assert media.thumbnail_for(storage_id) == thumb
    assert thumb.stat().st_mtime_ns == made  # made once
    assert len(_files(media.root)) == 2


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (png_for_seed(2)[:-30], "not a complete image"),
        (b"<html>Access denied</html>", "not a complete image"),
        (b"", "empty"),
    ],
    ids=["truncated", "not-an-image", "empty"],
)
def test_bad_images_never_enter_the_store(tmp_path: Path, data: bytes, fragment: str) -> None:
    media = MediaStore(tmp_path / "media")
    with pytest.raises(MediaError, match=fragment):
        media.put_bytes(data)
    assert _files(media.root) == []  # no temporary file left behind either


def test_size_and_pixel_limits(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media", max_bytes=500, max_pixels=10_000)
    with pytest.raises(MediaError, match="limit"):
        media.put_bytes(b"x" * 501)
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200)).save(buffer, format="PNG")
    with pytest.raises(MediaError, match="limit"):
        MediaStore(tmp_path / "media", max_pixels=10_000).put_bytes(buffer.getvalue())
    assert _files(media.root) == []


def test_videos_are_decoded_and_truncated_ones_refused(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    clip = tiny_mp4()
    storage_id = media.put_bytes(clip, kind="video")
    assert media.existing_path(storage_id) is not None
    assert media.thumbnail_for(storage_id) is None
    with pytest.raises(MediaError):
        media.put_bytes(clip[: len(clip) * 2 // 3], kind="video")
    with pytest.raises(MediaError, match="not a video"):
        media.put_bytes(png_for_seed(3), kind="video")
    assert len(_files(media.root)) == 1


def test_put_file_streams_and_reports_missing_source(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    source = tmp_path / "in.png"
    source.write_bytes(png_for_seed(4))
    assert media.put_file(source) == hashlib.sha256(source.read_bytes()).hexdigest()
    with pytest.raises(MediaError, match="There is no file"):
        media.put_file(tmp_path / "nope.png")


def test_a_full_disk_keeps_nothing_and_says_so(tmp_path: Path) -> None:
    """A file-size limit makes writes fail like a full disk does (EFBIG)."""
    root = tmp_path / "media"
    code = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from storyboard_app.media.store import MediaError, MediaStore
        from tests.fakes.replicate_server import png_for_seed
        data = png_for_seed(5, (640, 480))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(data) // 2, len(data) // 2))
        try:
            MediaStore(Path({str(root)!r})).put_bytes(data)
        except MediaError as exc:
            print(exc)
            sys.exit(0)
        sys.exit(3)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path.cwd()
    )
    assert result.returncode == 0, result.stderr
    assert "disk is full" in result.stdout
    assert _files(root) == []


def test_verify_finds_missing_and_damaged_files(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    good = media.put_bytes(png_for_seed(6))
    damaged = media.put_bytes(png_for_seed(7))
    path = media.path_for(damaged)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    missing = "f" * 64
    report = media.verify([good, damaged, missing])
    assert report.checked == 3
    assert report.missing == (missing,)
    assert [sid for sid, _ in report.corrupt] == [damaged]
    assert not report.ok
    assert media.verify([good]).ok


def test_gc_dry_run_then_removes_only_unreferenced(tmp_path: Path) -> None:
    media = MediaStore(tmp_path / "media")
    kept = media.put_bytes(png_for_seed(8))
    favourite = media.put_bytes(png_for_seed(9))
    orphan = media.put_bytes(png_for_seed(10))
    dry = media.gc([kept], protected=[favourite], dry_run=True)
    assert dry.removed == (orphan,) and dry.kept == 2
    assert media.existing_path(orphan) is not None
    done = media.gc([kept], protected=[favourite], dry_run=False)
    assert done.removed == (orphan,) and done.removed_bytes > 0
    assert media.existing_path(orphan) is None
    assert not media.layout.thumbnail_path_for(orphan).exists()
    assert media.existing_path(kept) and media.existing_path(favourite)
