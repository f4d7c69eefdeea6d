"""The journal's files: how they are named, who may read them, how a database is copied.

Shared by :mod:`~breathingroom.services.store` and :mod:`~breathingroom.services.backup`, which
both import from here and never the other way round.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import tempfile
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
    """``folder/<stem><suffix>``, or ``<stem>-2<suffix>``, ``-3``… past the highest one taken.

    A name is never reused while a later one exists, so the number always says which came later.
    """
    pattern = re.compile(re.escape(stem) + r"(?:-(\d+))?" + re.escape(suffix) + "$")
    highest = 0
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in os.scandir(folder):
            match = pattern.match(entry.name)
            if match:
                highest = max(highest, int(match[1] or 1))
    if highest == 0:
        return folder / f"{stem}{suffix}"
    return folder / f"{stem}-{highest + 1}{suffix}"


def write_failure(exc: BaseException) -> str | None:
    """Plain words for an error that stopped a save and says nothing about the data; else None.

    The words end in "nothing was saved": they are only used when that is true.
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    number = exc.errno if isinstance(exc, OSError) else None
    if name.startswith("SQLITE_FULL") or number in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full: nothing was saved"
    if name.startswith("SQLITE_READONLY") or number == errno.EROFS:
        return "the disk or file can only be read: nothing was saved"
    if number in (errno.EACCES, errno.EPERM):
        return "permission to write was refused: nothing was saved"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "another program is holding the journal: nothing was saved"
    if name.startswith("SQLITE_IOERR") or number == errno.EIO:
        return "the disk could not be written: nothing was saved"
    return None


def copy_database(source: sqlite3.Connection, folder: Path, stem: str) -> Path:
    """An online copy of ``source`` (consistent even while others write), 0600, named
    ``folder/<stem>.sqlite3`` or the next free ``<stem>-N.sqlite3``; returns the new file.

    The copy is written under a temporary name of its own and appears under its final name only
    once it is complete and on disk; a name another process took meanwhile is never replaced.
    On any error the temporary file is removed and the error raised.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=folder)
    os.close(fd)  # mkstemp made it 0600
    tmp = Path(name)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        target = _claim(tmp, folder, stem, ".sqlite3")
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def _claim(tmp: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Give ``tmp`` the next free name: a hard link, which fails rather than replace a file."""
    while True:
        target = unused_path(folder, stem, suffix)
        try:
            os.link(tmp, target)
        except FileExistsError:
            continue  # another process took that name a moment ago
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            os.replace(tmp, target)  # a file system without hard links
        return target
