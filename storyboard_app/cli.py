"""The command line: the same services as the GUI, for scripting, batch work and support.

Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error. With no command the
GUI opens. Command groups live in `storyboard_app.commands`, one module each.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import storyboard_app
from storyboard_app import APP_NAME
from storyboard_app.domain.errors import StoryboardError

if TYPE_CHECKING:  # the command modules load the store: imported only when a command runs
    from storyboard_app.commands.context import CommandContext

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, "CommandContext"], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exits 2."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from storyboard_app.commands import COMMAND_MODULES

    parser = _Parser(
        prog="storyboard-app",
        description=f"{APP_NAME}: plan a video, iterate every shot, assemble the storyboard. "
        "With no command, the desktop app opens.",
    )
    version = f"{APP_NAME} {storyboard_app.__version__}"
    parser.add_argument("--version", action="version", version=version)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for the database, media, logs and settings (env STORYBOARD_DATA_DIR)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the app on a temporary folder, walk the whole workflow offline, and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def describe_unexpected(exc: BaseException) -> str:
    """The exception's type and the first line of its message, for one line on stderr.

    A database error names only its kind: SQLAlchemy's text carries the SQL statement and its
    parameters (the user's prompts), which belong in the crash log, not on the screen.
    """
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        return f"{type(orig or exc).__name__} in the database"
    lines = str(exc).strip().splitlines()
    detail = lines[0][:200] if lines else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


class Desktop(Protocol):
    """What the entry point hands the command line for the two runs that need the desktop app."""

    def run_gui(self, data_dir: str | None) -> int: ...

    def run_self_test(self) -> int: ...


def run(argv: list[str], desktop: Desktop | None = None) -> int:
    """Parse `argv` and run the command; return the exit code.

    With no command (or `--self-test`) the desktop app is wanted: `desktop`, given by the entry
    point, runs it, so the command line itself never imports the GUI.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test or args.command is None:
        if desktop is None:
            print(
                "storyboard-app: the desktop app is not available here; give a command "
                "(storyboard-app --help lists them).",
                file=sys.stderr,
            )
            return 2
        if args.self_test:
            return int(desktop.run_self_test())
        return int(desktop.run_gui(args.data_dir))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # a group given without its sub-command, e.g. `project`
        parser.parse_args([*argv, "--help"])
        return 2
    from storyboard_app.commands.context import CommandContext

    context = CommandContext(args.data_dir, print_json=_print_json)
    try:
        return handler(args, context)
    except StoryboardError as exc:
        print(f"storyboard-app: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("storyboard-app: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as exc:
        from storyboard_app.logs import scrub
        from storyboard_app.store.database import environment_problem

        problem = environment_problem(exc)
        if problem is not None:  # locked, read-only, full: the machine, not our bug
            print(f"storyboard-app: {context.read_only_reason or problem}", file=sys.stderr)
            return 1
        where = context.log_unexpected(exc)  # our bug: report it with a pointer to the log
        print(
            scrub(f"storyboard-app: unexpected error ({describe_unexpected(exc)}). ")
            + f"Details were written to {where}.",
            file=sys.stderr,
        )
        return 1
    finally:
        context.close()
