"""The journal store: durability, migrations, corrupt files, permissions, backups."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.journal import CheckIn, JournalError
from breathingroom.core.records import SessionRecord
from breathingroom.services import backup
from breathingroom.services.store import MIGRATIONS, SCHEMA_VERSION, Store, migrate
from tests.fakes import FakeClock, local_zone

PLUS1 = timezone(timedelta(hours=1))


def entry(minute: int = 0, note: str = "", **kw: object) -> CheckIn:
    at = datetime(2026, 11, 26, 9, 0, tzinfo=PLUS1) + timedelta(minutes=minute)
    values: dict[str, object] = {"pleasant": 7, "energy": 4, "note": note}
    values.update(kw)
    return CheckIn.create(at=at, **values)  # type: ignore[arg-type]


def session(minute: int = 0, **kw: object) -> SessionRecord:
    start = datetime(2026, 11, 26, 10, 0, tzinfo=PLUS1) + timedelta(minutes=minute)
    values: dict[str, object] = {
        "kind": "breathing",
        "exercise": "box",
        "start": start,
        "end": start + timedelta(minutes=5),
        "completed": True,
        "params": {"minutes": 5},
    }
    values.update(kw)
    return SessionRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


def test_saved_checkin_reads_back_identically(db: Path) -> None:
    with Store(db) as store:
        saved = entry(note='comma, "quote"\nnewline ✓', feelings=["calm"], distress=3)
        new_id = store.add_checkin(saved)
        back = store.get_checkin(new_id)
    assert back == saved
    assert back is not None and back.id == new_id
    assert back.local.utcoffset() == timedelta(hours=1)


def test_recent_sessions_come_back_newest_first(db: Path) -> None:
    with Store(db) as store:
        store.add_session(session(0, distress_before=6, distress_after=3))
        store.add_session(session(30, completed=False))
        recent = store.recent_sessions(limit=5)
    assert [r.start.minute for r in recent] == [30, 0]
    assert recent[1].distress_before == 6 and recent[1].distress_after == 3
    assert recent[0].completed is False
    assert recent[1].params == {"minutes": 5}


def test_a_session_of_a_kind_from_a_newer_version_is_still_listed_and_exported(db: Path) -> None:
    from breathingroom.core import exporters

    with Store(db) as store:
        store.add_session(session(0))
        store.connection.execute("UPDATE sessions SET kind = 'stretch'")
        store.connection.commit()
        [back] = store.recent_sessions(limit=5)
        exported = json.loads(exporters.to_json([], store.all_sessions()))
    assert back.kind == "stretch"
    assert [s["kind"] for s in exported["sessions"]] == ["stretch"]


def test_delete_hides_an_entry_and_restore_brings_it_back(db: Path) -> None:
    with Store(db) as store:
        kept = store.add_checkin(entry(0))
        gone = store.add_checkin(entry(1))
        store.delete_checkin(gone)
        assert [c.id for c in store.recent_checkins()] == [kept]
        assert store.get_checkin(gone) is None
        store.restore_checkin(gone)
        assert [c.id for c in store.recent_checkins()] == [gone, kept]


def test_update_changes_the_entry_and_keeps_its_source(db: Path) -> None:
    with Store(db) as store:
        new_id = store.add_checkin(entry(0, source="cli"))
        store.update_checkin(new_id, entry(0, note="edited", pleasant=2))
        back = store.get_checkin(new_id)
    assert back is not None
    assert (back.note, back.pleasant, back.source) == ("edited", 2, "cli")


def test_invalid_values_store_nothing(db: Path) -> None:
    with Store(db) as store:
        bad = CheckIn(
            at_utc=datetime(2026, 11, 26, 9, tzinfo=UTC), offset_minutes=0, pleasant=10, energy=4
        )
        with pytest.raises(JournalError, match="pleasantness"):
            store.add_checkin(bad)
        assert store.count_checkins() == 0


def test_week_uses_each_entry_local_date(db: Path) -> None:
    far_east = timezone(timedelta(hours=14))
    with Store(db) as store:
        # Monday 00:30 at +14 is Sunday in UTC: it belongs to the week starting that Monday.
        store.add_checkin(CheckIn.create(datetime(2026, 11, 23, 0, 30, tzinfo=far_east), 5, 5))
        # Sunday 23:30 at -10 is Monday in UTC: it belongs to the week before.
        west = timezone(timedelta(hours=-10))
        store.add_checkin(CheckIn.create(datetime(2026, 11, 22, 23, 30, tzinfo=west), 3, 3))
        this_week = store.week(date(2026, 11, 26))
        last_week = store.week(date(2026, 11, 20))
    assert [c.pleasant for c in this_week] == [5]
    assert [c.pleasant for c in last_week] == [3]


def test_weekly_means_in_sql_match_the_pure_helper(db: Path) -> None:
    from breathingroom.core.journal import weekly_means

    with Store(db) as store:
        for day in range(21):
            for hour, p in ((8, 3), (20, 8)):
                at = datetime(2026, 11, 1, hour, tzinfo=PLUS1) + timedelta(days=day)
                store.add_checkin(
                    CheckIn.create(at, p, 4, distress=day % 11 if hour == 8 else None)
                )
        in_sql = store.weekly_means(date(2026, 11, 1), date(2026, 11, 22))
        pure = weekly_means(store.all_checkins())
    pure = [w for w in pure if date(2026, 10, 26) <= w.monday < date(2026, 11, 22)]
    assert [(w.monday, w.count) for w in in_sql] == [(w.monday, w.count) for w in pure]
    for a, b in zip(in_sql, pure, strict=True):
        assert a.pleasant == pytest.approx(b.pleasant)
        assert a.distress == pytest.approx(b.distress)


def test_change_token_sees_another_connection_commit(db: Path) -> None:
    with Store(db) as app, Store(db) as other:
        before = app.change_token()
        assert app.change_token() == before  # polling alone changes nothing
        other.add_checkin(entry(5))
        assert app.change_token() != before
        assert len(app.recent_checkins()) == 1


def test_import_is_idempotent(db: Path) -> None:
    with Store(db) as store:
        batch = [entry(i, note=f"n{i}") for i in range(10)]
        first = store.import_batch(batch, [session(0)])
        second = store.import_batch(batch, [session(0)])
        assert (first.added_checkins, first.added_sessions) == (10, 1)
        assert (second.added_checkins, second.added_sessions, second.already_present) == (0, 0, 11)
        assert store.count_checkins() == 10


def test_a_bad_row_imports_nothing(db: Path) -> None:
    with Store(db) as store:
        bad = CheckIn(
            at_utc=datetime(2026, 11, 26, 9, tzinfo=UTC), offset_minutes=0, pleasant=0, energy=4
        )
        with pytest.raises(JournalError):
            store.import_batch([entry(0), bad])
        assert store.count_checkins() == 0


# --- permissions ---------------------------------------------------------------------------------


def test_database_is_private_to_the_user(db: Path) -> None:
    with Store(db) as store:
        store.add_checkin(entry())
        for path in [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]:
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(store.backups_dir.stat().st_mode) == 0o700
        for copy in store.backups_dir.iterdir():
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_store_uses_wal_and_full_sync(db: Path) -> None:
    with Store(db) as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.connection.execute("PRAGMA synchronous").fetchone()[0] == 2


# --- corrupt files -------------------------------------------------------------------------------


def _corrupt_variants(db: Path) -> dict[str, bytes]:
    with Store(db, auto_backup=False) as store:
        for i in range(300):
            store.add_checkin(entry(i, note="x" * 200))
    good = db.read_bytes()
    db.unlink()
    return {
        "garbage": os.urandom(8192),
        "text": b"this is not a database\n" * 100,
        "truncated-header": good[:50],
        "truncated-half": good[: len(good) // 2],
        "zeroed-pages": good[:4096] + b"\0" * (len(good) - 4096),
    }


@pytest.mark.parametrize(
    "variant", ["garbage", "text", "truncated-header", "truncated-half", "zeroed-pages"]
)
def test_corrupt_database_is_moved_aside_and_a_fresh_one_started(db: Path, variant: str) -> None:
    content = _corrupt_variants(db)[variant]
    db.write_bytes(content)
    with Store(db) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.name.startswith("journal.sqlite3.corrupt-")
        assert store.moved_aside.read_bytes() == content  # kept byte for byte
        assert store.count_checkins() == 0
        store.add_checkin(entry())
        assert store.integrity_check() == ["ok"]


def test_a_foreign_sqlite_file_is_moved_aside(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.moved_aside is not None
        assert sqlite3.connect(store.moved_aside).execute("SELECT * FROM photos").fetchall() == []


def test_an_unreadable_journal_is_reported_and_never_moved(db: Path) -> None:
    """Not being allowed to read a file says nothing about its content: it stays where it is
    (issue 10). Root reads anything, so a folder in the file's place stands in for it."""
    from breathingroom.services.store import StoreError

    if os.geteuid() == 0:
        db.mkdir(parents=True)
    else:
        with Store(db) as store:
            store.add_checkin(entry())
        db.chmod(0)
    with pytest.raises(StoreError, match="nothing was changed"):
        Store(db)
    assert not list(db.parent.glob("*.corrupt-*"))


