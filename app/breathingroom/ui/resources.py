"""Files shipped in ``resources/``: inside the wheel as ``breathingroom/resources``, or beside
``app/`` in a source checkout (an editable install). They are plain files in both layouts."""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_PACKAGED = os.path.join(os.path.dirname(_HERE), "resources")
_CHECKOUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(_HERE))), "resources")


def root() -> str:
    return _PACKAGED if os.path.isdir(_PACKAGED) else _CHECKOUT


def path(*parts: str) -> str:
    """A file's path on disk."""
    return os.path.join(root(), *parts)
