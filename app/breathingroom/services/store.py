"""The journal on disk: one SQLite file (standard library ``sqlite3``) in the data folder.

Open with ``Store.open()`` (the database in ``paths.current()``) or ``Store(path)``:

- WAL mode, ``synchronous=FULL``: every write method returns only after its commit is on disk.
- A ``schema_version`` table and ordered :data:`MIGRATIONS`; before migrating an existing file
  a copy is taken into ``backups/`` (``journal-before-v<N>-<time>.sqlite3``).
- Data folder 0700, database (and its -wal/-shm) 0600.
- A file that is not a readable, intact database is never overwritten or deleted: it is moved aside
  to ``journal.sqlite3.corrupt-<UTC time>`` (with its -wal/-shm) and a fresh database is created.
  :attr:`Store.moved_aside` then holds the new path of the old file, for the UI to tell the user
  (and to offer a restore from ``backups/``).
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
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
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
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The journal could not be opened or written; the message says why in plain words."""


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


Migration = str | Callable[[sqlite3.Connection], None]
#: ``MIGRATIONS[n - 1]`` takes the schema to version ``n``.
MIGRATIONS: tuple[tuple[Migration, ...], ...] = (
    (_V1,),
    (_V2, _v2_keys),
    (_V3,),
    (_v4_local_offsets,),
    (_V5,),
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
            raise StoreError(
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
        conn.execute("ROLLBACK")
        raise
    return found


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


#: Errors that say nothing about the file being damaged: never a reason to move it aside.
_TRANSIENT = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_NOMEM", "SQLITE_INTERRUPT")


def _is_transient(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_TRANSIENT) or name.startswith("SQLITE_IOERR")


def _check_intact(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError unless the file is an intact SQLite database."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [tuple(r) for r in result] != [("ok",)]:
        raise sqlite3.DatabaseError(f"quick_check: {result[0][0] if result else 'no answer'}")


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
        #: Where a corrupt or unreadable database was moved to, if that happened on open.
        self.moved_aside: Path | None = None
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
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        with contextlib.suppress(OSError):
            folder.chmod(DIR_MODE)
        try:
            return self._open_existing()
        except (sqlite3.DatabaseError, StoreError, OSError) as exc:
            if isinstance(exc, StoreError) and "newer version" in str(exc):
                raise
            if _is_transient(exc):
                raise StoreError(
                    f"the journal at {self.path} is busy or the disk is full or failing ({exc}); "
                    "nothing was changed"
                ) from exc
            if not self.path.exists():
                raise StoreError(f"cannot create the journal at {self.path}: {exc}") from exc
            self.moved_aside = move_aside(self.path, self.clock)
            log.warning(
                "The journal at %s could not be read (%s); it was moved to %s and a new one "
                "was started.",
                self.path,
                exc,
                self.moved_aside,
            )
            return self._open_existing()

    def _open_existing(self) -> sqlite3.Connection:
        is_new = not self.path.exists() or self.path.stat().st_size == 0
        if not is_new and not os.access(self.path, os.R_OK | os.W_OK):
            raise StoreError(f"the journal at {self.path} cannot be read and written")
        _secure_file(self.path)
        conn = _connect(self.path, self._busy_timeout_ms)
        try:
            if not is_new:
                _check_intact(conn)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise sqlite3.DatabaseError(f"cannot use WAL mode (got {mode})")
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

    @staticmethod
    def _schema_version(conn: sqlite3.Connection) -> int:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not has_table:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise sqlite3.DatabaseError("a SQLite file that is not a Breathing Room journal")
            return 0
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _copy_before_migration(self, conn: sqlite3.Connection, version: int) -> Path:
        self.backups_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        stem = f"journal-before-v{version + 1}-{timestamp(self.clock.now())}"
        return copy_database(conn, unused_path(self.backups_dir, stem, ".sqlite3"))

    def after_restore(self) -> None:
        """The database's content was replaced (a backup restored): bring it up to date."""
        migrate(self._conn)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")

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
        """One durable transaction: committed (and fsynced) before the block's caller returns."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        self._local_changes += 1
        if self.auto_backup:
            self._daily_backup()

    def _daily_backup(self) -> None:
        try:
            backup.ensure_daily(self)
        except (OSError, sqlite3.Error) as exc:  # a backup must never lose the save itself
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
        checkins: Sequence[CheckIn],
        sessions: Sequence[SessionRecord] = (),
        *,
        file: str = "",
        format: str = "",
    ) -> ImportResult:
        """Add everything in one transaction: all of it or, on any error, none of it.

        Entries already present (same time and content) are left alone, so importing the same
        file twice adds nothing the second time.
        """
        checkin_rows = [_checkin_values(validate_checkin(c)) for c in checkins]
        session_rows = [_session_values(validate_session(s)) for s in sessions]
        added_c = added_s = 0
        with self._write() as conn:
            if checkin_rows:
                before = conn.total_changes
                conn.executemany(_insert("checkins", checkin_rows[0], ignore=True), checkin_rows)
                added_c = conn.total_changes - before
            if session_rows:
                before = conn.total_changes
                conn.executemany(_insert("sessions", session_rows[0], ignore=True), session_rows)
                added_s = conn.total_changes - before
            conn.execute(
                "INSERT INTO imports (at_utc, file, format, checkins, sessions) "
                "VALUES (?, ?, ?, ?, ?)",
                (self._now_seconds(), file, format, added_c, added_s),
            )
        return ImportResult(
            added_checkins=added_c,
            added_sessions=added_s,
            already_present=len(checkin_rows) + len(session_rows) - added_c - added_s,
        )

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
