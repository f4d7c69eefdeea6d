"""The journal's files: how they are named, who may read them, how a database is copied.

Shared by :mod:`~breathingroom.services.store` and :mod:`~breathingroom.services.backup`, which
both import from here and never the other way round.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

#: The database, its copies and its -wal/-shm are the user's alone; so is the data folder.
DB_MODE = 0o600
DIR_MODE = 0o700

#: The time in every backup and moved-aside name: UTC, so names sort in the order taken.
_STAMP = "%Y%m%dT%H%M%SZ"


def timestamp(moment: datetime) -> str:
    """An aware ``moment`` as it appears in file names: ``20261126T120000Z`` (UTC)."""
    return moment.astimezone(UTC).strftime(_STAMP)


def parse_timestamp(text: str) -> datetime:
    """The aware UTC instant of a :func:`timestamp`; ValueError when ``text`` is not one."""
    return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)


def unused_path(folder: Path, stem: str, suffix: str = "") -> Path:
    """``folder/<stem><suffix>``, or ``<stem>-2<suffix>``, ``-3``… if that is already taken."""
    target = folder / f"{stem}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """An online copy of ``source`` (consistent even while others write) at ``target``, 0600."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    tmp = target.with_name(f".{target.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, DB_MODE)
    os.close(fd)
    dest = sqlite3.connect(tmp)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return target
