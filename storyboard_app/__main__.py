"""Entry point: `storyboard-app` and `python -m storyboard_app`."""

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given."""
    args = sys.argv[1:] if argv is None else argv
    from storyboard_app.launch import gui_only

    gui, data_dir = gui_only(args)
    if gui:  # straight to the window: the command line's imports are not needed
        from storyboard_app.app import run_gui

        return run_gui(data_dir)
    from storyboard_app.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
