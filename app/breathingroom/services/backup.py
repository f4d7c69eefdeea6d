"""Automatic and manual copies of the journal, made with SQLite's online backup API.

Copies live in ``paths.current().backups_dir`` as ``journal-<UTC time>.sqlite3`` (0600). Once a
day (on the first save of the day, see :meth:`Store._write`, or when the app calls
:func:`ensure_daily` at start) a copy is made; :func:`rotate` keeps the newest copy of each of the
last 7 days that have one and the newest of each of the last 4 weeks that have one. Copies taken
before a migration or a restore (``journal-before-…``) are never rotated away.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from breathingroom.core.clock import Clock
from breathingroom.services.files import copy_database, parse_timestamp, timestamp, unused_path

KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^journal-(\d{8}T\d{6}Z)(?:-(\d+))?\.sqlite3$")


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
    found: list[Backup] = []
    if not backups_dir.is_dir():
        return found
    for entry in backups_dir.iterdir():
        match = _NAME.match(entry.name)
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
    """Copy the journal now (by the store's clock); returns the new file."""
    stem = f"{prefix}-{timestamp(store.clock.now())}"
    return copy_database(store.connection, unused_path(store.backups_dir, stem, ".sqlite3"))


def ensure_daily(store: Journal) -> Path | None:
    """Make today's copy if there is none yet (then rotate); cheap when there is one."""
    today = store.clock.now().astimezone().date()
    existing = list_backups(store.backups_dir)
    if existing and existing[0].local_day >= today:
        return None
    made = make_backup(store)
    rotate(store.backups_dir)
    return made


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


def check_backup(path: Path) -> None:
    """Raise :class:`BackupError` unless ``path`` is an intact Breathing Room journal."""
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            conn.execute("SELECT version FROM schema_version").fetchone()
            conn.execute("SELECT count(*) FROM checkins").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a readable journal ({exc})") from None
    if result != [("ok",)]:
        raise BackupError(f"{path} is damaged ({result[0][0]})")


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
    check_backup(backup)
    safety = make_backup(store, prefix="journal-before-restore")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        source.backup(store.connection)
    finally:
        source.close()
    store.after_restore()  # an older backup is brought up to date
    return safety
