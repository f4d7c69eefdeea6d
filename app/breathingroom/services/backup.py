"""Automatic and manual copies of the journal, made with SQLite's online backup API.

Copies live in ``paths.current().backups_dir`` as ``journal-<UTC time>.sqlite3`` (0600). Once a
day (on the first save of the day, see :meth:`Store._write`, or when the app calls
:func:`ensure_daily` at start) a copy is made; :func:`rotate` keeps the newest copy of each of the
last 7 days that have one and the newest of each of the last 4 weeks that have one. Copies taken
before a migration or a restore (``journal-before-…``) are never rotated away, and neither are the
copies that existed when a damaged journal was moved aside: :func:`keep_all` renames them
``journal-kept-<time>.sqlite3``, so they stay until the user deletes them.

Names are unique: a second copy in the same second is ``journal-<time>-2.sqlite3``, and a name is
never used again while a later one exists. Only one process makes the day's copy (the others
find the folder locked and leave it to that one).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from breathingroom.core.clock import Clock
from breathingroom.services.files import (
    copy_database,
    parse_timestamp,
    timestamp,
    unused_path,
    write_failure,
)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^journal-(\d{8}T\d{6}Z)(?:-(\d+))?\.sqlite3$")
_KEPT_NAME = re.compile(r"^journal-kept-(\d{8}T\d{6}Z)(?:-(\d+))?\.sqlite3$")


class Journal(Protocol):
    """What backups need of the journal: :class:`breathingroom.services.store.Store` is one.

    A protocol rather than an import, so the store may call :func:`ensure_daily` after a save
    while this module knows nothing of it.
    """

    @property
    def connection(self) -> sqlite3.Connection: ...

    @property
    def backups_dir(self) -> Path: ...

    @property
    def clock(self) -> Clock:
        """The clock that dates the copies."""
        ...

    @property
    def newest_schema(self) -> int:
        """The newest journal schema this version of the app reads."""
        ...

    @property
    def read_only(self) -> str | None:
        """Why the journal can only be read just now, or None when it can be written."""
        ...

    def after_restore(self) -> None:
        """The connection's content was replaced: bring it to the current schema and settings."""
        ...


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int
    #: 1 for the first copy in a second, 2, 3… for more in the same second.
    sequence: int = 1

    @property
    def local_day(self) -> date:
        return self.taken_at.astimezone().date()


def list_backups(backups_dir: Path) -> list[Backup]:
    """The rotating daily copies, newest first."""
    return _copies(backups_dir, _NAME)


def kept_copies(backups_dir: Path) -> list[Backup]:
    """The copies :func:`keep_all` set apart when a journal was moved aside, newest first."""
    return _copies(backups_dir, _KEPT_NAME)


def _copies(backups_dir: Path, name: re.Pattern[str]) -> list[Backup]:
    found: list[Backup] = []
    if not backups_dir.is_dir():
        return found
    for entry in backups_dir.iterdir():
        match = name.match(entry.name)
        if not match:
            continue
        taken = parse_timestamp(match[1])
        with contextlib.suppress(FileNotFoundError):
            found.append(Backup(entry, taken, entry.stat().st_size, int(match[2] or 1)))
    found.sort(key=lambda b: (b.taken_at, b.sequence), reverse=True)
    return found


def all_copies(backups_dir: Path) -> list[Path]:
    """Every copy in the folder, rotating or not (pre-migration, pre-restore), newest name first."""
    if not backups_dir.is_dir():
        return []
    return sorted(
        (p for p in backups_dir.iterdir() if p.suffix == ".sqlite3" and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )


def make_backup(store: Journal, *, prefix: str = "journal") -> Path:
    """Copy the journal now (by the store's clock); returns the new file.

    Raises :class:`BackupError` with plain words when the copy cannot be written (a full disk);
    no partial file is left behind.
    """
    stem = f"{prefix}-{timestamp(store.clock.now())}"
    try:
        return copy_database(store.connection, store.backups_dir, stem)
    except (OSError, sqlite3.Error) as exc:
        reason = write_failure(exc)
        if reason is None:
            raise
        raise BackupError(reason) from exc


def ensure_daily(store: Journal) -> Path | None:
    """Make today's copy if there is none yet (then rotate); cheap when there is one.

    When several processes save at once, one makes the copy and the others return None at once.
    """
    if _has_copy_of_today(store):
        return None
    store.backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = os.open(store.backups_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another process is making today's copy right now
        if _has_copy_of_today(store):
            return None
        made = make_backup(store)
        rotate(store.backups_dir)
        return made
    finally:
        os.close(folder)  # and the lock with it


def _has_copy_of_today(store: Journal) -> bool:
    today = store.clock.now().astimezone().date()
    existing = list_backups(store.backups_dir)
    return bool(existing) and existing[0].local_day >= today


def keep_all(backups_dir: Path) -> list[Path]:
    """Take every rotating copy out of rotation (``journal-kept-<time>.sqlite3``).

    Called when a damaged journal is moved aside: these copies hold what the new journal does
    not, so no rotation may ever delete them. Returns their new paths.
    """
    kept = []
    for copy in reversed(list_backups(backups_dir)):  # oldest first: the numbers keep the order
        stem = f"journal-kept-{timestamp(copy.taken_at)}"
        target = unused_path(backups_dir, stem, ".sqlite3")
        with contextlib.suppress(FileNotFoundError):
            os.rename(copy.path, target)
            kept.append(target)
    return kept


def rotate(backups_dir: Path) -> list[Path]:
    """Delete rotating copies beyond 7 daily and 4 weekly; returns what was deleted."""
    copies = list_backups(backups_dir)
    keep: set[Path] = set()
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for copy in copies:  # newest first
        day = copy.local_day
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(copy.path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add((week[0], week[1]))
            keep.add(copy.path)
    removed = []
    for copy in copies:
        if copy.path not in keep:
            with contextlib.suppress(FileNotFoundError):
                copy.path.unlink()
            removed.append(copy.path)
    return removed


def check_backup(path: Path, newest_schema: int | None = None) -> None:
    """Raise :class:`BackupError` unless ``path`` is an intact Breathing Room journal (of a schema
    no newer than ``newest_schema``, when given)."""
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            conn.execute("SELECT count(*) FROM checkins").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a readable journal ({exc})") from None
    if result != [("ok",)]:
        raise BackupError(f"{path} is damaged ({result[0][0]})")
    version = int(row[0]) if row else 0
    if newest_schema is not None and version > newest_schema:
        raise BackupError(
            f"{path.name} was written by a newer version of Breathing Room (schema {version}); "
            "update the app to restore it. Nothing was changed"
        )


def resolve(backups_dir: Path, name: str) -> Path:
    """A backup given by path, or by file name inside the backups folder."""
    candidate = Path(name).expanduser()
    if candidate.exists() or candidate.is_absolute() or os.sep in name:
        return candidate
    return backups_dir / name


def restore(store: Journal, backup: Path) -> Path:
    """Replace the journal's content with ``backup``'s, after copying the current journal.

    Returns the copy of the journal as it was (``journal-before-restore-<time>.sqlite3``). The copy
    goes in through the online backup API, so a running app sees the restored data at once.
    """
    if store.read_only is not None:
        raise BackupError(f"the journal can only be read ({store.read_only}). Nothing was changed")
    check_backup(backup, store.newest_schema)
    safety = make_backup(store, prefix="journal-before-restore")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        source.backup(store.connection)
    finally:
        source.close()
    store.after_restore()  # an older backup is brought up to date
    return safety