def test_open_good_database_moves_nothing(db: Path) -> None:
    with Store(db) as store:
        store.add_checkin(entry())
    with Store(db) as store:
        assert store.moved_aside is None
        assert store.count_checkins() == 1
    assert not list(db.parent.glob("*.corrupt-*"))


# --- migrations ----------------------------------------------------------------------------------


def _fill_at_version(conn: sqlite3.Connection, version: int) -> None:
    """Rows as a build of that schema version would have written them."""
    if version >= 1:
        conn.execute(
            "INSERT INTO checkins (at_utc, offset_min, pleasant, energy, distress, feelings, note)"
            " VALUES (1764144000, 60, 7, 4, 2, '[\"calm\"]', 'from v' || ?)",
            (version,),
        )
        conn.execute(
            "INSERT INTO sessions (kind, exercise, start_utc, start_offset_min, end_utc,"
            " end_offset_min, completed, params) VALUES ('breathing', 'box', 1764144000, 60,"
            " 1764144300, 60, 1, '{\"minutes\": 5}')"
        )
    if version >= 2:
        conn.execute("UPDATE checkins SET dedupe_key = 'old-key-' || id")
        conn.execute("UPDATE sessions SET dedupe_key = 'old-key-' || id")
    conn.commit()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(db: Path, version: int) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=version)
    if version:
        _fill_at_version(conn, version)
    conn.close()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.found_version == version
        if version == 0:
            return
        assert store.pre_migration_copy is not None
        copy = sqlite3.connect(store.pre_migration_copy)
        assert copy.execute("SELECT version FROM schema_version").fetchone()[0] == version
        copy.close()
        [old] = store.all_checkins()
        assert (old.pleasant, old.energy, old.distress, old.feelings) == (7, 4, 2, ("calm",))
        assert old.note == f"from v{version}"
        assert old.local.isoformat() == "2025-11-26T09:00:00+01:00"
        [old_session] = store.all_sessions()
        assert old_session.params == {"minutes": 5}
        # The migrated journal works like a new one, including the dedupe on import.
        assert store.import_batch([old]).added_checkins == (1 if version >= 2 else 0)


