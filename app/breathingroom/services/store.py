"""The journal on disk: one SQLite file (standard library ``sqlite3``) in the data folder.

Open with ``Store.open()`` (the database in ``paths.current()``) or ``Store(path)``:

- WAL mode, ``synchronous=FULL``: every write method returns only after its commit is on disk.
- A ``schema_version`` table and ordered :data:`MIGRATIONS`; before migrating an existing file
  a copy is taken into ``backups/`` (``journal-before-v<N>-<time>.sqlite3``).
- Data folder 0700, database (and its -wal/-shm) 0600.
- Only damage moves a journal: a file that is not an intact database ("not a database",
  ``quick_check`` failing, a SQLite file of another program) is never overwritten or deleted but
  moved aside to ``journal.sqlite3.corrupt-<UTC time>`` (with its -wal/-shm), the backups made
  until then are kept out of rotation, and a fresh database is created. :attr:`Store.moved_aside`
  then holds the new path of the old file, for the UI to tell the user (and to offer a restore
  from ``backups/``). A busy, unreadable or full journal is reported (:class:`StoreError`) and
  left as it is; a newer one raises :class:`NewerJournalError`.
- A journal that may be read but not written (a read-only file, folder or disk) opens read-only:
  :attr:`Store.read_only` says why, everything reads as usual, and every write raises
  :class:`JournalWriteError` without touching the file.
- A save either commits whole or leaves nothing; one stopped by the disk (full, read-only,
  failing) raises :class:`JournalWriteError` ("the disk is full: nothing was saved") and the
  store stays usable.
- The person's safety plan lives here too (one row, JSON of
  :meth:`~breathingroom.core.safety_plan.SafetyPlan.to_dict`), so it is as private as the journal
  and is in every backup: :meth:`Store.safety_plan`, :meth:`Store.save_safety_plan`.
- Other processes (``breathing-room log``) may write at the same time; :meth:`Store.change_token`
  is a cheap number that changes whenever anyone commits, for a visible window to poll.

Every date and time it writes (names of copies, when an entry was deleted or an import made)
comes from the :class:`~breathingroom.core.clock.Clock` it is given. The app never opens a network
connection; nothing here does either.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.dayfacts import DayFact
from breathingroom.core.journal import (
    CheckIn,
    JournalError,
    WeekMean,
    check_distress,
    local_time,
    session_dedupe_key,
    to_utc_and_offset,
    validate_checkin,
    validate_session,
    week_start,
)
from breathingroom.core.records import SessionKind, SessionRecord, session_kind
from breathingroom.core.safety_plan import SafetyPlan, SafetyPlanError, validate_plan
from breathingroom.services import backup
from breathingroom.services.files import (
    DB_MODE,
    DIR_MODE,
    copy_database,
    timestamp,
    unused_path,
    write_failure,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The journal could not be opened or written; the message says why in plain words."""


class NewerJournalError(StoreError):
    """The journal was written by a newer version of Breathing Room: never moved, never changed."""


class JournalWriteError(StoreError, OSError):
    """A save that did not happen (a read-only journal, a full disk); the message says why and
    ends with "nothing was saved". An OSError too, so every "could not save" path catches it."""


# --- schema -----------------------------------------------------------------------------------
# Each migration takes the database from version N-1 to N. Never edit one that has shipped:
# add a new one at the end.

_V1 = """
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    at_utc INTEGER NOT NULL,
    offset_min INTEGER NOT NULL,
    pleasant INTEGER NOT NULL CHECK (pleasant BETWEEN 1 AND 9),
    energy INTEGER NOT NULL CHECK (energy BETWEEN 1 AND 9),
    distress INTEGER CHECK (distress BETWEEN 0 AND 10),
    feelings TEXT NOT NULL DEFAULT '[]',
    sensations TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'app'
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    exercise TEXT NOT NULL,
    start_utc INTEGER NOT NULL,
    start_offset_min INTEGER NOT NULL,
    end_utc INTEGER NOT NULL,
    end_offset_min INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    distress_before INTEGER,
    distress_after INTEGER
);
"""

_V2 = """
ALTER TABLE checkins ADD COLUMN deleted_at INTEGER;
ALTER TABLE checkins ADD COLUMN dedupe_key TEXT;
ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'app';
ALTER TABLE sessions ADD COLUMN dedupe_key TEXT;
CREATE INDEX checkins_at ON checkins (at_utc);
CREATE INDEX sessions_start ON sessions (start_utc);
"""


