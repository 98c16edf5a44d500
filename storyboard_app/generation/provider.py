"""The interface every generation provider implements (Replicate, offline drafts)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from storyboard_app.generation.cancel import CancelToken
from storyboard_app.generation.request import GenerationRequest, Outcome, Submission


class Provider(Protocol):
    """Submit a request, wait for its outcome, cancel it; blocking calls, thread-safe."""

    name: str

    def check_ready(self) -> None:
        """Raise GenerationError when work cannot start now (token refused, no network)."""
        ...

    def parent_input(self, path: Path, storage_id: str, cancel: CancelToken) -> str:
        """What to send as the `image` input for a parent file (uploaded once per round)."""
        ...

    def submit(self, request: GenerationRequest, cancel: CancelToken) -> Submission:
        """Create the prediction and return at once with its id."""
        ...

    def find_submission(self, request: GenerationRequest) -> Submission | None:
        """A prediction already created for exactly this request (after a crash), if any."""
        ...

    def wait(self, prediction_id: str, request: GenerationRequest, cancel: CancelToken) -> Outcome:
        """Block until the prediction finishes; raise GenerationError when it did not succeed."""
        ...

    def cancel(self, prediction_id: str) -> None:
        """Ask the provider to stop the prediction (best effort)."""
        ...
