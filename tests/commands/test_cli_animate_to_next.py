"""`animate PROJECT --shot SHOT --to-next`: a clip from a shot's final to the next one's."""

from __future__ import annotations

import json

import pytest

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.generation.test_first_last import _three_shots


def test_to_next_animates_into_the_next_shots_final(
    capsys: pytest.CaptureFixture[str], store: Store, data_paths: DataPaths, offline_provider: str
) -> None:
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    shots, finals = _three_shots(store, engine)
    project = str(store.scenes.get_shot(shots[0]).project_id)
    code, out, err = cli(
        capsys, data_paths, "animate", project, "--shot", str(shots[0]), "--to-next", "--json"
    )
    assert code == 0, err
    (animated,) = json.loads(out)["animated"]
    assert animated["shot_id"] == shots[0] and animated["animation_status"] == "complete"
    selection = {s.shot_id: s for s in store.storyboard.list(int(project))}[shots[0]]
    assert selection.animation_params["purpose"] == "first_last_frame"
    assert selection.animation_params["end_image_id"] == finals[1]

    code, _out, err = cli(
        capsys, data_paths, "animate", project, "--shot", str(shots[2]), "--to-next"
    )
    assert code == 1
    assert "next shot (S02_SH02) has no final image yet" in err


def test_to_next_needs_a_shot_and_is_documented(
    capsys: pytest.CaptureFixture[str], data_paths: DataPaths
) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(capsys, data_paths, "animate", "1", "--to-next")
    assert exc.value.code == 2
    assert "--to-next needs --shot" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli(capsys, data_paths, "animate", "--help")
    assert exc.value.code == 0
    assert "--to-next" in capsys.readouterr().out
