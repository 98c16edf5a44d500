"""No Python source is generated and run at runtime: the import's rules are stated once."""

from __future__ import annotations

import ast
from pathlib import Path

import storyboard_app

BUILTINS_THAT_RUN_SOURCE = {"exec", "eval", "compile"}


def _calls_running_source(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path}:{node.lineno} {node.func.id}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in BUILTINS_THAT_RUN_SOURCE
    ]


def test_no_module_runs_generated_source() -> None:
    root = Path(storyboard_app.__file__).parent
    found = [hit for path in sorted(root.rglob("*.py")) for hit in _calls_running_source(path)]
    assert found == []


def test_the_check_sees_a_call_that_runs_source(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f(ns):\n    exec(compile('x = 1', '<s>', 'exec'), ns)\n")
    assert len(_calls_running_source(sample)) == 2
