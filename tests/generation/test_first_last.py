"""Animating from one shot's final to the next shot's final (first and last frame): offline
crossfade, both stills sent to Replicate under the template's names, clear refusals."""

from __future__ import annotations

import av
import pytest
from PIL import Image, ImageChops, ImageStat

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.settings import ModelChoice, Settings
from storyboard_app.store.dto import SelectionInfo
from storyboard_app.store.open_store import Store
from tests.fakes.replicate_server import FakeReplicate
from tests.generation.conftest import EngineFactory


def _three_shots(store: Store, engine: GenerationEngine) -> tuple[list[int], list[int]]:
    """Shots 1 and 2 (scene 1) and 3 (scene 2) with finals; a fourth shot without one.
    Returns (shot ids, final image ids)."""
    project = store.projects.create("Harbour film")
    one = store.scenes.add_scene(project.id, "Dawn")
    two = store.scenes.add_scene(project.id, "Noon")
    shots = [
        store.scenes.add_shot(one.id, "a lighthouse at dawn"),
        store.scenes.add_shot(one.id, "a red boat in the fog"),
        store.scenes.add_shot(two.id, "the market square at noon"),
        store.scenes.add_shot(two.id, "gulls over the pier"),
    ]
    finals = []
    for shot in shots[:3]:
        done = engine.run_round([r.id for r in engine.plan_round(shot.id)])
        store.images.select_final(done[0].id)
        finals.append(done[0].id)
    return [s.id for s in shots], finals


def _selections(store: Store, shot_ids: list[int]) -> dict[int, SelectionInfo]:
    project = store.scenes.get_shot(shot_ids[0]).project_id
    return {s.shot_id: s for s in store.storyboard.build(project)}


def _difference(a: Image.Image, b: Image.Image) -> float:
    return float(sum(ImageStat.Stat(ImageChops.difference(a, b)).mean))


def test_offline_animates_a_crossfade_from_this_final_to_the_next(
    offline_provider: str, make_engine: EngineFactory, store: Store
) -> None:
    engine = make_engine()
    shots, finals = _three_shots(store, engine)
    selections = _selections(store, shots)
    # The second shot animates into the first shot of the next scene.
    planned = engine.plan_animation(selections[shots[1]].id, to_next=True)
    params = planned.animation_params
    assert params["purpose"] == "first_last_frame"
    assert (params["image_id"], params["end_image_id"]) == (finals[1], finals[2])
    assert params["end_shot_id"] == shots[2] and params["to"] == "S02_SH01"
    done = engine.run_animation(planned.id)
    assert done.animation_status == ImageStatus.COMPLETE, done.error
    assert done.animated_image_id == finals[1]

    clip = engine.media.existing_path(done.video_storage_id)
    assert clip is not None
    with av.open(str(clip)) as container:
        frames = [f.to_image().convert("RGB") for f in container.decode(video=0)]
    assert len(frames) >= 12
    first_still, last_still = (
        Image.open(engine.media.path_for(store.images.get(i).image_storage_id or ""))
        .convert("RGB")
        .resize(frames[0].size)
        for i in (finals[1], finals[2])
    )
    # It opens on this shot's final and ends on the next shot's.
    assert _difference(frames[0], first_still) < _difference(frames[0], last_still)
    assert _difference(frames[-1], last_still) < _difference(frames[-1], first_still)


def test_no_next_final_is_refused_before_anything_is_written(
    offline_provider: str, make_engine: EngineFactory, store: Store
) -> None:
    engine = make_engine()
    shots, _finals = _three_shots(store, engine)
    selections = _selections(store, shots)
    with pytest.raises(InvalidInputError, match=r"next shot \(S02_SH02\) has no final image"):
        engine.plan_animation(selections[shots[2]].id, to_next=True)
    assert store.storyboard.get(selections[shots[2]].id).animation_status is None
    store.images.select_final(engine.run_round([r.id for r in engine.plan_round(shots[3])])[0].id)
    last = _selections(store, shots)[shots[3]]
    with pytest.raises(InvalidInputError, match="last shot"):
        engine.plan_animation(last.id, to_next=True)
    assert store.storyboard.get(last.id).animation_status is None


@pytest.mark.parametrize(
    ("model", "template", "first", "last"),
    [
        ("kwaivgi/kling-v2.1", {"mode": "pro", "duration": 5}, "start_image", "end_image"),
        ("minimax/hailuo-02", {"duration": 6}, "first_frame_image", "end_image"),
    ],
)
def test_both_stills_reach_replicate_under_the_templates_names(
    fake_replicate: FakeReplicate,
    make_engine: EngineFactory,
    store: Store,
    data_paths: DataPaths,
    model: str,
    template: dict[str, object],
    first: str,
    last: str,
) -> None:
    settings = Settings.load(data_paths)
    settings.models["first_last_frame"] = ModelChoice(model, dict(template))
    engine = make_engine(settings=settings)
    shots, finals = _three_shots(store, engine)
    selections = _selections(store, shots)
    uploads_before = fake_replicate.upload_count
    planned = engine.plan_animation(
        selections[shots[0]].id, motion_prompt="fog lifts", to_next=True
    )
    assert fake_replicate.upload_count == uploads_before + 2  # both stills, once each
    done = engine.run_animation(planned.id)
    assert done.animation_status == ImageStatus.COMPLETE, done.error

    prediction = fake_replicate.predictions[done.replicate_video_id or ""]
    assert prediction.model == model
    sent = prediction.input
    assert {k: sent[k] for k in template} == template
    assert "fog lifts" in sent["prompt"]
    for name, image_id in ((first, finals[0]), (last, finals[1])):
        file_id = str(sent[name]).rsplit("/", 1)[-1]
        stored = engine.media.path_for(store.images.get(image_id).image_storage_id or "")
        assert fake_replicate.files[file_id][1] == stored.read_bytes(), name
    assert "image" not in sent or first == "image"
    assert done.animation_params["end_image_id"] == finals[1]