def _v2_keys(conn: sqlite3.Connection) -> None:
    """Fill the dedupe keys of rows written before version 2, then make them unique."""
    rows = conn.execute("SELECT * FROM checkins").fetchall()
    seen: set[str] = set()
    for row in rows:
        key = _row_to_checkin(row).dedupe_key()
        if key in seen:  # an exact duplicate from before: keep it, give it its own key
            key = f"{key}-{row['id']}"
        seen.add(key)
        conn.execute("UPDATE checkins SET dedupe_key = ? WHERE id = ?", (key, row["id"]))
    seen.clear()
    for row in conn.execute("SELECT * FROM sessions").fetchall():
        key = session_dedupe_key(_row_to_session(row))
        if key in seen:
            key = f"{key}-{row['id']}"
        seen.add(key)
        conn.execute("UPDATE sessions SET dedupe_key = ? WHERE id = ?", (key, row["id"]))
    conn.execute("CREATE UNIQUE INDEX checkins_key ON checkins (dedupe_key)")
    conn.execute("CREATE UNIQUE INDEX sessions_key ON sessions (dedupe_key)")


_V3 = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    at_utc INTEGER NOT NULL,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    checkins INTEGER NOT NULL,
    sessions INTEGER NOT NULL
);
"""


def _v4_local_offsets(conn: sqlite3.Connection) -> None:
    """Give the app's own sessions, stored in UTC until now, the local offset they happened at.

    Before version 4 the app took a session's times as the current time in UTC, so its rows carry
    offset 0 and an evening session showed (and exported) on the wrong day. Each end gets the
    offset the computer's time zone has at that instant, so a session across a clock change
    keeps both instants right. Only the offset changes: ``start_utc``/``end_utc`` and the dedupe
    key (which counts instants, not offsets) stay as they are. Imported sessions (any other
    source) keep what their file said, and a row already carrying a local offset is left alone.
    """
    rows = conn.execute(
        "SELECT id, start_utc, end_utc FROM sessions "
        "WHERE source = 'app' AND start_offset_min = 0 AND end_offset_min = 0"
    ).fetchall()
    for session_id, start, end in rows:
        conn.execute(
            "UPDATE sessions SET start_offset_min = ?, end_offset_min = ? WHERE id = ?",
            (_local_offset_minutes(start), _local_offset_minutes(end), session_id),
        )


def _local_offset_minutes(seconds: int) -> int:
    """The offset of the computer's time zone (``TZ``) at the UTC instant ``seconds``."""
    return to_utc_and_offset(_utc(seconds).astimezone())[1]


_V5 = """
CREATE TABLE safety_plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    updated_utc INTEGER NOT NULL
);
"""


# Version 6: what imported apps recorded about days besides moods (core/dayfacts.py), and which
# file (by content) and time zone each import read, so a re-import under another zone is seen.
_V6 = """
CREATE TABLE day_facts (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    category TEXT NOT NULL,
    item TEXT NOT NULL DEFAULT '',
    amount TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT NOT NULL UNIQUE
);
CREATE INDEX day_facts_day ON day_facts (day, category);
ALTER TABLE imports ADD COLUMN day_facts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN zone TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN digest TEXT NOT NULL DEFAULT ''
"""


