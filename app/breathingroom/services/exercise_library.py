"""The grounding exercise library as found on this computer: the shipped files, then yours.

The shipped exercises are ``resources/exercises/*.toml`` (found by
:func:`breathingroom.services.resources.root`, so a checkout, an installed wheel and a zip all
work). Your own are ``*.toml`` files in ``<data dir>/exercises/``; that folder need not exist, and
nothing here creates it. The format is described in :mod:`breathingroom.core.exercises` and in the
README.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from breathingroom.core.exercises import LibraryLoad, load_library
from breathingroom.services import resources
from breathingroom.services.paths import Paths, current

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: The folder name, both in ``resources/`` and in the data folder.
FOLDER = "exercises"


def builtin_folder() -> Traversable:
    """Where the shipped exercises are."""
    return resources.root().joinpath(FOLDER)


def user_folder(paths: Paths | None = None) -> Path:
    """Where your own exercise files go: ``<data dir>/exercises``."""
    return (paths or current()).data_dir / FOLDER


def load(paths: Paths | None = None, builtin: Traversable | Path | None = None) -> LibraryLoad:
    """The shipped exercises, then your own, with a message for each file that was skipped.

    ``paths`` defaults to the current data folder; ``builtin`` to the shipped folder (a test
    may give its own).
    """
    shipped = builtin if builtin is not None else builtin_folder()
    return load_library([(shipped, True), (user_folder(paths), False)])
