"""Pytest fixtures for the fakes at the outside edge (the local Replicate-speaking server).

`fake_replicate` starts a `FakeReplicate` on 127.0.0.1, points the real `replicate` client at
it (REPLICATE_BASE_URL) with a dummy token (REPLICATE_API_TOKEN) and yields the server:
`.url`, `.latency`, `.set_fault(endpoint, ...)`, `.created_count`, `.upload_count`, ….
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate


@pytest.fixture
def fake_replicate(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeReplicate]:
    """A running fake Replicate (0.2 s per prediction) that the real client talks to."""
    server = FakeReplicate(latency=0.2, token=DEFAULT_TOKEN).start()
    monkeypatch.setenv("REPLICATE_API_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", server.url)
    monkeypatch.delenv("STORYBOARD_PROVIDER", raising=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def offline_provider(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make every generation use the offline drafts provider (no token, no network)."""
    monkeypatch.delenv("REPLICATE_API_TOKEN", raising=False)
    monkeypatch.setenv("STORYBOARD_PROVIDER", "offline")
    return "offline"
