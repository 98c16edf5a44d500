"""Rounds of six through the real `replicate` client against the local fake server."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.request import GenerationRequest
from storyboard_app.logs import setup_logging
from storyboard_app.paths import DataPaths
from storyboard_app.settings import ModelChoice, Settings
from storyboard_app.store.open_store import Store
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate
from tests.generation.conftest import EngineFactory, ShotIds


def files_containing(root: Path, *secrets: str) -> tuple[list[str], list[str]]:
    """Every file under `root` (database, -wal, -shm, logs, settings, media, cache), and those
    that contain one of `secrets` (as bytes, UTF-8 or UTF-16)."""
    needles = [n for s in secrets for n in (s.encode(), s.encode("utf-16-le"))]
    scanned: list[str] = []
    leaks: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = str(path.relative_to(root))
        scanned.append(name)
        data = path.read_bytes()
        if any(needle in data for needle in needles):
            leaks.append(name)
    return scanned, leaks


def _complete_round(make_engine: EngineFactory, shot: ShotIds, **kwargs: object) -> list:
    engine = make_engine()
    rows = engine.plan_round(shot.shot, **kwargs)  # type: ignore[arg-type]
    return engine.run_round([r.id for r in rows])


def test_round_of_six_records_everything(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine()
    assert engine.provider_name == "replicate"
    rows = engine.plan_round(shot.shot)
    assert [r.status for r in rows] == [ImageStatus.PENDING] * 6
    results = engine.run_round([r.id for r in rows])
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    assert fake_replicate.created_count == 6
    seeds = [r.seed for r in results]
    assert len(set(seeds)) == 6 and all(isinstance(s, int) for s in seeds)
    sent = {p.input["seed"]: p for p in fake_replicate.predictions.values()}
    for r in results:
        params = r.generation_params
        assert params["provider"] == "replicate"
        assert params["model"] == "black-forest-labs/flux-schnell"
        assert params["input"] == sent[r.seed].input  # every input sent is recorded
        assert params["input"]["prompt"] == "A lighthouse at dawn, waves breaking"
        assert params["predict_time"] == pytest.approx(0.18)
        assert params["timings"]["download_seconds"] >= 0
        assert r.replicate_image_id == sent[r.seed].id
        assert r.image_url.startswith(fake_replicate.url)
        assert engine.media.existing_path(r.image_storage_id) is not None
        assert engine.media.thumbnail_for(r.image_storage_id or "") is not None
    assert ("POST", "/v1/models/black-forest-labs/flux-schnell/predictions") in (
        fake_replicate.requests
    )
    assert fake_replicate.auth_headers == {f"Bearer {DEFAULT_TOKEN}"}


def test_image_to_image_uploads_the_parent_once(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    first = _complete_round(make_engine, shot)
    engine = make_engine()
    rows = engine.plan_round(shot.shot, parent_image_id=first[2].id, prompt="stormy", strength=0.4)
    results = engine.run_round([r.id for r in rows])
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    assert fake_replicate.upload_count == 1
    images = {r.generation_params["input"]["image"] for r in results}
    assert len(images) == 1 and images.pop().startswith(fake_replicate.url + "/files/")
    assert all(r.parent_image_id == first[2].id and r.iteration_number == 1 for r in results)
    assert all(r.generation_params["input"]["prompt_strength"] == 0.4 for r in results)
    assert all(r.generation_params["model"] == "black-forest-labs/flux-dev" for r in results)
    uploaded = next(iter(fake_replicate.files.values()))[1]
    assert uploaded == engine.media.path_for(first[2].image_storage_id or "").read_bytes()


def test_community_models_go_by_pinned_version(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    settings = Settings()
    version = "a" * 64
    settings.models["text_to_image"] = ModelChoice(f"stability-ai/sdxl:{version}", {"width": 64})
    engine = make_engine(settings=settings)
    rows = engine.plan_round(shot.shot)
    results = engine.run_round([r.id for r in rows])
    assert all(r.status == ImageStatus.COMPLETE for r in results)
    assert fake_replicate.requests.count(("POST", "/v1/predictions")) == 6
    assert {r.generation_params["version"] for r in results} == {version}
    assert {r.generation_params["model"] for r in results} == {"stability-ai/sdxl"}


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"status": 401}, "refused the API token"),
        ({"status": 402}, "out of credit"),
        (
            {"status": 422, "detail": "- input.aspect_ratio: must be one of 1:1, 16:9"},
            "rejected the input (aspect_ratio)",
        ),
        ({"status": 503}, "server error (503)"),
        ({"status": 429, "retry_after": 0.01}, "rate limiting"),
    ],
    ids=["bad-token", "no-credit", "invalid-input", "server-down", "rate-limit-storm"],
)
def test_create_errors_fail_every_variant_with_a_clear_message(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    fault: dict[str, object],
    expected: str,
    data_paths: DataPaths,
) -> None:
    fake_replicate.set_fault("create", times=None, **fault)
    results = _complete_round(make_engine, shot)
    assert all(r.status == ImageStatus.FAILED for r in results)
    assert all(expected in (r.error or "") for r in results), results[0].error
    assert all(r.image_storage_id is None for r in results)
    assert fake_replicate.created_count == 0
    assert files_containing(data_paths.root, DEFAULT_TOKEN)[1] == []


def test_the_token_reaches_no_file_of_the_data_folder(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root_logger = logging.getLogger()
    monkeypatch.setattr(root_logger, "level", root_logger.level)  # restored afterwards
    setup_logging(data_paths, level=logging.DEBUG)  # the most a log ever holds
    Settings.load(data_paths).save(data_paths)
    good = _complete_round(make_engine, shot)  # uploads, creates, polls, downloads
    assert all(r.status == ImageStatus.COMPLETE for r in good)
    parent = good[0]
    refined = _complete_round(make_engine, shot, prompt="waves, dusk", parent_image_id=parent.id)
    assert all(r.status == ImageStatus.COMPLETE for r in refined)
    wrong = "r8_LeakCheckWrongToken00000000000"
    refused = make_engine(token=wrong)
    with pytest.raises(GenerationError, match="refused the API token"):
        refused.plan_round(shot.shot)  # found before planning: no rows
    fake_replicate.set_fault("create", status=401, times=None)  # refused later: rows fail
    rows = _complete_round(make_engine, shot)
    assert all(r.status == ImageStatus.FAILED for r in rows)  # the 401 message is stored
    fake_replicate.clear_faults()
    for handler in root_logger.handlers:
        handler.flush()

    # With the store open the newest rows may live only in the WAL file: scan it too.
    wal = data_paths.database.with_name(data_paths.database.name + "-wal")
    scanned, leaks = files_containing(data_paths.root, DEFAULT_TOKEN, wrong)
    assert leaks == []
    assert wal.is_file() and str(wal.relative_to(data_paths.root)) in scanned
    assert any(name.startswith("logs") for name in scanned)
    assert any(name.startswith("media") for name in scanned)
    assert "settings.json" in scanned

    store.close()  # checkpoints the WAL into the database file
    scanned, leaks = files_containing(data_paths.root, DEFAULT_TOKEN, wrong)
    assert leaks == []
    assert data_paths.database.name in scanned

    control = tmp_path / "control"  # the scan does find a token where there is one
    (control / "logs").mkdir(parents=True)
    (control / "logs" / "app.log").write_text(f"header Bearer {wrong}\n", encoding="utf-16")
    assert files_containing(control, DEFAULT_TOKEN, wrong)[1] == [str(Path("logs", "app.log"))]


def test_transient_errors_are_retried_honouring_retry_after(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("create", status=429, retry_after=0.05, times=3)
    fake_replicate.set_fault("create", status=500, times=2)
    fake_replicate.set_fault("get", status=503, times=2)
    results = _complete_round(make_engine, shot)
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    assert fake_replicate.created_count == 6
    assert fake_replicate.create_attempts == 11


def test_dropped_connections_never_create_a_prediction_twice(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("create", drop=True, times=2)
    fake_replicate.set_fault("get", drop=True, times=3)
    fake_replicate.set_fault("download", drop=True, times=1)
    results = _complete_round(make_engine, shot)
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    assert fake_replicate.created_count == 6


def test_truncated_download_is_retried_and_nothing_corrupt_is_kept(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("download", truncate=True, times=2)
    results = _complete_round(make_engine, shot)
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    engine = make_engine()
    assert engine.media.verify(r.image_storage_id or "" for r in results).ok
    assert fake_replicate.created_count == 6


def test_non_image_download_fails_that_variant_only(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("download", not_image=True, times=1)
    results = _complete_round(make_engine, shot)
    failed = [r for r in results if r.status == ImageStatus.FAILED]
    assert len(failed) == 1 and "not a complete image" in (failed[0].error or "")
    assert failed[0].image_storage_id is None
    assert len(make_engine().media.stored_ids()) == 5


def test_content_filter_fails_one_and_retry_uses_a_new_seed(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("prediction", outcome="nsfw", times=1)
    results = _complete_round(make_engine, shot)
    failed = [r for r in results if r.status == ImageStatus.FAILED]
    assert len(failed) == 1 and "content filter" in (failed[0].error or "")
    assert failed[0].error_kind is ErrorKind.CONTENT_FILTER  # what retry tests, not the text
    assert sum(r.status == ImageStatus.COMPLETE for r in results) == 5
    engine = make_engine()
    again = engine.retry_variant(failed[0].id)
    assert again.status == ImageStatus.PENDING and again.seed != failed[0].seed
    assert again.generation_params["attempts"][0]["prediction_id"] == failed[0].replicate_image_id
    done = engine.run_variant(again.id)
    assert done.status == ImageStatus.COMPLETE and done.error is None
    assert fake_replicate.created_count == 7


def test_aborted_prediction_is_terminal(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("prediction", outcome="aborted", times=1)
    results = _complete_round(make_engine, shot)
    failed = [r for r in results if r.status == ImageStatus.FAILED]
    assert len(failed) == 1 and "aborted" in (failed[0].error or "")
    assert failed[0].error_kind is ErrorKind.ABORTED


def test_cancel_one_variant_and_a_whole_round(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    fake_replicate.latency = 30.0
    engine = make_engine()
    rows = engine.plan_round(shot.shot)
    cancel = CancelToken()
    results: list = []
    worker = threading.Thread(
        target=lambda: results.extend(engine.run_round([r.id for r in rows], cancel))
    )
    worker.start()
    try:
        deadline = threading.Event()
        while fake_replicate.created_count < 6 and not deadline.wait(0.02):
            pass
        engine.cancel_variant(rows[0].id)
        while store.images.get(rows[0].id).status != ImageStatus.FAILED and not deadline.wait(0.02):
            pass
        assert store.images.get(rows[1].id).status == ImageStatus.PROCESSING
        cancel.cancel()
    finally:
        cancel.cancel()
        worker.join(timeout=20)
    assert not worker.is_alive()
    assert all(r.status == ImageStatus.FAILED and r.error == "Cancelled" for r in results)
    assert all(r.error_kind is ErrorKind.CANCELLED for r in results)
    assert store.images.get(rows[0].id).error_kind is ErrorKind.CANCELLED  # read back
    assert fake_replicate.cancel_count == 6
    assert all(p.canceled_at is not None for p in fake_replicate.predictions.values())


def test_resume_after_outputs_expired_marks_failed_without_resubmitting(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine()
    rows = engine.plan_round(shot.shot)
    provider = engine.provider()
    for row in rows[:3]:  # a crash after these three were created and recorded
        request = GenerationRequest.from_params(store.images.get(row.id).generation_params)
        sub = provider.submit(request, CancelToken())
        store.images.record_prediction(row.id, sub.prediction_id)
    fake_replicate.latency = 0.0
    fake_replicate.expire_outputs()
    results = make_engine().resume()
    assert fake_replicate.created_count == 6  # three resumed by id, three submitted once
    by_id = {r.id: r for r in results}
    for row in rows[:3]:
        assert by_id[row.id].status == ImageStatus.FAILED
        assert "no longer available" in (by_id[row.id].error or "")
    for row in rows[3:]:
        assert by_id[row.id].status == ImageStatus.COMPLETE


def test_resume_finds_a_prediction_created_before_the_crash(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    """Killed between create and recording its id: resume finds it by its unique inputs."""
    engine = make_engine()
    rows = engine.plan_round(shot.shot)
    request = GenerationRequest.from_params(store.images.get(rows[0].id).generation_params)
    sub = engine.provider().submit(request, CancelToken())  # never recorded
    results = make_engine().resume()
    assert all(r.status == ImageStatus.COMPLETE for r in results)
    assert store.images.get(rows[0].id).replicate_image_id == sub.prediction_id
    assert fake_replicate.created_count == 6


def test_without_a_token_replicate_cannot_generate(
    make_engine: EngineFactory, shot: ShotIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPLICATE_API_TOKEN", raising=False)
    engine = make_engine(provider="replicate")
    ok, why = engine.can_generate()
    assert not ok and "REPLICATE_API_TOKEN" in why
    with pytest.raises(GenerationError, match="No Replicate token"):
        engine.plan_round(shot.shot)
    assert make_engine().provider_name == "offline"  # automatic choice without a token
