"""Files shipped in ``resources/``: inside the wheel as ``breathingroom/resources``, or beside
``app/`` in a source checkout (an editable install)."""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


@functools.cache
def root() -> Traversable:
    packaged = resources.files("breathingroom") / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "resources"


def path(*parts: str) -> str:
    """A file's path on disk (resources are plain files in both layouts)."""
    node = root()
    for part in parts:
        node = node / part
    return str(node)
