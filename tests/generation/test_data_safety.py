"""Generation keeps the data safe under bad input and concurrency (issue 13's generation
parts): one round at a time per shot, no SQL text on screen, a refused token or a dead
network found before anything is planned, a full log disk that prints nothing, polite polling.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.replicate_provider import PollPolicy
from storyboard_app.generation.request import GenerationRequest
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.images import ROUND_RUNNING, RoundRunningError
from tests.conftest import ROOT, cli
from tests.fakes.replicate_server import FakeReplicate
from tests.generation.conftest import EngineFactory, ShotIds

SQL_WORDS = ("INSERT", "SELECT", "UPDATE", "[SQL", "parameters", "Traceback")


def _integrity_ok(paths: DataPaths) -> None:
    with contextlib.closing(sqlite3.connect(paths.database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- one round at a time per shot ---------------------------------------------------------------


def test_two_generate_at_once_run_one_round_and_refuse_the_other(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, store: Store
) -> None:
    fake_replicate.latency = 5.0  # the first round is still running when the second asks
    command = [sys.executable, "-m", "storyboard_app", "--data-dir", str(data_paths.root),
               "generate", str(shot.shot)]  # fmt: skip
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    codes = sorted(code for code, _out, _err in outcomes)
    assert codes == [0, 1], outcomes
    refused_err = next(err for code, _out, err in outcomes if code == 1)
    lines = refused_err.strip().splitlines()
    assert len(lines) == 1 and ROUND_RUNNING in lines[0], refused_err
    assert not any(word in refused_err for word in (*SQL_WORDS, "IntegrityError"))
    images = store.images.for_shot(shot.shot)
    assert len(images) == 6 and {i.iteration_number for i in images} == {0}
    assert all(i.status == ImageStatus.COMPLETE for i in images)
    assert fake_replicate.created_count == 6
    _integrity_ok(data_paths)


def test_rounds_asked_for_at_once_never_collide(
    offline_provider: str, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine()
    start = threading.Barrier(4)
    planned: list[int] = []
    refused: list[BaseException] = []

    def plan() -> None:
        start.wait()
        try:
            rows = engine.plan_round(shot.shot)
            planned.append(rows[0].iteration_number)
        except BaseException as exc:
            refused.append(exc)

    threads = [threading.Thread(target=plan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert planned == [0]
    assert len(refused) == 3 and all(isinstance(e, RoundRunningError) for e in refused), refused
    with pytest.raises(RoundRunningError, match=ROUND_RUNNING):
        engine.plan_round(shot.shot)  # still pending: refused again
    done = engine.run_round([i.id for i in store.images.for_shot(shot.shot)])
    assert all(i.status == ImageStatus.COMPLETE for i in done)
    assert engine.plan_round(shot.shot)[0].iteration_number == 1  # finished: the next may start


def test_an_unexpected_database_error_shows_no_sql(
    offline_provider: str, data_paths: DataPaths, shot: ShotIds
) -> None:
    with contextlib.closing(sqlite3.connect(data_paths.database)) as db:
        db.execute(  # the database refuses new variants: an error the app does not expect
            "CREATE TRIGGER refuse_rows BEFORE INSERT ON shot_images "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        db.commit()
    result = cli(None, data_paths, "generate", str(shot.shot), "--prompt", "secret harbour plan")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "unexpected error (IntegrityError" in lines[0], result.err
    assert not any(word in result.err for word in SQL_WORDS), result.err
    assert "secret harbour plan" not in result.err and "shot_images" not in result.err
    assert "secret harbour plan" in (data_paths.logs / "crash.log").read_text()  # for us
    _integrity_ok(data_paths)


# -- fail fast ----------------------------------------------------------------------------------


def test_a_refused_token_is_found_before_any_row_is_made(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, store: Store
) -> None:
    wrong = "r8_RefusedBeforePlanning000000000"
    for _ in range(2):  # every attempt: nothing planned
        result = cli(
            None, data_paths, "generate", str(shot.shot), env={"REPLICATE_API_TOKEN": wrong}
        )
        assert result.code == 1
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "refused the API token" in lines[0], result.err
        assert wrong not in result.err + result.out
    assert store.images.for_shot(shot.shot) == []
    assert fake_replicate.requests.count(("GET", "/v1/account")) == 2
    assert fake_replicate.create_attempts == 0
    _integrity_ok(data_paths)


def test_no_network_is_found_before_any_row_is_made(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, store: Store
) -> None:
    down = f"http://127.0.0.1:{_closed_port()}"
    result = cli(None, data_paths, "generate", str(shot.shot), env={"REPLICATE_BASE_URL": down})
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Cannot reach Replicate" in lines[0], result.err
    assert store.images.for_shot(shot.shot) == []


def test_animate_with_a_refused_token_starts_nothing(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, store: Store
) -> None:
    first = cli(None, data_paths, "generate", str(shot.shot), "--provider", "offline", "--json")
    assert first.code == 0, first.err
    image = store.images.for_shot(shot.shot)[0]
    store.images.select_final(image.id)
    result = cli(None,
        data_paths, "animate", str(shot.project), "--provider", "replicate",
        env={"REPLICATE_API_TOKEN": "r8_WrongForAnimation0000000000000"},
    )  # fmt: skip
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "refused the API token" in lines[0], result.err
    assert all(s.animation_status is None for s in store.storyboard.list(shot.project))
    assert fake_replicate.create_attempts == 0 and fake_replicate.upload_count == 0


def test_the_engine_refuses_before_planning_with_a_typed_kind(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine(token="r8_EngineWrongToken00000000000000")
    with pytest.raises(GenerationError) as caught:
        engine.plan_round(shot.shot)
    assert caught.value.kind is ErrorKind.AUTH
    assert store.images.for_shot(shot.shot) == []


# -- a full disk is reported once ---------------------------------------------------------------


@contextlib.contextmanager
def _full_disk(where: Path) -> Iterator[str]:
    """`where` on a full disk: a small tmpfs filled up when this process may mount (root),
    else only the log file, as a link to /dev/full (every write fails with ENOSPC)."""
    where.mkdir(parents=True)
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(where)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        if mounted:
            (where / "logs").mkdir()
            (where / "logs" / "storyboard.log").touch()
            (where / "media").mkdir()
            with contextlib.suppress(OSError), (where / "filler").open("wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        else:
            (where / "logs").mkdir()
            (where / "logs" / "storyboard.log").symlink_to("/dev/full")
            (where / "media").mkdir()
        yield "tmpfs" if mounted else "/dev/full"
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_during_generate_is_reported_once(
    fake_replicate: FakeReplicate, data_paths: DataPaths, shot: ShotIds, tmp_path: Path
) -> None:
    with _full_disk(tmp_path / "full") as how:
        for name in ("logs", "media"):  # the log and the media store on the full disk
            target = data_paths.root / name
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
            target.symlink_to(tmp_path / "full" / name)
        fake_replicate.set_fault("get", status=503, times=6)  # retried polls are logged
        fake_replicate.set_fault("download", drop=True, times=2)  # so are retried downloads
        result = cli(None, data_paths, "generate", str(shot.shot))
    assert "Logging error" not in result.err and "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    if how == "tmpfs":  # the media store is full too: said once, by the command
        assert result.code == 1 and len(lines) == 1, result.err
        assert "disk is full" in lines[0], result.err
    else:
        assert result.code == 0 and lines == [], result.err


# -- polite polling -----------------------------------------------------------------------------


def test_polling_asks_at_most_twice_a_second_and_backs_off(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.latency = 3.0
    engine = make_engine()
    engine.poll = PollPolicy()  # the shipped cadence, not the tests' quick one
    rows = engine.run_round([r.id for r in engine.plan_round(shot.shot)])
    assert all(r.status == ImageStatus.COMPLETE for r in rows)
    assert len(fake_replicate.get_times) == 6
    for prediction_id, times in fake_replicate.get_times.items():
        created = fake_replicate.predictions[prediction_id].created
        assert 3 <= len(times) <= 7, times  # 3 s at ≤ 2 requests per second
        gaps = [b - a for a, b in zip([created, *times], times, strict=False)]
        assert min(gaps) >= 0.45, gaps
    policy = PollPolicy()
    assert policy.interval(0) == 0.5 and policy.interval(600) == 2.0
    ages = [0, 5, 10, 15, 20, 60]
    assert [policy.interval(a) for a in ages] == sorted(policy.interval(a) for a in ages)


# -- requests read back -------------------------------------------------------------------------


def test_a_request_is_rebuilt_from_its_recorded_params() -> None:
    request = GenerationRequest(
        purpose="image_to_image",
        model="stability-ai/sdxl:" + "ab" * 32,
        inputs={"prompt": "a harbour", "seed": 7, "image": "https://x/y.png"},
        seed=7,
        parent_image_id=3,
    )
    again = GenerationRequest.from_params(request.params(), parent_image_id=3)
    assert again == request
    old_row = GenerationRequest.from_params({"model": "owner/name", "input": None, "seed": True})
    assert old_row.purpose == "text_to_image" and old_row.inputs == {} and old_row.seed is None
