"""Fixtures for the generation tests: a shot to draw, and engines with quick timings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.generation.replicate_provider import PollPolicy
from storyboard_app.generation.retry import RetryPolicy
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings, get_token
from storyboard_app.store.open_store import Store

FAST_POLL = PollPolicy(minimum=0.02, maximum=0.1, growth=0.05)
FAST_RETRY = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.2)


@dataclass(frozen=True)
class ShotIds:
    """Ids of a project, its scene and a shot ready for a first round."""

    project: int
    scene: int
    shot: int


@pytest.fixture
def shot(store: Store) -> ShotIds:
    project = store.projects.create("Harbour film")
    scene = store.scenes.add_scene(project.id, "Dawn")
    s = store.scenes.add_shot(scene.id, "A lighthouse at dawn, waves breaking")
    return ShotIds(project.id, scene.id, s.id)


EngineFactory = Callable[..., GenerationEngine]


@pytest.fixture
def make_engine(store: Store, data_paths: DataPaths) -> EngineFactory:
    """Build an engine on the test's data folder (token from the environment)."""

    def factory(
        provider: str | None = None, settings: Settings | None = None, **kwargs: object
    ) -> GenerationEngine:
        return GenerationEngine(
            store,
            MediaStore(data_paths.media),
            settings or Settings.load(data_paths),
            token=kwargs.pop("token", get_token()),  # type: ignore[arg-type]
            provider=provider,
            poll=FAST_POLL,
            retry=FAST_RETRY,
        )

    return factory
