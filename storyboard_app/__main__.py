"""Entry point: `storyboard-app` and `python -m storyboard_app`.

This is the one place that knows both faces: a plain start opens the desktop app without
importing the command line; a command runs through `cli.run`, which is handed the desktop
launchers here so that it never imports the GUI itself.
"""

import sys


class _Desktop:
    """The desktop app's two entries, imported only when one is asked for."""

    def run_gui(self, data_dir: str | None) -> int:
        from storyboard_app.app import run_gui

        return int(run_gui(data_dir))

    def run_self_test(self) -> int:
        from storyboard_app.self_test import run_self_test

        return int(run_self_test())


def main(argv: list[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given."""
    args = sys.argv[1:] if argv is None else argv
    from storyboard_app.launch import gui_only

    gui, data_dir = gui_only(args)
    if args in (["--version"], ["--self-test"]):
        # Both answer "can the app start here?": a library that cannot load fails them.
        from storyboard_app.startup_check import desktop_problem

        problem = desktop_problem()
        if problem is not None:
            print(f"storyboard-app: cannot start: {problem}", file=sys.stderr)
            return 1
    if gui:  # straight to the window: the command line's imports are not needed
        return _Desktop().run_gui(data_dir)
    from storyboard_app.cli import run

    return run(args, _Desktop())


if __name__ == "__main__":
    sys.exit(main())
