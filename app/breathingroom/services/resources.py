"""Where the files shipped in ``resources/`` are: the one lookup that services and ui share.

A wheel carries them inside the package as ``breathingroom/resources`` (pyproject.toml's
force-include), which may be plain files in site-packages or members of a zip. A source checkout,
or an editable install of one, has them at the top of the tree, beside ``app/``.

Where the package is a folder on disk (nearly always) the folder is returned as a ``Path``, which
keeps ``importlib.resources`` and ``zipfile`` off the start-up path before the tray icon; anything
else (a zip, another loader) goes through ``importlib.resources``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def _package_folder() -> Path | None:
    """The ``breathingroom`` package's folder, when it is a plain folder on disk."""
    spec = sys.modules["breathingroom"].__spec__
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) == 1 and Path(locations[0], "__init__.py").is_file():
        return Path(locations[0])
    return None


@functools.cache
def root() -> Traversable:
    """The folder that holds ``icons/``, ``exercises/`` and the rest."""
    package: Traversable | None = _package_folder()
    if package is None:
        from importlib.resources import files

        package = files("breathingroom")
    shipped = package.joinpath("resources")
    if shipped.is_dir():
        return shipped
    if isinstance(package, Path):  # a checkout: app/breathingroom, with resources/ beside app/
        checkout = package.parent.parent / "resources"
        if checkout.is_dir():
            return checkout
    raise FileNotFoundError(f"no resources folder in {package} nor in its source tree")
