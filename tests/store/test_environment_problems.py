"""Failures caused by the machine become one line that says what to do, not "unexpected"."""

from __future__ import annotations

import errno

import pytest

from storyboard_app.store.database import environment_problem


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "cannot be written"),
        (errno.EACCES, "cannot be written"),
    ],
)
def test_os_errors_of_the_machine_are_environment_problems(code: int, words: str) -> None:
    problem = environment_problem(OSError(code, "refused", "/data/media/.store-id"))
    assert problem is not None and words in str(problem)


def test_other_errors_stay_unexpected() -> None:
    assert environment_problem(OSError(errno.EINVAL, "bad")) is None
    assert environment_problem(ValueError("bug")) is None
