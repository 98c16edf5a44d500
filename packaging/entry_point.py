"""The bundle's entry point: the same `main` as `storyboard-app` and `python -m storyboard_app`."""

import multiprocessing
import sys

from storyboard_app.__main__ import main

if __name__ == "__main__":
    # A process this bundle starts (the Convex importer's converters) runs its target and
    # exits here, instead of opening a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
