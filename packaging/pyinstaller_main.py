"""The bundle's entry point: the same ``breathing-room`` command the wheel installs."""

import sys

from breathingroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
