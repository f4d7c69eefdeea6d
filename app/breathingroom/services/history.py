"""Where finished sessions go when the journal cannot be opened or written.

:class:`MemorySessionLog` keeps them for the life of the process, with the same
``add_session``/``recent_sessions`` methods as :class:`breathingroom.services.store.Store`, so the
journal control can fall back to it and tell the user why. Sessions still not saved when the app
quits are written by :func:`write_held` as a file in the app's own JSON export format
(``unsaved-sessions-<UTC time>.json``), in the first folder that takes it; the next start finds it
with :func:`held_files` and saves its sessions into the journal (``breathing-room import FILE``
does the same by hand).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from breathingroom.core.records import SessionRecord

if TYPE_CHECKING:
    from breathingroom.core.clock import Clock

# The app imports this module at start; what writes and reads files (and sqlite3 with them)
# loads only when sessions are actually held.

HELD_PREFIX = "unsaved-sessions-"


class MemorySessionLog:
    def __init__(self) -> None:
        self._records: list[SessionRecord] = []

    def add_session(self, record: SessionRecord) -> object:
        self._records.append(record)
        return len(self._records)

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]:
        return list(reversed(self._records[-limit:]))


def write_held(records: Sequence[SessionRecord], folders: Iterable[Path], clock: Clock) -> Path:
    """Write ``records`` to the first of ``folders`` that can take them; returns the file.

    Raises the last OSError when none can.
    """
    from breathingroom.core.exporters import to_json
    from breathingroom.services.atomic import write_atomic
    from breathingroom.services.files import timestamp, unused_path

    data = to_json([], records).encode("utf-8")
    stem = f"{HELD_PREFIX}{timestamp(clock.now())}"
    error: OSError | None = None
    for folder in folders:
        try:
            target = unused_path(folder, stem, ".json")
            write_atomic(target, data)
        except OSError as exc:
            error = exc
            continue
        return target
    raise error or OSError("no folder to keep the sessions in")


def held_files(folders: Iterable[Path]) -> list[Path]:
    """Files :func:`write_held` left in ``folders``, oldest first."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found.extend(sorted(folder.glob(f"{HELD_PREFIX}*.json")))
    return found


def read_held(path: Path) -> list[SessionRecord]:
    """The sessions in a file from :func:`write_held` (ImportFormatError or OSError if not)."""
    from breathingroom.core.importers.own import parse_json

    return parse_json(path.read_bytes(), str(path)).sessions
