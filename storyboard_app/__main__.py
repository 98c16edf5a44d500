"""Entry point: `storyboard-app` and `python -m storyboard_app`."""

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given."""
    from storyboard_app.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
