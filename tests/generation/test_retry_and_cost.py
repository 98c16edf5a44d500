"""Retry in place and the cost of every prediction, against the fake Replicate server."""

from __future__ import annotations

import json

import pytest

from storyboard_app.cli import run
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.generation.engine import NEW_SEED_AFTER
from storyboard_app.generation.pricing import PriceTable
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.store.open_store import Store
from tests.fakes.replicate_server import FakeReplicate
from tests.generation.conftest import EngineFactory, ShotIds


def _round(make_engine: EngineFactory, shot: ShotIds) -> list:
    engine = make_engine()
    rows = engine.plan_round(shot.shot)
    return engine.run_round([r.id for r in rows])


def test_retry_keeps_the_row_and_the_seed_and_makes_exactly_one_prediction(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    fake_replicate.set_fault("prediction", outcome="invalid_output", times=1)
    results = _round(make_engine, shot)
    (failed,) = [r for r in results if r.status == ImageStatus.FAILED]
    assert failed.error_kind not in NEW_SEED_AFTER  # those draw a new seed on purpose
    created = fake_replicate.created_count
    engine = make_engine()
    again = engine.retry_variant(failed.id)
    assert again.id == failed.id and again.seed == failed.seed  # same row, same seed
    assert again.status == ImageStatus.PENDING and again.replicate_image_id is None
    (attempt,) = again.attempts
    assert attempt["prediction_id"] == failed.replicate_image_id
    assert attempt["error"] == failed.error and attempt["seed"] == failed.seed
    done = engine.run_variant(failed.id)
    assert done.status == ImageStatus.COMPLETE and done.error is None
    assert fake_replicate.created_count == created + 1
    assert done.attempts == again.attempts  # the history survives the successful run
    assert done.replicate_image_id not in (None, failed.replicate_image_id)
    assert len(store.images.round(shot.shot, 0)) == 6  # no new row


def test_retry_with_a_new_seed_and_refusing_a_completed_variant(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("prediction", outcome="invalid_output", times=1)
    results = _round(make_engine, shot)
    (failed,) = [r for r in results if r.status == ImageStatus.FAILED]
    engine = make_engine()
    again = engine.retry_variant(failed.id, new_seed=True)
    assert again.seed != failed.seed and again.generation_params["input"]["seed"] == again.seed
    done = next(r for r in results if r.status == ImageStatus.COMPLETE)
    with pytest.raises(InvalidInputError, match="only a failed or cancelled"):
        engine.retry_variant(done.id)


def test_retry_all_failed_of_a_round(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds
) -> None:
    fake_replicate.set_fault("prediction", outcome="invalid_output", times=2)
    results = _round(make_engine, shot)
    failed = {r.id for r in results if r.status == ImageStatus.FAILED}
    assert len(failed) == 2
    engine = make_engine()
    retried = engine.retry_failed(shot.shot, 0)
    assert {r.id for r in retried} == failed
    finished = engine.run_round(sorted(failed))
    assert all(r.status == ImageStatus.COMPLETE for r in finished)


def test_the_cost_of_a_round_is_the_price_table_times_the_predictions(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    data_paths: DataPaths,
) -> None:
    price = PriceTable.shipped().get("black-forest-labs/flux-schnell")
    assert price is not None and price.unit == "image" and price.usd
    fake_replicate.set_fault("prediction", outcome="invalid_output", times=1)
    results = _round(make_engine, shot)
    complete = [r for r in results if r.status == ImageStatus.COMPLETE]
    assert {r.cost_usd for r in complete} == {price.usd}
    failed = [r for r in results if r.status == ImageStatus.FAILED]
    assert [r.cost_usd for r in failed] == [None]  # no output, no known cost: never 0
    report = store.costs.project(shot.project)
    assert report.total.usd == pytest.approx(price.usd * 5)
    assert report.total.predictions == 6 and report.total.unknown == 1
    assert report.as_json()["by_model"] == {"black-forest-labs/flux-schnell": pytest.approx(0.015)}


def test_unknown_price_stays_unknown_and_hardware_prices_use_predict_time(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    data_paths: DataPaths,
) -> None:
    settings = Settings.load(data_paths)
    settings.prices = {"black-forest-labs/flux-schnell": {"unit": "image", "usd": None}}
    engine = make_engine(settings=settings)
    results = engine.run_round([r.id for r in engine.plan_round(shot.shot)])
    assert {r.cost_usd for r in results} == {None}
    assert store.costs.project(shot.project).as_json()["by_model"] == {
        "black-forest-labs/flux-schnell": None
    }
    settings.prices = {"black-forest-labs/flux-schnell": {"unit": "hardware_second", "usd": 0.01}}
    engine = make_engine(settings=settings)
    results = engine.run_round([r.id for r in engine.plan_round(shot.shot)])
    for r in results:
        assert r.cost_usd == pytest.approx(0.01 * r.generation_params["predict_time"])


def test_cli_retry_and_cost(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_replicate.set_fault("prediction", outcome="invalid_output", times=1)
    results = _round(make_engine, shot)
    (failed,) = [r for r in results if r.status == ImageStatus.FAILED]
    created = fake_replicate.created_count
    assert run(["retry", str(failed.id), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (image,) = out["images"]
    assert image["id"] == failed.id and image["status"] == "complete"
    assert image["seed"] == failed.seed and len(image["attempts"]) == 1
    assert fake_replicate.created_count == created + 1
    assert run(["cost", str(shot.project), "--json"]) == 0
    cost = json.loads(capsys.readouterr().out)
    assert cost["predictions"] == 6 and cost["total_usd"] == pytest.approx(0.018)
    assert set(cost) >= {"total_usd", "predictions", "by_model", "by_shot", "by_day"}
    assert cost["by_shot"] == {"S1 / Shot 1": pytest.approx(0.018)}
    assert run(["retry", str(failed.id)]) == 1  # it is complete now
    assert "only a failed or cancelled" in capsys.readouterr().err


def test_the_estimate_prices_a_round_naming_elements_with_the_reference_model(
    store: Store, tmp_path: pytest.TempPathFactory
) -> None:
    from pathlib import Path

    from PIL import Image

    from storyboard_app.generation.estimate import preview_round

    picture = Path(str(tmp_path)) / "mara.png"
    Image.new("RGB", (64, 64), (200, 120, 40)).save(picture)
    project = store.projects.create("Quay")
    store.elements.add(project.id, "Mara", "character", files=[picture])
    scene = store.scenes.add_scene(project.id, "Night")
    shot = store.scenes.add_shot(scene.id, "@Mara on deck")
    settings = Settings()
    plan = preview_round(store, settings, shot.id, provider="replicate")
    assert plan.model == settings.models["reference_to_image"].model  # as the engine picks
    plain = store.scenes.add_shot(scene.id, "the deck at night")
    assert preview_round(store, settings, plain.id, provider="replicate").model == (
        settings.models["text_to_image"].model
    )
    ghost = store.scenes.add_shot(scene.id, "@Ghost on deck")
    with pytest.raises(InvalidInputError, match="Ghost"):  # refused as planning refuses it
        preview_round(store, settings, ghost.id, provider="replicate")
    assert store.images.for_shot(shot.id) == []  # a preview makes nothing