def test_migrations_are_listed_in_order() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION >= 4


@pytest.fixture
def berlin() -> Iterator[None]:
    """The computer's time zone is Europe/Berlin for the test, and what it was afterwards."""
    with local_zone("Europe/Berlin"):
        yield


def _utc_seconds(*when: int) -> int:
    return int(datetime(*when, tzinfo=UTC).timestamp())  # type: ignore[misc]


#: Sessions as a version 3 journal holds them: (source, start UTC, offset, end UTC, offset).
_V3_SESSIONS = {
    # The app stored these in UTC: 19:30 UTC in July is 21:30 in Berlin (+02:00) ...
    "july": ("app", _utc_seconds(2026, 7, 10, 19, 30), 0, _utc_seconds(2026, 7, 10, 19, 40), 0),
    # ... 23:30 UTC in January is already the next day in Berlin, 00:30 (+01:00) ...
    "january": ("app", _utc_seconds(2026, 1, 15, 23, 30), 0, _utc_seconds(2026, 1, 15, 23, 45), 0),
    # ... and this one runs across the spring change at 01:00 UTC: +01:00 to +02:00.
    "dst": ("app", _utc_seconds(2026, 3, 29, 0, 50), 0, _utc_seconds(2026, 3, 29, 1, 10), 0),
    # An import keeps what its file said, even +00:00; so does a row already local.
    "imported": ("daylio", _utc_seconds(2026, 7, 11, 8, 0), 0, _utc_seconds(2026, 7, 11, 8, 5), 0),
    "local": ("app", _utc_seconds(2026, 7, 12, 8, 0), 120, _utc_seconds(2026, 7, 12, 8, 5), 120),
}


