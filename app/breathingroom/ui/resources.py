"""Files shipped in ``resources/``, read through ``importlib.resources``.

A wheel carries them inside the package as ``breathingroom/resources`` (pyproject.toml's
force-include), which may be plain files in site-packages or members of a zip. A source checkout,
or an editable install of one, has them at the top of the tree, beside ``app/``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

# Temporary copies that ``path()`` makes when the resources are not plain files (a zip) must live
# as long as the program: Qt reads an SVG icon's file again each time it draws it at a new size.
_copies = contextlib.ExitStack()
atexit.register(_copies.close)


@functools.cache
def root() -> Traversable:
    """The folder that holds ``icons/`` and the rest."""
    package = files("breathingroom")
    shipped = package.joinpath("resources")
    if shipped.is_dir():
        return shipped
    if isinstance(package, Path):  # a checkout: app/breathingroom, with resources/ beside app/
        checkout = package.parent.parent / "resources"
        if checkout.is_dir():
            return checkout
    raise FileNotFoundError(f"no resources folder in {package} nor in its source tree")


def read_bytes(*parts: str) -> bytes:
    return root().joinpath(*parts).read_bytes()


@functools.cache
def path(*parts: str) -> str:
    """A file name on disk, for Qt APIs that take one: the file itself where the resources are
    plain files, otherwise a copy that lasts until the program exits."""
    return str(_copies.enter_context(as_file(root().joinpath(*parts))))
