"""The shape the code keeps: small modules and a GUI in rooms."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "storyboard_app"
MAX_LINES = 500
MAX_UI_TOP_LEVEL = 20


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_gui_lives_in_rooms() -> None:
    top = [p for p in (PACKAGE / "ui").iterdir() if p.suffix == ".py"]
    assert len(top) <= MAX_UI_TOP_LEVEL, sorted(p.name for p in top)
    for room in (
        "dashboard",
        "planner",
        "scenes",
        "iterator",
        "storyboard",
        "legacy",
        "interchange",
        "shared",
    ):
        assert (PACKAGE / "ui" / room / "__init__.py").exists(), room