def _journal_at_v3(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=3)
    for name, (source, start, start_off, end, end_off) in _V3_SESSIONS.items():
        conn.execute(
            "INSERT INTO sessions (kind, exercise, start_utc, start_offset_min, end_utc,"
            " end_offset_min, completed, params, source, dedupe_key)"
            " VALUES ('breathing', ?, ?, ?, ?, ?, 1, '{}', ?, ?)",
            (name, start, start_off, end, end_off, source, f"key-{name}"),
        )
    conn.close()


def test_app_sessions_stored_in_utc_move_to_local_time(db: Path, berlin: None) -> None:
    from breathingroom.core import exporters

    _journal_at_v3(db)
    with Store(db) as store:
        assert store.found_version == 3
        sessions = {s.exercise: s for s in store.all_sessions()}
        doc = json.loads(exporters.to_json([], sessions.values()))
        copy = store.pre_migration_copy
    exported = {s["exercise"]: (s["start"], s["end"]) for s in doc["sessions"]}
    assert exported == {
        "july": ("2026-07-10T21:30:00+02:00", "2026-07-10T21:40:00+02:00"),
        "january": ("2026-01-16T00:30:00+01:00", "2026-01-16T00:45:00+01:00"),
        "dst": ("2026-03-29T01:50:00+01:00", "2026-03-29T03:10:00+02:00"),
        "imported": ("2026-07-11T08:00:00+00:00", "2026-07-11T08:05:00+00:00"),
        "local": ("2026-07-12T10:00:00+02:00", "2026-07-12T10:05:00+02:00"),
    }
    for name, (_source, start, _, end, _) in _V3_SESSIONS.items():  # the same instants
        assert (sessions[name].start.timestamp(), sessions[name].end.timestamp()) == (start, end)
    # The copy taken before migrating still holds the rows as they were.
    assert copy is not None
    old = sqlite3.connect(copy)
    assert old.execute("SELECT version FROM schema_version").fetchone()[0] == 3
    assert old.execute("SELECT sum(start_offset_min != 0) FROM sessions").fetchone()[0] == 1
    old.close()


def test_a_journal_at_the_new_version_is_not_migrated_again(db: Path, berlin: None) -> None:
    # A session the current app recorded where the offset really was 0 (say, in Reykjavik).
    start = datetime(2026, 7, 10, 19, 30, tzinfo=UTC)
    at_zero = session(0, start=start, end=start + timedelta(minutes=10))
    with Store(db) as store:
        store.add_session(at_zero)
    with Store(db) as store:
        assert store.found_version == SCHEMA_VERSION
        assert store.pre_migration_copy is None
        [back] = store.all_sessions()
    assert back.start.isoformat() == "2026-07-10T19:30:00+00:00"


def test_a_local_session_keeps_its_offset_through_store_and_export(db: Path) -> None:
    from breathingroom.core import exporters
    from breathingroom.core.importers.own import parse_csv, parse_json

    plus2 = timezone(timedelta(hours=2))
    start = datetime(2026, 7, 10, 21, 30, tzinfo=plus2)
    record = session(0, start=start, end=start + timedelta(minutes=10))
    with Store(db) as store:
        store.add_session(record)
        [back] = store.all_sessions()
    assert back == record and back.start.utcoffset() == timedelta(hours=2)
    as_json = exporters.to_json([], [back])
    as_csv = exporters.to_csv([], [back])
    assert json.loads(as_json)["sessions"][0]["start"] == "2026-07-10T21:30:00+02:00"
    assert "2026-07-10T21:30:00+02:00,2026-07-10T21:40:00+02:00" in as_csv
    for parsed in (parse_json(as_json.encode(), "x.json"), parse_csv(as_csv.encode(), "x.csv")):
        assert [s.start.isoformat() for s in parsed.sessions] == ["2026-07-10T21:30:00+02:00"]


def test_a_newer_schema_is_refused_not_moved(db: Path) -> None:
    with Store(db) as store:
        store.connection.execute("UPDATE schema_version SET version = 99")
    from breathingroom.services.store import StoreError

    with pytest.raises(StoreError, match="newer version"):
        Store(db)
    assert db.exists()


# --- backups -------------------------------------------------------------------------------------


