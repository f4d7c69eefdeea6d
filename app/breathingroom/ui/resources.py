"""Files shipped in ``resources/``: plain files where they are, ``importlib.resources`` elsewhere.

Where the folder is (a checkout, an installed wheel, a zip) is decided by
:func:`breathingroom.services.resources.root`, which the exercise library uses too; this module
adds what Qt needs on top: a file name on disk for APIs that take one.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from breathingroom.services.resources import root

__all__ = ["path", "read_bytes", "root"]

# Temporary copies that ``path()`` makes when the resources are not plain files (a zip) must live
# as long as the program: Qt reads an SVG icon's file again each time it draws it at a new size.
_copies = contextlib.ExitStack()
_copies_closed_at_exit: list[bool] = []


def read_bytes(*parts: str) -> bytes:
    return root().joinpath(*parts).read_bytes()


@functools.cache
def path(*parts: str) -> str:
    """A file name on disk, for Qt APIs that take one: the file itself where the resources are
    plain files, otherwise a copy that lasts until the program exits."""
    found = root().joinpath(*parts)
    if isinstance(found, Path):
        return str(found)
    import atexit
    from importlib.resources import as_file

    if not _copies_closed_at_exit:  # the first copy: remove them all on exit
        atexit.register(_copies.close)
        _copies_closed_at_exit.append(True)
    return str(_copies.enter_context(as_file(found)))
