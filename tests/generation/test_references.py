"""Rounds that name elements: references sent once per round, the look, the records."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from storyboard_app.domain.enums import ErrorKind, ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.settings import ModelChoice, Settings
from storyboard_app.store.open_store import Store
from tests.fakes.replicate_server import FakeReplicate
from tests.generation.conftest import EngineFactory, ShotIds


def picture(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (64, 64)) -> Path:
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


@pytest.fixture
def cast(store: Store, shot: ShotIds, tmp_path: Path) -> dict[str, int]:
    mara = store.elements.add(
        shot.project,
        "Mara",
        "character",
        "a fisherwoman",
        files=[picture(tmp_path / "m.png", (200, 40, 40))],
    )
    harbor = store.elements.add(
        shot.project, "Harbor", "location", files=[picture(tmp_path / "h.png", (40, 40, 200))]
    )
    store.projects.set_look(shot.project, aspect_ratio="21:9", style="charcoal sketch")
    return {"Mara": mara.id, "Harbor": harbor.id}


def test_a_round_naming_two_elements_sends_both_references_to_all_six(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    cast: dict[str, int],
) -> None:
    engine = make_engine()
    rows = engine.plan_round(shot.shot, prompt="@mara waits at @Harbor")
    assert fake_replicate.upload_count == 2  # each reference file once per round
    results = engine.run_round([r.id for r in rows])
    assert [r.status for r in results] == [ImageStatus.COMPLETE] * 6
    assert fake_replicate.upload_count == 2
    predictions = list(fake_replicate.predictions.values())
    assert len(predictions) == 6
    assert {p.model for p in predictions} == {"runwayml/gen4-image"}
    uploads = {fid for fid in fake_replicate.files}
    shas = {e.name: e.images[0].storage_id for e in store.elements.list(shot.project)}
    for p in predictions:
        refs = p.input["reference_images"]
        assert len(refs) == 2 and {r.rsplit("/", 1)[1] for r in refs} == uploads
        assert p.input["reference_tags"] == ["Mara", "Harbor"]
        assert p.input["aspect_ratio"] == "21:9"
        assert "@Mara waits at @Harbor" in p.input["prompt"]
        assert p.input["prompt"].endswith("Style: charcoal sketch")
    for r in results:
        params = r.generation_params
        assert params["purpose"] == "reference_to_image"
        assert [e["id"] for e in params["elements"]] == [cast["Mara"], cast["Harbor"]]
        assert [(x["name"], x["sha256"]) for x in params["references"]] == [
            ("Mara", shas["Mara"]),
            ("Harbor", shas["Harbor"]),
        ]
        assert params["look"]["aspect_ratio"] == "21:9"
        assert params["look"]["style"] == "charcoal sketch"
        assert r.iteration_prompt == "@mara waits at @Harbor"  # the creator's words, kept


def test_an_unknown_mention_creates_nothing(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    cast: dict[str, int],
) -> None:
    engine = make_engine()
    with pytest.raises(InvalidInputError, match="@Nobody"):
        engine.plan_round(shot.shot, prompt="@Mara meets @Nobody")
    assert store.images.for_shot(shot.shot) == []
    assert fake_replicate.upload_count == 0 and fake_replicate.created_count == 0


def test_a_422_on_the_references_fails_the_variant_in_creator_words(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, cast: dict[str, int]
) -> None:
    fake_replicate.set_fault(
        "create",
        status=422,
        detail="- input.reference_images: Images must be between 0.5 and 2 aspect ratio",
        times=None,
    )
    engine = make_engine()
    rows = engine.plan_round(shot.shot, prompt="@Mara on the quay")
    result = engine.run_variant(rows[0].id)
    assert result.status == ImageStatus.FAILED
    assert result.error_kind == ErrorKind.INVALID_INPUT
    assert result.error is not None
    assert result.error.startswith("The model did not accept the reference images")
    assert "between 0.5 and 2" in result.error


def test_refine_keeps_the_parent_and_records_references_not_sent(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    cast: dict[str, int],
) -> None:
    engine = make_engine()
    first = engine.run_round([r.id for r in engine.plan_round(shot.shot, prompt="@Mara alone")])
    uploads = fake_replicate.upload_count
    rows = engine.plan_round(shot.shot, parent_image_id=first[0].id, prompt="@Mara smiles")
    assert fake_replicate.upload_count == uploads + 1  # the parent only: flux-dev takes no refs
    params = rows[0].generation_params
    assert params["purpose"] == "image_to_image"
    assert params["input"]["image"]
    assert params["references_not_sent"] == "this model takes no reference images"
    assert [e["name"] for e in params["elements"]] == ["Mara"]


def test_single_reference_model_takes_the_first_element(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    data_paths: object,
    cast: dict[str, int],
) -> None:
    settings = Settings()
    settings.models["reference_to_image"] = ModelChoice(
        "black-forest-labs/flux-kontext-pro", {"aspect_ratio": "16:9", "output_format": "png"}
    )
    engine = make_engine(settings=settings)
    rows = engine.plan_round(shot.shot, prompt="@Mara waits at @Harbor")
    inputs = rows[0].generation_params["input"]
    assert isinstance(inputs["input_image"], str) and "reference_images" not in inputs
    assert inputs["aspect_ratio"] == "21:9"
    assert "@Harbor" in rows[0].generation_params["references_not_sent"]
    assert fake_replicate.upload_count == 1


def test_shot_fields_become_prompt_words(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    store.shot_fields.set(shot.shot, FieldChanges.checked(shot_type="ecu", angle="LOW"))
    rows = make_engine().plan_round(shot.shot)
    prompt = rows[0].generation_params["input"]["prompt"]
    assert prompt.startswith("A lighthouse at dawn, waves breaking. Extreme close-up")
    assert "low-angle view" in prompt
    assert rows[0].generation_params["look"]["shot_type"] == "ECU"


def test_offline_drafts_draw_references_at_the_project_ratio(
    offline_provider: str,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    cast: dict[str, int],
) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    store.shot_fields.set(shot.shot, FieldChanges.checked(shot_type="two-shot"))
    engine = make_engine()
    rows = engine.plan_round(shot.shot, prompt="@Mara waits at @Harbor")
    assert rows[0].generation_params["input"]["reference_images"][0].startswith("media:")
    results = engine.run_round([r.id for r in rows])
    assert all(r.status == ImageStatus.COMPLETE for r in results)
    path = engine.media.existing_path(results[0].image_storage_id)
    assert path is not None
    with Image.open(path) as image:
        w, h = image.size
        assert w / h == pytest.approx(21 / 9, rel=0.02)
        # Mara's red reference thumbnail sits at the top right.
        r, g, b = image.convert("RGB").getpixel((w - 40, 70))
        assert r > 150 and g < 90 and b < 90


def test_a_retry_after_a_day_uploads_the_references_again(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    cast: dict[str, int],
) -> None:
    engine = make_engine()
    rows = engine.plan_round(shot.shot, prompt="@Mara waits at @Harbor")
    assert fake_replicate.upload_count == 2
    params = rows[0].generation_params
    old_urls = params["input"]["reference_images"]
    stale = [{**r, "uploaded_at": "2020-01-01T00:00:00+00:00"} for r in params["references"]]
    store.images.update_params(rows[0].id, references=stale)
    store.images.fail(rows[0].id, "The network dropped.", error_kind=ErrorKind.NETWORK)
    retried = engine.retry_variant(rows[0].id)
    assert fake_replicate.upload_count == 4  # both references, once each
    new_urls = retried.generation_params["input"]["reference_images"]
    assert len(new_urls) == 2 and set(new_urls).isdisjoint(old_urls)
    assert [r["sha256"] for r in retried.generation_params["references"]] == [
        r["sha256"] for r in stale
    ]
    done = engine.run_variant(rows[0].id)
    assert done.status == ImageStatus.COMPLETE
    store.images.fail(rows[1].id, "The network dropped.", error_kind=ErrorKind.NETWORK)
    engine.retry_variant(rows[1].id)  # uploaded minutes ago: reused
    assert fake_replicate.upload_count == 4


def test_animation_uses_the_camera_move_the_frame_rate_and_refuses_unknown_mentions(
    offline_provider: str,
    make_engine: EngineFactory,
    shot: ShotIds,
    store: Store,
    cast: dict[str, int],
) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    store.projects.set_look(shot.project, fps=25)
    store.shot_fields.set(shot.shot, FieldChanges.checked(move="dolly-in"))
    engine = make_engine()
    done = engine.run_round([r.id for r in engine.plan_round(shot.shot, prompt="@Mara alone")])
    store.images.select_final(done[0].id)
    (selection,) = store.storyboard.build(shot.project)
    with pytest.raises(InvalidInputError, match="@Nobody"):
        engine.plan_animation(selection.id, motion_prompt="@Nobody walks in")
    assert store.storyboard.get(selection.id).animation_status is None
    planned = engine.plan_animation(selection.id, motion_prompt="@Mara turns her head")
    params = planned.animation_params
    assert params["input"]["prompt"] == "Mara turns her head. The camera dollies in slowly."
    assert params["input"]["fps"] == 25 and params["look"] == {"fps": 25, "move": "dolly-in"}
    finished = engine.run_animation(selection.id)
    assert finished.video_storage_id is not None