def test_daily_backup_made_once_a_day(db: Path) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    with Store(db, clock=clock) as store:
        store.add_checkin(entry(0))
        store.add_checkin(entry(1))
        assert len(backup.list_backups(store.backups_dir)) == 1
        clock.advance(86400)
        store.add_checkin(entry(2))
        assert len(backup.list_backups(store.backups_dir)) == 2


def test_rotation_keeps_seven_daily_and_four_weekly(db: Path) -> None:
    start = datetime(2026, 9, 1, 12, tzinfo=UTC)
    clock = FakeClock(wall=start)
    with Store(db, auto_backup=False, clock=clock) as store:
        store.add_checkin(entry())
        for _day in range(60):
            backup.make_backup(store)
            clock.advance(3 * 3600)  # two copies a day: only the newest of a day is kept
            backup.make_backup(store)
            clock.advance(21 * 3600)
        backup.rotate(store.backups_dir)
        kept = backup.list_backups(store.backups_dir)
    days = [b.local_day for b in kept]
    newest = (start + timedelta(days=59)).astimezone().date()
    assert days[:7] == [newest - timedelta(days=i) for i in range(7)]
    assert len(set(days)) == len(days)
    weeks = {d.isocalendar()[:2] for d in days}
    assert len(weeks) == 4
    assert 7 <= len(kept) <= 11
    assert all(d >= newest - timedelta(days=28) for d in days)


def test_restore_brings_back_a_backup_and_keeps_the_current_journal(db: Path) -> None:
    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry(0, note="before"))
        copy = backup.make_backup(store)
        store.add_checkin(entry(1, note="after"))
        with Store(db, auto_backup=False) as running_app:
            token = running_app.change_token()
            safety = backup.restore(store, copy)
            assert running_app.change_token() != token
            assert [c.note for c in running_app.all_checkins()] == ["before"]
        assert [c.note for c in store.all_checkins()] == ["before"]
        assert store.integrity_check() == ["ok"]
    saved = sqlite3.connect(safety)
    assert sorted(r[0] for r in saved.execute("SELECT note FROM checkins")) == ["after", "before"]
    saved.close()


def test_restore_refuses_a_damaged_backup(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"nope" * 1000)
    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry())
        with pytest.raises(backup.BackupError):
            backup.restore(store, bad)
        assert store.count_checkins() == 1


# --- crashes -------------------------------------------------------------------------------------

_SAVER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from breathingroom.core.journal import CheckIn
    from breathingroom.services.store import Store

    store = Store(__import__("pathlib").Path(sys.argv[1]))
    start = datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    i = 0
    while True:
        store.add_checkin(CheckIn.create(start + timedelta(minutes=i), 5, 5, note=f"n{i}"))
        sys.stdout.write(f"{i}\\n")
        sys.stdout.flush()
        i += 1
    """
)


def test_sigkill_during_a_stream_of_saves_loses_no_acknowledged_entry(db: Path) -> None:
    acked: list[int] = []
    with subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(db)], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            acked.append(int(line))
            if len(acked) == 60:
                child.send_signal(signal.SIGKILL)
                break
        acked.extend(int(line) for line in child.stdout.read().split())
    assert child.returncode == -signal.SIGKILL
    with Store(db, auto_backup=False) as store:
        assert store.moved_aside is None
        assert store.integrity_check() == ["ok"]
        notes = {c.note for c in store.all_checkins()}
    assert {f"n{i}" for i in acked} <= notes
    assert len(notes) <= len(acked) + 1  # at most the one being saved when killed


_IMPORTER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from breathingroom.core.journal import CheckIn
    from breathingroom.services.store import Store

    path, stop_after = sys.argv[1], int(sys.argv[2])
    store = Store(__import__("pathlib").Path(path), auto_backup=False)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    batch = [CheckIn.create(start + timedelta(hours=i), 1 + i % 9, 5, note=f"i{i}")
             for i in range(5000)]
    seen = [0]

    def trace(statement):
        if statement.startswith("INSERT OR IGNORE INTO checkins"):
            seen[0] += 1
            if seen[0] == stop_after:
                sys.stdout.write("inside\\n")
                sys.stdout.flush()
                sys.stdin.read()  # wait here until killed

    store.connection.set_trace_callback(trace)
    result = store.import_batch(batch, file="big.csv", format="csv")
    sys.stdout.write(f"done {result.added_checkins}\\n")
    sys.stdout.flush()
    sys.stdin.read()
    """
)


