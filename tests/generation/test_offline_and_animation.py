"""Offline drafts, image-to-video (both providers), the planner model and URL safety."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.download import check_url_allowed
from storyboard_app.generation.drafts import draw_draft
from storyboard_app.generation.errors import GenerationError
from storyboard_app.generation.planner import draft_with_language_model, parse_scenes
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.fakes.replicate_server import FakeReplicate
from tests.generation.conftest import EngineFactory, ShotIds


def test_drafts_are_deterministic_per_prompt_and_seed() -> None:
    assert draw_draft("a cat", 7) == draw_draft("a cat", 7)
    assert draw_draft("a cat", 7) != draw_draft("a cat", 8)
    assert draw_draft("a cat", 7) != draw_draft("a dog", 7)


def test_offline_rounds_and_refinement_from_the_parent(
    offline_provider: str, make_engine: EngineFactory, shot: ShotIds
) -> None:
    engine = make_engine()
    assert engine.provider_name == "offline" and engine.can_generate() == (True, "")
    rows = engine.plan_round(shot.shot)
    first = engine.run_round([r.id for r in rows])
    assert [r.status for r in first] == [ImageStatus.COMPLETE] * 6
    assert all(r.provider == "offline" for r in first)
    rows = engine.plan_round(shot.shot, parent_image_id=first[0].id, strength=0.2)
    second = engine.run_round([r.id for r in rows])
    assert [r.status for r in second] == [ImageStatus.COMPLETE] * 6
    parent = Image.open(engine.media.path_for(first[0].image_storage_id or "")).convert("RGB")
    child = Image.open(engine.media.path_for(second[0].image_storage_id or "")).convert("RGB")
    other = Image.open(engine.media.path_for(first[1].image_storage_id or "")).convert("RGB")
    to_parent = sum(ImageStat.Stat(ImageChops.difference(parent, child)).mean)
    to_other = sum(ImageStat.Stat(ImageChops.difference(other, child)).mean)
    assert to_parent < to_other  # visibly derived from its parent


def test_animation_with_offline_clip(
    offline_provider: str, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine()
    rows = engine.run_round([r.id for r in engine.plan_round(shot.shot)])
    store.images.select_final(rows[0].id)
    selection = store.storyboard.build(shot.project)[0]
    planned = engine.plan_animation(selection.id, motion_prompt="slow push in")
    assert planned.animation_status == ImageStatus.PENDING
    done = engine.run_animation(selection.id)
    assert done.animation_status == ImageStatus.COMPLETE, done.error
    assert done.animated_image_id == rows[0].id
    assert engine.media.existing_path(done.video_storage_id) is not None
    assert done.animation_params["input"]["prompt"] == "slow push in"


def test_animation_through_replicate(
    fake_replicate: FakeReplicate, make_engine: EngineFactory, shot: ShotIds, store: Store
) -> None:
    engine = make_engine()
    rows = engine.run_round([r.id for r in engine.plan_round(shot.shot)])
    store.images.select_final(rows[1].id)
    selection = store.storyboard.build(shot.project)[0]
    engine.plan_animation(selection.id)
    done = engine.run_animation(selection.id)
    assert done.animation_status == ImageStatus.COMPLETE, done.error
    assert done.replicate_video_id in fake_replicate.predictions
    assert done.animation_params["model"] == "wavespeedai/wan-2.1-i2v-480p"
    assert done.animated_video_url.endswith(".mp4")
    assert fake_replicate.upload_count == 1


def test_planner_language_model(fake_replicate: FakeReplicate, data_paths: DataPaths) -> None:
    scenes = draft_with_language_model(data_paths, "A film about a lighthouse keeper.").scenes
    assert [s.title for s in scenes] == ["Opening"]
    assert scenes[0].shots[0].initial_prompt == "A lighthouse at dawn"
    posted = [p for m, p in fake_replicate.requests if m == "POST"]
    assert posted == ["/v1/models/meta/meta-llama-3-8b-instruct/predictions"]


def test_the_language_model_proposes_shot_types_a_style_and_elements(
    fake_replicate: FakeReplicate, data_paths: DataPaths
) -> None:
    fake_replicate.llm_output = (
        '{"style": "Cold blue light, 35mm", "elements": [{"kind": "character", "name": '
        '"Old Keeper", "description": "The lighthouse keeper"}, {"kind": "location", "name": '
        '"Lighthouse"}, {"kind": "prop", "name": "!!"}], "scenes": [{"title": "Opening", '
        '"shots": [{"prompt": "The keeper climbs", "shot_type": "ls"}, '
        '{"prompt": "His hand", "shot_type": "very close"}]}]}'
    )
    outline = draft_with_language_model(data_paths, "A film about a lighthouse keeper.")
    assert outline.style == "Cold blue light, 35mm"
    assert [(e.kind, e.name) for e in outline.elements] == [
        ("character", "OldKeeper"),
        ("location", "Lighthouse"),
    ]
    assert [sh.shot_type for sh in outline.scenes[0].shots] == ["LS", None]
    (prediction,) = fake_replicate.predictions.values()
    sent = prediction.input
    assert "shot_type" in sent["system_prompt"] and "elements" in sent["system_prompt"]


def test_planner_answer_is_parsed_defensively() -> None:
    text = 'Sure! ```json\n{"scenes": [{"title": "A", "shots": ["x", {"prompt": "y"}]}]}\n```'
    assert [s.initial_prompt for s in parse_scenes(text)[0].shots] == ["x", "y"]
    with pytest.raises(GenerationError, match="usable shot list"):
        parse_scenes("I cannot help with that.")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://replicate.delivery/xezq/out-0.png", True),
        ("http://127.0.0.1:9999/delivery/x/out.png", True),
        ("http://replicate.delivery/x.png", False),
        ("http://127.0.0.1:1234/x.png", False),
        ("file:///etc/passwd", False),
    ],
)
def test_downloads_only_from_https_or_the_endpoint(url: str, ok: bool) -> None:
    endpoint = "http://127.0.0.1:9999"
    if ok:
        check_url_allowed(url, endpoint)
    else:
        with pytest.raises(GenerationError, match="Refused to download"):
            check_url_allowed(url, endpoint)


def test_a_one_scene_list_with_words_around_it_is_still_a_shot_list() -> None:
    text = 'Here you go:\n[{"title": "A", "shots": [{"description": "x", "prompt": "y"}]}]\nEnjoy!'
    assert [s.title for s in parse_scenes(text)] == ["A"]
