"""Every default model and template lives in resources/models.json, dated; settings use it."""

from __future__ import annotations

import json
from datetime import date

from storyboard_app.model_defaults import (
    alternatives,
    catalog,
    checked_on,
    default_choices,
    model_facts,
)
from storyboard_app.paths import DataPaths
from storyboard_app.settings import PURPOSES, Settings


def test_one_dated_file_holds_a_default_for_every_purpose() -> None:
    assert date.fromisoformat(checked_on())
    assert set(default_choices()) == set(PURPOSES)
    assert default_choices()["reference_to_image"][0] == "runwayml/gen4-image"
    for model, _template in default_choices().values():
        assert model in catalog()["models"] or model.startswith("meta/"), model
    assert [m for m, _ in alternatives("reference_to_image")] == [
        "black-forest-labs/flux-kontext-pro"
    ]


def test_model_facts_say_what_takes_references_and_ratios() -> None:
    gen4 = model_facts("runwayml/gen4-image")
    assert gen4.references is not None and gen4.references.max == 3
    assert gen4.references.images == "reference_images" and gen4.references.is_list
    kontext = model_facts("black-forest-labs/flux-kontext-pro:abc")
    assert kontext.references is not None and not kontext.references.is_list
    assert model_facts("black-forest-labs/flux-dev").references is None
    assert "21:9" in model_facts("black-forest-labs/flux-schnell").aspect_ratios
    assert model_facts("someone/unknown").references is None


def test_settings_written_before_the_reference_purpose_get_its_default(
    data_paths: DataPaths,
) -> None:
    data_paths.settings_file.write_text(
        json.dumps({"models": {"text_to_image": {"model": "a/b", "input_template": {}}}})
    )
    settings = Settings.load(data_paths)
    assert settings.models["text_to_image"].model == "a/b"
    assert settings.models["reference_to_image"].model == "runwayml/gen4-image"