Migration = str | Callable[[sqlite3.Connection], None]
#: ``MIGRATIONS[n - 1]`` takes the schema to version ``n``.
MIGRATIONS: tuple[tuple[Migration, ...], ...] = (
    (_V1,),
    (_V2, _v2_keys),
    (_V3,),
    (_v4_local_offsets,),
    (_V5,),
    (_V6,),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``conn`` to schema ``target`` in one transaction; returns the version found."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        found = int(row[0]) if row else 0
        if row is None:
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        if found > SCHEMA_VERSION:
            raise NewerJournalError(
                f"the journal was written by a newer version of Breathing Room (schema {found})"
            )
        for version in range(found + 1, target + 1):
            for step in MIGRATIONS[version - 1]:
                if isinstance(step, str):
                    _run_script(conn, step)
                else:
                    step(conn)
            conn.execute("UPDATE schema_version SET version = ?", (version,))
        conn.execute("COMMIT")
    except BaseException:
        _roll_back(conn)
        raise
    return found


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it (it does on a full disk);
    never hides the error that led here."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


# --- rows <-> records ---------------------------------------------------------------------------


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _day_bounds(first: date, after: date) -> tuple[int, int]:
    """UTC seconds that surely hold every instant whose local day, at any offset people use
    (UTC-12 to UTC+14), lies from ``first`` to before ``after``."""
    low = datetime.combine(first, datetime.min.time(), UTC) - timedelta(hours=14)
    high = datetime.combine(after, datetime.min.time(), UTC) + timedelta(hours=12)
    return int(low.timestamp()), int(high.timestamp())


def _row_to_checkin(row: sqlite3.Row) -> CheckIn:
    return CheckIn(
        at_utc=_utc(row["at_utc"]),
        offset_minutes=row["offset_min"],
        pleasant=row["pleasant"],
        energy=row["energy"],
        distress=row["distress"],
        feelings=tuple(json.loads(row["feelings"])),
        sensations=tuple(json.loads(row["sensations"])),
        tags=tuple(json.loads(row["tags"])),
        note=row["note"],
        source=row["source"],
        id=row["id"],
    )


def _row_to_session(row: sqlite3.Row) -> SessionRecord:
    keys = row.keys()
    # Every write is validated, so only a newer app could have written a kind unknown here:
    # it is passed on as it is, so listing and exporting never lose that session.
    kind = session_kind(row["kind"]) or cast(SessionKind, str(row["kind"]))
    return SessionRecord(
        kind=kind,
        exercise=row["exercise"],
        start=local_time(_utc(row["start_utc"]), row["start_offset_min"]),
        end=local_time(_utc(row["end_utc"]), row["end_offset_min"]),
        completed=bool(row["completed"]),
        params=json.loads(row["params"]),
        distress_before=row["distress_before"],
        distress_after=row["distress_after"],
        source=row["source"] if "source" in keys else "app",
    )


def _checkin_values(entry: CheckIn) -> dict[str, Any]:
    return {
        "at_utc": int(entry.at_utc.timestamp()),
        "offset_min": entry.offset_minutes,
        "pleasant": entry.pleasant,
        "energy": entry.energy,
        "distress": entry.distress,
        "feelings": json.dumps(list(entry.feelings), ensure_ascii=False),
        "sensations": json.dumps(list(entry.sensations), ensure_ascii=False),
        "tags": json.dumps(list(entry.tags), ensure_ascii=False),
        "note": entry.note,
        "source": entry.source,
        "dedupe_key": entry.dedupe_key(),
    }


def _session_values(record: SessionRecord) -> dict[str, Any]:
    start, start_off = to_utc_and_offset(record.start)
    end, end_off = to_utc_and_offset(record.end)
    return {
        "kind": record.kind,
        "exercise": record.exercise,
        "start_utc": int(start.timestamp()),
        "start_offset_min": start_off,
        "end_utc": int(end.timestamp()),
        "end_offset_min": end_off,
        "completed": int(record.completed),
        "params": json.dumps(record.params, ensure_ascii=False, sort_keys=True),
        "distress_before": record.distress_before,
        "distress_after": record.distress_after,
        "source": record.source,
        "dedupe_key": session_dedupe_key(record),
    }


def _insert(table: str, values: dict[str, Any], ignore: bool = False) -> str:
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    return f"{verb} INTO {table} ({columns}) VALUES ({marks})"


@dataclass(frozen=True)
class ImportResult:
    added_checkins: int
    added_sessions: int
    #: Entries already in the journal (same time and content), left as they were.
    already_present: int
    added_facts: int = 0
    #: Day facts already in the journal.
    facts_present: int = 0


@dataclass(frozen=True)
class EarlierImport:
    """A file read before: when (UTC), its name, and the time zone its times were read in."""

    at: datetime
    file: str
    zone: str


def _fact_values(fact: DayFact) -> dict[str, Any]:
    return {**fact.as_dict(), "dedupe_key": fact.dedupe_key()}


_CHUNK = 2000


class ImportSink:
    """Rows of one import, written a chunk at a time inside the import's transaction.

    Made by :meth:`Store.importing`; a parser can hand each entry over as it reads it, so a large
    file never needs all its entries in memory. Rows already present are skipped.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._pending: dict[str, list[dict[str, Any]]] = {
            "checkins": [],
            "sessions": [],
            "day_facts": [],
        }
        self.offered = dict.fromkeys(self._pending, 0)
        self.added = dict.fromkeys(self._pending, 0)
        #: What the import added, once the ``importing`` block has ended.
        self.result = ImportResult(0, 0, 0)

    def add_checkin(self, entry: CheckIn) -> None:
        self._add("checkins", _checkin_values(validate_checkin(entry)))

    def add_session(self, record: SessionRecord) -> None:
        self._add("sessions", _session_values(validate_session(record)))

    def add_fact(self, fact: DayFact) -> None:
        self._add("day_facts", _fact_values(fact))

    def _add(self, table: str, values: dict[str, Any]) -> None:
        pending = self._pending[table]
        pending.append(values)
        self.offered[table] += 1
        if len(pending) >= _CHUNK:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._pending[table]
        if rows:
            before = self._conn.total_changes
            self._conn.executemany(_insert(table, rows[0], ignore=True), rows)
            self.added[table] += self._conn.total_changes - before
            rows.clear()

    def finish(self) -> ImportResult:
        for table in self._pending:
            self._flush(table)
        return ImportResult(
            added_checkins=self.added["checkins"],
            added_sessions=self.added["sessions"],
            already_present=self.offered["checkins"]
            + self.offered["sessions"]
            - self.added["checkins"]
            - self.added["sessions"],
            added_facts=self.added["day_facts"],
            facts_present=self.offered["day_facts"] - self.added["day_facts"],
        )


# --- files --------------------------------------------------------------------------------------


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def move_aside(path: Path, clock: Clock = SYSTEM_CLOCK) -> Path:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.corrupt-<UTC time>``; never deletes."""
    target = unused_path(path.parent, f"{path.name}.corrupt-{timestamp(clock.now())}")
    os.replace(path, target)
    for sidecar in _sidecars(path):
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + sidecar.name[len(path.name) :]))
    return target


