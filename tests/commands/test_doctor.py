"""`doctor` tells a usable Replicate from a refused token or a dead network, and finds bad media."""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

import pytest

from storyboard_app.commands.context import CommandContext
from storyboard_app.commands.doctor import check_media
from storyboard_app.domain.errors import StoryboardError
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate


def doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    code, out, err = cli(capsys, None, "doctor", "--json")
    report = json.loads(out)
    checks = {c["name"]: c for c in report["checks"]}
    assert report["ok"] is (code == 0) and report["ok"] is all(c["ok"] for c in checks.values())
    return code, checks, out + err


def drawn_images(store: Store, paths: DataPaths) -> list[str]:
    """Six offline-drawn images of one shot; their storage ids."""
    project = store.projects.create("Doctor", "")
    scene = store.scenes.add_scene(project.id, "One", "")
    shot = store.scenes.add_shot(scene.id, "a red kite over a beach", "")
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    done = engine.run_round([r.id for r in engine.plan_round(shot.id)])
    ids = [i.image_storage_id for i in done]
    assert all(ids)
    return [i for i in ids if i]


def test_a_working_token_is_checked_against_replicate(
    data_paths: DataPaths, fake_replicate: FakeReplicate, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks, _ = doctor(capsys)
    assert code == 0
    assert checks["replicate"]["ok"]
    assert "Connected to Replicate" in checks["replicate"]["detail"]
    assert f"Bearer {DEFAULT_TOKEN}" in fake_replicate.auth_headers  # it really asked


def test_a_refused_token_is_reported_without_showing_it(
    data_paths: DataPaths,
    fake_replicate: FakeReplicate,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = "r8_DoctorWrongToken000000000000000"
    monkeypatch.setenv("REPLICATE_API_TOKEN", wrong)
    code, checks, text = doctor(capsys)
    assert code == 1
    assert not checks["replicate"]["ok"]
    assert "refused the token" in checks["replicate"]["detail"]
    assert checks["database"]["ok"] and checks["media"]["ok"]  # only the real problem is BAD
    assert wrong not in text and f"Bearer {wrong}" in fake_replicate.auth_headers

    out = cli(capsys, None, "doctor").out  # the plain text names the failing line
    assert any(line.startswith("BAD  replicate") for line in out.splitlines())
    assert wrong not in out


def test_a_network_that_is_down_is_reported_quickly(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("REPLICATE_API_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", f"http://127.0.0.1:{port}")
    started = time.monotonic()
    code, checks, text = doctor(capsys)
    assert time.monotonic() - started < 30  # bounded by the short timeout, not hanging
    assert code == 1
    assert "Could not reach Replicate" in checks["replicate"]["detail"]
    assert DEFAULT_TOKEN not in text


@pytest.mark.parametrize(
    ("answer", "ok", "expected"),
    [
        # an official model described without the fields the client's pydantic model wants
        ((200, {"owner": "black-forest-labs", "name": "flux-schnell"}), True, "Connected"),
        ((200, b"<html><body>maintenance</body></html>"), False, "not in a form"),
        ((200, ["not", "a", "model"]), False, "not with a model description"),
        ((500, {"title": "Oops", "detail": "line one\nline two\n  line three"}), False, "500"),
    ],
)
def test_the_replicate_check_says_whatever_the_server_answers_in_one_line(
    data_paths: DataPaths,
    fake_replicate: FakeReplicate,
    capsys: pytest.CaptureFixture[str],
    answer: tuple[int, Any],
    ok: bool,
    expected: str,
) -> None:
    fake_replicate.model_answer = answer
    _code, checks, _text = doctor(capsys)
    detail = checks["replicate"]["detail"]
    assert checks["replicate"]["ok"] is ok and expected in detail, detail
    assert "\n" not in detail and "validation error" not in detail.lower()
    out = cli(capsys, None, "doctor").out
    assert len(out.strip().splitlines()) == len(checks), out  # one line per check


def test_without_a_token_nothing_is_sent_and_that_is_fine(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks, _ = doctor(capsys)
    assert code == 0
    assert checks["replicate"]["detail"].startswith("not checked: no token")


def test_missing_and_corrupted_media_files_are_found(
    data_paths: DataPaths,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = drawn_images(store, data_paths)
    code, checks, _ = doctor(capsys)
    assert code == 0, checks["media"]
    assert "6 referenced files present, all 6 hash-checked" in checks["media"]["detail"]

    media = MediaStore(data_paths.media)
    damaged = media.existing_path(ids[1])
    assert damaged is not None
    damaged.chmod(0o644)
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # truncated: a disk or sync fault
    gone = media.existing_path(ids[2])
    assert gone is not None
    gone.unlink()

    code, checks, _ = doctor(capsys)
    assert code == 1
    detail = checks["media"]["detail"]
    assert not checks["media"]["ok"]
    assert "1 referenced file(s) missing, 1 damaged" in detail
    assert f"{ids[1][:12]}…" in detail and f"{ids[2][:12]}…" in detail
    assert "media verify" in detail


def test_the_hash_check_is_bounded_to_the_newest_files(data_paths: DataPaths, store: Store) -> None:
    ids = drawn_images(store, data_paths)
    media = MediaStore(data_paths.media)
    old = time.time() - 3600
    for storage_id in ids:
        path = media.existing_path(storage_id)
        assert path is not None
        os.utime(path, (old, old))
    recent = media.existing_path(ids[4])
    assert recent is not None
    os.utime(recent, None)  # the one most recently changed
    ctx = CommandContext(str(data_paths.root), print_json=print)
    try:
        detail = check_media(ctx, limit=2)
        assert "the 2 most recently changed hash-checked" in detail
        assert "check all 6" in detail

        # A damaged old file outside the bound goes unseen by doctor (media verify finds it),
        # but a damaged file that was just changed is among the newest and is found.
        stale = media.existing_path(ids[0])
        assert stale is not None
        stale.chmod(0o644)
        stale.write_bytes(b"not a picture")
        os.utime(stale, (old - 60, old - 60))
        check_media(ctx, limit=2)
        os.utime(stale, None)
        with pytest.raises(StoryboardError, match="1 damaged"):
            check_media(ctx, limit=2)
    finally:
        ctx.close()
