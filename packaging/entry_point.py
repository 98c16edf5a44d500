"""The bundle's entry point: the same `main` as `storyboard-app` and `python -m storyboard_app`."""

import sys

from storyboard_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