def _secure_file(path: Path) -> None:
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, DB_MODE)
        os.close(fd)
    for candidate in [path, *_sidecars(path)]:
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mode & 0o777 != DB_MODE:
                candidate.chmod(DB_MODE)


def _connect(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return conn


class _Damaged(sqlite3.DatabaseError):
    """The file is not an intact Breathing Room journal: the one reason to move it aside."""


#: SQLite's words for a file that is damaged or not a database at all.
_DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _is_damage(exc: BaseException) -> bool:
    """Only real damage moves a journal aside: never a permission, a full disk or a busy file."""
    if isinstance(exc, _Damaged):
        return True
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return name.startswith(_DAMAGE)


def _check_intact(conn: sqlite3.Connection) -> None:
    """Raise :class:`_Damaged` unless the file is an intact SQLite database."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [tuple(r) for r in result] != [("ok",)]:
        raise _Damaged(f"quick_check: {result[0][0] if result else 'no answer'}")


def read_only_reason(path: Path) -> str | None:
    """Why the journal at ``path`` may be read but not written, or None when it may be written.

    Writing needs the file and its folder (SQLite keeps its -wal and -shm beside the file).
    """
    folder = path.parent
    if not path.exists():
        return None
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on a read-only disk"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "its folder is read-only"
    return None


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{urllib.parse.quote(str(path.absolute()))}?{query}"


def _connect_read_only(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """The journal opened for reading only; never creates or changes a file."""
    conn = sqlite3.connect(
        _uri(path, mode="ro"), uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        # A WAL journal in a folder where its -shm cannot be made: read the file as it is, when
        # no -wal holds changes that are not in it yet.
        conn.close()
        if _is_damage(exc):
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"the journal at {path} has changes in {wal.name} that cannot be read while its "
                "folder is read-only; nothing was changed"
            ) from exc
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return conn


#: :attr:`Store.read_only` when the journal could only be opened for reading for lack of room.
FULL_DISK = "the disk is full"


def _disk_is_full(folder: Path, exc: BaseException) -> bool:
    """Whether ``exc`` came from a full disk (SQLite often says only "disk I/O error")."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) == errno.ENOSPC:
        return True
    if not (name.startswith("SQLITE_IOERR") or isinstance(exc, OSError)):
        return False
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


def _why(exc: BaseException) -> str:
    """An error in a few plain words."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "it is busy: another program is holding it"
    if name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) == errno.ENOSPC:
        return FULL_DISK
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


# --- the store ----------------------------------------------------------------------------------


class Store:
    """The journal database. Not thread-safe: use it from one thread (the GUI's)."""

    def __init__(
        self,
        path: Path,
        *,
        backups_dir: Path | None = None,
        auto_backup: bool = True,
        clock: Clock = SYSTEM_CLOCK,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.path = Path(path)
        self.backups_dir = backups_dir or self.path.parent / "backups"
        self.auto_backup = auto_backup
        #: Dates copies, deletions and imports.
        self.clock = clock
        self._busy_timeout_ms = busy_timeout_ms
        #: Where a damaged database was moved to, if that happened on open.
        self.moved_aside: Path | None = None
        #: Why the journal can only be read (a read-only file, folder or disk), or None.
        self.read_only: str | None = None
        #: The schema version found on open (0 for a new file) and the pre-migration copy.
        self.found_version = 0
        self.pre_migration_copy: Path | None = None
        self._local_changes = 0
        self._conn = self._open()

    @classmethod
    def open(cls, **kwargs: Any) -> Store:
        """The journal in the current data folder (``paths.current()``)."""
        from breathingroom.services import paths

        where = paths.current()
        return cls(where.database, backups_dir=where.backups_dir, **kwargs)

    # -- opening ---------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        folder = self.path.parent
        try:
            # An existing folder keeps its mode: it may be one the user chose (--data-dir).
            folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        except OSError as exc:
            raise StoreError(f"cannot make the folder {folder}: {_why(exc)}") from exc
        try:
            reason = read_only_reason(self.path)
            if reason is not None:
                return self._open_read_only(reason)
            return self._open_existing()
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            if _is_damage(exc):
                return self._start_again(exc)
            if self.path.exists() and _disk_is_full(self.path.parent, exc):
                # Reading needs no room: the journal can still be shown and exported.
                with contextlib.suppress(sqlite3.Error, OSError, StoreError):
                    return self._open_read_only(FULL_DISK)
            raise StoreError(
                f"the journal at {self.path} cannot be opened ({_why(exc)}); nothing was changed"
            ) from exc

    def _start_again(self, damage: BaseException) -> sqlite3.Connection:
        """The journal is damaged: keep it beside, keep its backups, and start a new one."""
        try:
            self.moved_aside = move_aside(self.path, self.clock)
        except OSError as exc:
            raise StoreError(
                f"the journal at {self.path} is damaged ({damage}) and could not be moved aside "
                f"({_why(exc)}); nothing was changed"
            ) from exc
        self.read_only = None
        try:
            backup.keep_all(self.backups_dir)
        except OSError as exc:
            log.warning("The backups could not be set apart from rotation: %s", exc)
        # Each caller tells the person (once); this is for a log only.
        log.info(
            "The journal at %s was damaged (%s); moved to %s.", self.path, damage, self.moved_aside
        )
        try:
            return self._open_existing()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"the damaged journal was kept at {self.moved_aside}, but a new one could not be "
                f"started ({_why(exc)})"
            ) from exc

    def _open_existing(self) -> sqlite3.Connection:
        is_new = not self.path.exists() or self.path.stat().st_size == 0
        if not is_new and not os.access(self.path, os.R_OK):
            raise StoreError(
                f"the journal at {self.path} cannot be read (permission denied); "
                "nothing was changed"
            )
        try:
            _secure_file(self.path)
        except OSError as exc:
            raise StoreError(f"cannot create the journal at {self.path}: {_why(exc)}") from exc
        conn = _connect(self.path, self._busy_timeout_ms)
        try:
            if not is_new:
                _check_intact(conn)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"the journal at {self.path} cannot use WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            version = self._schema_version(conn)
            if 0 < version < SCHEMA_VERSION:
                self.pre_migration_copy = self._copy_before_migration(conn, version)
            self.found_version = migrate(conn)
            _secure_file(self.path)
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """Read an intact journal without writing anything; writes then say why they cannot.

        A journal at an older schema is copied into memory and brought up to date there.
        """
        if not os.access(self.path, os.R_OK):
            raise StoreError(
                f"the journal at {self.path} cannot be read (permission denied); "
                "nothing was changed"
            )
        self.read_only = reason
        conn = _connect_read_only(self.path, self._busy_timeout_ms)
        try:
            _check_intact(conn)
            version = self._schema_version(conn)
            if version > SCHEMA_VERSION:
                raise NewerJournalError(
                    "the journal was written by a newer version of Breathing Room "
                    f"(schema {version})"
                )
            if version < SCHEMA_VERSION:
                memory = sqlite3.connect(":memory:", isolation_level=None)
                memory.row_factory = sqlite3.Row
                conn.backup(memory)
                conn.close()
                conn = memory
                migrate(conn)
            self.found_version = version
            conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _schema_version(conn: sqlite3.Connection) -> int:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not has_table:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise _Damaged("a SQLite file that is not a Breathing Room journal")
            return 0
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _copy_before_migration(self, conn: sqlite3.Connection, version: int) -> Path:
        stem = f"journal-before-v{version + 1}-{timestamp(self.clock.now())}"
        return copy_database(conn, self.backups_dir, stem)

    def after_restore(self) -> None:
        """The database's content was replaced (a backup restored): bring it up to date."""
        migrate(self._conn)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")

    @property
    def newest_schema(self) -> int:
        """The newest schema this version reads (a backup of a newer one is not restored)."""
        return SCHEMA_VERSION

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For backups and tests; write through the methods below."""
        return self._conn

    def schema_version(self) -> int:
        return self._schema_version(self._conn)

    # -- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction: committed (and fsynced) before the block's caller returns.

        All of it or none of it: on any error the transaction is undone and the connection stays
        usable. A save that cannot happen for a reason outside the data (a read-only journal, a
        full disk) raises :class:`JournalWriteError`, whose words end in "nothing was saved".
        """
        if self.read_only == FULL_DISK:
            raise JournalWriteError(f"{FULL_DISK}: nothing was saved")
        if self.read_only is not None:
            raise JournalWriteError(
                f"the journal at {self.path} can only be read ({self.read_only}): nothing was saved"
            )
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                _roll_back(self._conn)
                raise
        except (sqlite3.Error, OSError) as exc:
            reason = write_failure(exc)
            if reason is None or isinstance(exc, StoreError):
                raise
            raise JournalWriteError(reason) from exc
        self._local_changes += 1
        if self.auto_backup:
            self._daily_backup()

    def _daily_backup(self) -> None:
        try:
            backup.ensure_daily(self)
        except (OSError, sqlite3.Error, backup.BackupError) as exc:  # the save itself is kept
            log.warning("The daily backup could not be made: %s", exc)

    def _now_seconds(self) -> int:
        """The clock's now as whole UTC seconds, as the ``*_utc`` columns hold time."""
        return int(self.clock.now().timestamp())

    def add_checkin(self, entry: CheckIn) -> int:
        """Store ``entry`` durably; returns its id (an identical entry returns the existing id)."""
        entry = validate_checkin(entry)
        values = _checkin_values(entry)
        with self._write() as conn:
            cursor = conn.execute(_insert("checkins", values, ignore=True), values)
            if cursor.rowcount == 1:
                return int(cast(int, cursor.lastrowid))
            row = conn.execute(
                "SELECT id FROM checkins WHERE dedupe_key = ?", (values["dedupe_key"],)
            ).fetchone()
            conn.execute("UPDATE checkins SET deleted_at = NULL WHERE id = ?", (row["id"],))
            return int(row["id"])

    def update_checkin(self, entry_id: int, entry: CheckIn) -> CheckIn:
        """Replace the entry ``entry_id`` with ``entry`` (its source is kept)."""
        old = self.get_checkin(entry_id)
        if old is None:
            raise JournalError(f"there is no entry {entry_id}")
        entry = validate_checkin(replace(entry, source=old.source, id=entry_id))
        values = _checkin_values(entry)
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        try:
            with self._write() as conn:
                conn.execute(
                    f"UPDATE checkins SET {assignments} WHERE id = :id", {**values, "id": entry_id}
                )
        except sqlite3.IntegrityError:
            raise JournalError("an identical entry already exists at that time") from None
        return entry

    def delete_checkin(self, entry_id: int) -> None:
        """Hide the entry; :meth:`restore_checkin` brings it back (undo)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE checkins SET deleted_at = ? WHERE id = ?", (self._now_seconds(), entry_id)
            )

    def restore_checkin(self, entry_id: int) -> None:
        with self._write() as conn:
            conn.execute("UPDATE checkins SET deleted_at = NULL WHERE id = ?", (entry_id,))

    def add_session(self, record: SessionRecord) -> int:
        """Store a finished session durably; returns its id."""
        record = validate_session(record)
        values = _session_values(record)
        with self._write() as conn:
            cursor = conn.execute(_insert("sessions", values, ignore=True), values)
            if cursor.rowcount == 1:
                return int(cast(int, cursor.lastrowid))
            row = conn.execute(
                "SELECT id FROM sessions WHERE dedupe_key = ?", (values["dedupe_key"],)
            ).fetchone()
            return int(row["id"])

    def set_session_distress(
        self, session_id: int, before: int | None = None, after: int | None = None
    ) -> None:
        """Record a distress rating that arrived after the session was stored."""
        check_distress(before, "distress before")
        check_distress(after, "distress after")
        with self._write() as conn:
            if before is not None:
                conn.execute(
                    "UPDATE sessions SET distress_before = ? WHERE id = ?", (before, session_id)
                )
            if after is not None:
                conn.execute(
                    "UPDATE sessions SET distress_after = ? WHERE id = ?", (after, session_id)
                )

    def add_session_params(self, session_id: int, extra: dict[str, Any]) -> None:
        """Add to a stored session's parameters (a break's "better / same / worse")."""
        with self._write() as conn:
            row = conn.execute("SELECT params FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                return
            params = {**json.loads(row["params"]), **extra}
            conn.execute(
                "UPDATE sessions SET params = ? WHERE id = ?",
                (json.dumps(params, ensure_ascii=False, sort_keys=True), session_id),
            )

    def import_batch(
        self,
        checkins: Iterable[CheckIn],
        sessions: Iterable[SessionRecord] = (),
        *,
        file: str = "",
        format: str = "",
        facts: Iterable[DayFact] = (),
        zone: str = "",
        digest: str = "",
    ) -> ImportResult:
        """Add everything in one transaction: all of it or, on any error, none of it.

        Entries already present (same time and content) are left alone, so importing the same
        file twice adds nothing the second time. ``zone`` and ``digest`` (the file's content
        hash) are recorded for :meth:`earlier_imports`.
        """
        with self.importing(file=file, format=format, zone=zone, digest=digest) as sink:
            for entry in checkins:
                sink.add_checkin(entry)
            for record in sessions:
                sink.add_session(record)
            for fact in facts:
                sink.add_fact(fact)
        return sink.result

    @contextlib.contextmanager
    def importing(
        self, *, file: str = "", format: str = "", zone: str = "", digest: str = ""
    ) -> Iterator[ImportSink]:
        """One import as a transaction that rows are handed to as they are read.

        ``with store.importing(...) as sink:`` then ``sink.add_checkin(entry)`` and so on; when
        the block ends everything is committed and ``sink.result`` says what was added. An
        exception in the block leaves the journal as it was.
        """
        with self._write() as conn:
            sink = ImportSink(conn)
            yield sink
            sink.result = sink.finish()
            conn.execute(
                "INSERT INTO imports (at_utc, file, format, checkins, sessions, day_facts, zone, "
                "digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self._now_seconds(),
                    file,
                    format,
                    sink.result.added_checkins,
                    sink.result.added_sessions,
                    sink.result.added_facts,
                    zone,
                    digest,
                ),
            )

    def earlier_imports(self, digest: str) -> list[EarlierImport]:
        """Imports of a file with this content hash, oldest first."""
        rows = self._conn.execute(
            "SELECT at_utc, file, zone FROM imports WHERE digest = ? ORDER BY at_utc, id",
            (digest,),
        ).fetchall()
        return [EarlierImport(_utc(r["at_utc"]), r["file"], r["zone"]) for r in rows]

    def day_facts(self, first: date, after: date) -> list[DayFact]:
        """Day facts from ``first`` up to (not including) ``after``, by day."""
        rows = self._conn.execute(
            "SELECT * FROM day_facts WHERE day >= ? AND day < ? ORDER BY day, id",
            (first.isoformat(), after.isoformat()),
        ).fetchall()
        return self._facts(rows)

    def all_day_facts(self) -> list[DayFact]:
        """Every day fact, by day (within a day in the order they were kept)."""
        return self._facts(self._conn.execute("SELECT * FROM day_facts ORDER BY day, id"))

    @staticmethod
    def _facts(rows: Iterable[sqlite3.Row]) -> list[DayFact]:
        return [
            DayFact(
                day=date.fromisoformat(r["day"]),
                category=r["category"],
                item=r["item"],
                amount=r["amount"],
                time=r["time"],
                note=r["note"],
                source=r["source"],
            )
            for r in rows
        ]

    def save_safety_plan(self, plan: SafetyPlan) -> SafetyPlan:
        """Keep ``plan`` (normalised) as the one safety plan, durably; returns what was stored.

        Raises :class:`~breathingroom.core.safety_plan.SafetyPlanError` if a part is too long.
        """
        plan = validate_plan(plan.normalised())
        body = json.dumps(plan.to_dict(), ensure_ascii=False, sort_keys=True)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO safety_plan (id, body, updated_utc) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET body = excluded.body, "
                "updated_utc = excluded.updated_utc",
                (body, self._now_seconds()),
            )
        return plan

    # -- reading ---------------------------------------------------------------------------------

    def get_checkin(self, entry_id: int, *, include_deleted: bool = False) -> CheckIn | None:
        row = self._conn.execute(
            "SELECT * FROM checkins WHERE id = ?"
            + ("" if include_deleted else " AND deleted_at IS NULL"),
            (entry_id,),
        ).fetchone()
        return _row_to_checkin(row) if row else None

    def week(self, day: date) -> list[CheckIn]:
        """The entries of the local week (Monday to Sunday) holding ``day``.

        Each entry counts in the week of its own local date, so an entry made while travelling
        stays on the day it was made. The query is an indexed range with a day of margin.
        """
        monday = week_start(day)
        low = datetime.combine(monday - timedelta(days=1), datetime.min.time(), UTC)
        high = datetime.combine(monday + timedelta(days=8), datetime.min.time(), UTC)
        rows = self._conn.execute(
            "SELECT * FROM checkins WHERE at_utc >= ? AND at_utc < ? AND deleted_at IS NULL "
            "ORDER BY at_utc, id",
            (int(low.timestamp()), int(high.timestamp())),
        ).fetchall()
        entries = [_row_to_checkin(r) for r in rows]
        return [c for c in entries if monday <= c.local.date() < monday + timedelta(days=7)]

    def recent_checkins(self, limit: int = 50, *, before: datetime | None = None) -> list[CheckIn]:
        """Newest first."""
        if before is None:
            rows = self._conn.execute(
                "SELECT * FROM checkins WHERE deleted_at IS NULL ORDER BY at_utc DESC, id DESC "
                "LIMIT ?",
                (limit,),
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT * FROM checkins WHERE deleted_at IS NULL AND at_utc < ? "
                "ORDER BY at_utc DESC, id DESC LIMIT ?",
                (int(before.timestamp()), limit),
            ).fetchall()
        return [_row_to_checkin(r) for r in rows]

    def all_checkins(self) -> list[CheckIn]:
        rows = self._conn.execute(
            "SELECT * FROM checkins WHERE deleted_at IS NULL ORDER BY at_utc, id"
        ).fetchall()
        return [_row_to_checkin(r) for r in rows]

    def already_present(self, entries: Iterable[CheckIn]) -> int:
        """How many of ``entries`` the journal holds already (an import would skip them)."""
        keys = [_checkin_values(entry)["dedupe_key"] for entry in entries]
        found = 0
        for start in range(0, len(keys), 500):  # SQLite's limit on bound values
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT count(*) FROM checkins WHERE dedupe_key IN ({marks})"
            found += int(self._conn.execute(query, chunk).fetchone()[0])
        return found

    def count_checkins(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM checkins WHERE deleted_at IS NULL").fetchone()[
                0
            ]
        )

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]:
        """Newest first."""
        rows = self._conn.execute(
            "SELECT * FROM sessions ORDER BY start_utc DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_row_to_session(r) for r in rows]

    def all_sessions(self) -> list[SessionRecord]:
        rows = self._conn.execute("SELECT * FROM sessions ORDER BY start_utc, id").fetchall()
        return [_row_to_session(r) for r in rows]

    def checkins_on_days(self, first: date, after: date) -> list[CheckIn]:
        """Check-ins whose local day (at their own offset) is from ``first`` to before ``after``.

        The timeline opens on one period with these, before it reads everything.
        """
        low, high = _day_bounds(first, after)
        rows = self._conn.execute(
            "SELECT * FROM checkins WHERE deleted_at IS NULL AND at_utc >= ? AND at_utc < ? "
            "ORDER BY at_utc, id",
            (low, high),
        ).fetchall()
        found = [_row_to_checkin(r) for r in rows]
        return [e for e in found if first <= e.local.date() < after]

    def sessions_on_days(self, first: date, after: date) -> list[SessionRecord]:
        """Sessions that started on a local day from ``first`` to before ``after``."""
        low, high = _day_bounds(first, after)
        rows = self._conn.execute(
            "SELECT * FROM sessions WHERE start_utc >= ? AND start_utc < ? ORDER BY start_utc, id",
            (low, high),
        ).fetchall()
        found = [_row_to_session(r) for r in rows]
        return [r for r in found if first <= r.start.date() < after]

    def weekly_means(self, start: date, end: date) -> list[WeekMean]:
        """Weekly means of pleasantness, energy and distress for local dates in [start, end).

        Grouped in SQL on the local date (``at_utc + offset``), so a year takes one query.
        """
        low = int(datetime.combine(start - timedelta(days=1), datetime.min.time(), UTC).timestamp())
        high = int(datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC).timestamp())
        rows = self._conn.execute(
            """
            SELECT date(local, '-' || ((CAST(strftime('%w', local) AS INTEGER) + 6) % 7) || ' days')
                       AS monday,
                   count(*), avg(pleasant), avg(energy), avg(distress)
            FROM (SELECT datetime(at_utc + offset_min * 60, 'unixepoch') AS local,
                         pleasant, energy, distress
                  FROM checkins
                  WHERE at_utc >= ? AND at_utc < ? AND deleted_at IS NULL)
            WHERE date(local) >= ? AND date(local) < ?
            GROUP BY monday ORDER BY monday
            """,
            (low, high, start.isoformat(), end.isoformat()),
        ).fetchall()
        return [
            WeekMean(
                monday=date.fromisoformat(r[0]),
                count=r[1],
                pleasant=r[2],
                energy=r[3],
                distress=r[4],
            )
            for r in rows
        ]

    def safety_plan(self) -> SafetyPlan:
        """The saved safety plan, or an empty one when none was saved.

        Raises :class:`~breathingroom.core.safety_plan.SafetyPlanError` if the stored plan
        cannot be read (never the case for a plan this app saved).
        """
        row = self._conn.execute("SELECT body FROM safety_plan WHERE id = 1").fetchone()
        if row is None:
            return SafetyPlan()
        try:
            data = json.loads(row["body"])
        except ValueError as exc:
            raise SafetyPlanError(f"the saved safety plan cannot be read ({exc})") from None
        return SafetyPlan.from_dict(data)

    def change_token(self) -> int:
        """A number that changes whenever this or another process commits to the journal.

        Cheap (no file read beyond SQLite's header check): poll it only while a journal window is
        visible, and reload when it differs from the last value seen.
        """
        other = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        return other + self._local_changes

    def integrity_check(self) -> list[str]:
        return [r[0] for r in self._conn.execute("PRAGMA integrity_check").fetchall()]