@pytest.mark.parametrize("stop_after", [1, 2500, 5000])
def test_sigkill_inside_an_import_leaves_none_of_it(db: Path, stop_after: int) -> None:
    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry(note="mine"))
    with subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(db), str(stop_after)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "inside\n"
        child.kill()
    with Store(db, auto_backup=False) as store:
        assert store.integrity_check() == ["ok"]
        assert [c.note for c in store.all_checkins()] == ["mine"]


def test_sigkill_after_an_import_returned_keeps_all_of_it(db: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(db), "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "done 5000\n"
        child.kill()
    with Store(db, auto_backup=False) as store:
        assert store.integrity_check() == ["ok"]
        assert store.count_checkins() == 5000


def test_export_json_shape_is_documented(db: Path) -> None:
    from breathingroom.core import exporters

    with Store(db) as store:
        store.add_checkin(entry())
        store.add_session(session())
        doc = json.loads(exporters.to_json(store.all_checkins(), store.all_sessions()))
    assert doc["format"] == "breathing-room" and doc["version"] == 1
    assert doc["checkins"][0]["at"] == "2026-11-26T09:00:00+01:00"
    assert set(doc["sessions"][0]) >= {
        "kind",
        "exercise",
        "start",
        "end",
        "completed",
        "distress_before",
        "distress_after",
    }


def test_a_second_copy_in_the_same_second_counts_as_the_newest(db: Path) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    with Store(db, auto_backup=False, clock=clock) as store:
        store.add_checkin(entry())
        first = backup.make_backup(store)
        second = backup.make_backup(store)
        assert second != first
        assert [b.path for b in backup.list_backups(store.backups_dir)] == [second, first]
        backup.rotate(store.backups_dir)
        assert [b.path for b in backup.list_backups(store.backups_dir)] == [second]


def test_a_busy_journal_is_reported_and_never_moved_aside(db: Path) -> None:
    from breathingroom.services.store import StoreError

    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry())
        store.connection.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreError, match="busy"):
                Store(db, busy_timeout_ms=20)
        finally:
            store.connection.execute("ROLLBACK")
    assert not list(db.parent.glob("*.corrupt-*"))
    with Store(db) as store:
        assert store.count_checkins() == 1


def test_file_names_take_their_time_from_the_clock_in_utc(db: Path) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, 30, 5, tzinfo=PLUS1), tz=PLUS1)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database\n" * 100)
    with Store(db, clock=clock) as store:
        assert store.moved_aside is not None
        assert store.moved_aside.name == "journal.sqlite3.corrupt-20261126T113005Z"
        assert backup.make_backup(store).name == "journal-20261126T113005Z.sqlite3"
        [listed] = backup.list_backups(store.backups_dir)  # the daily copy of the first open
        assert listed.taken_at == clock.now()


def test_deletions_and_imports_are_dated_by_the_clock(db: Path) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    with Store(db, clock=clock, auto_backup=False) as store:
        gone = store.add_checkin(entry())
        clock.advance(60)
        store.delete_checkin(gone)
        store.import_batch([entry(5)], file="a.csv", format="csv")
        deleted = store.connection.execute("SELECT deleted_at FROM checkins").fetchone()[0]
        imported = store.connection.execute("SELECT at_utc FROM imports").fetchone()[0]
    assert deleted == imported == int(clock.now().timestamp())


def test_entries_are_found_by_their_own_local_day(db: Path) -> None:
    east = timezone(timedelta(hours=13))
    west = timezone(timedelta(hours=-10))
    with Store(db) as store:
        # 00:30 on 10 March in Samoa is still 9 March in UTC; 23:30 on 9 March in Hawaii is
        # already 10 March in UTC. Each belongs to its own local day.
        store.add_checkin(CheckIn.create(datetime(2026, 3, 10, 0, 30, tzinfo=east), 5, 5))
        store.add_checkin(CheckIn.create(datetime(2026, 3, 9, 23, 30, tzinfo=west), 6, 6))
        store.add_checkin(CheckIn.create(datetime(2026, 3, 11, 12, 0, tzinfo=UTC), 7, 7))
        on_the_10th = store.checkins_on_days(date(2026, 3, 10), date(2026, 3, 11))
        on_the_9th = store.checkins_on_days(date(2026, 3, 9), date(2026, 3, 10))
    assert [e.pleasant for e in on_the_10th] == [5]
    assert [e.pleasant for e in on_the_9th] == [6]
