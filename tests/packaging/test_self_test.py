"""`storyboard-app --self-test` from source, and how it reports a failing step."""

from __future__ import annotations

import io
from pathlib import Path

from storyboard_app import __version__
from storyboard_app.self_test import STEPS, SelfTestState, Step, run_self_test, run_steps
from tests.conftest import cli


def _ok(_state: SelfTestState) -> str:
    return "fine"


def _broken(_state: SelfTestState) -> str:
    raise ImportError("No module named 'storyboard_app.not_built_yet'")


def test_a_failing_step_is_named_with_its_reason_and_its_dependents_are_skipped() -> None:
    out = io.StringIO()
    steps = [
        Step("first", _ok),
        Step("second", _broken, ("first",)),
        Step("third", _ok, ("second",)),
        Step("fourth", _ok, ("third",)),
        Step("independent", _ok, ("first",)),
    ]
    failed = run_steps(steps, SelfTestState(), out)
    lines = out.getvalue().splitlines()
    assert failed == ["second"]
    assert lines[0].split()[:2] == ["ok", "first"]
    assert lines[1].split()[:2] == ["FAIL", "second"]
    assert lines[1].endswith("ImportError: No module named 'storyboard_app.not_built_yet'")
    assert lines[2].split()[:2] == ["skip", "third"] and lines[2].endswith("needs second")
    assert lines[3].split()[:2] == ["skip", "fourth"] and lines[3].endswith("needs third")
    assert lines[4].split()[:2] == ["ok", "independent"]


def test_exit_code_is_1_and_the_summary_names_the_failed_step(tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_self_test(tmp_path, out, [Step("fine", _ok), Step("broken", _broken)])
    text = out.getvalue()
    assert code == 1
    assert text.startswith(f"Storyboard Studio {__version__} self-test")
    assert "self-test FAILED ('broken')" in text.splitlines()[-1]


def test_an_unusable_temporary_folder_fails_the_first_step_and_skips_the_rest(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    out = io.StringIO()
    code = run_self_test(not_a_folder, out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1].split()[:3] == ["FAIL", "data", "folder"]
    assert "NotADirectoryError" in lines[1]
    skipped = [line.split()[1] for line in lines[2:-1]]
    assert all(line.split()[0] == "skip" for line in lines[2:-1])
    assert len(skipped) == len(STEPS) - 1


def test_self_test_from_source_walks_the_whole_workflow(tmp_path: Path) -> None:
    env = {
        "TMPDIR": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        # a token in the environment must not turn the self-test online
        "REPLICATE_API_TOKEN": "r8_self_test_must_not_use_this_token",
        "REPLICATE_BASE_URL": "http://127.0.0.1:9/unreachable",
    }
    result = cli(None, None, "--self-test", env=env, timeout=180)
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    for step in STEPS:
        assert any(line.split()[:1] == ["ok"] and f" {step.name} " in line for line in lines), (
            f"step {step.name!r} did not pass:\n{result.out}"
        )
    assert lines[-1].startswith("self-test passed in ")
    assert "r8_self_test" not in result.out + result.err
    assert not list(tmp_path.glob("storyboard-self-test-*")), "the temporary folder was kept"
