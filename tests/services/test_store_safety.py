"""The journal under hostile conditions (issue 10): read-only files and folders, a full disk,
backups that must outlive a damaged journal, restores from a newer version, many processes at once.

The file-system cases run on a small ``tmpfs`` of their own (the tests run as root, as CI does):
root ignores file modes but not a read-only mount or a full disk.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.journal import CheckIn
from breathingroom.services import backup
from breathingroom.services.store import (
    JournalWriteError,
    NewerJournalError,
    Store,
    StoreError,
)
from tests.fakes import FakeClock
from tests.tmpfs import Tmpfs, mounted

PLUS1 = timezone(timedelta(hours=1))


def entry(minute: int = 0, note: str = "") -> CheckIn:
    at = datetime(2026, 11, 26, 9, 0, tzinfo=PLUS1) + timedelta(minutes=minute)
    return CheckIn.create(at=at, pleasant=6, energy=5, note=note)


@pytest.fixture
def tmpfs() -> Iterator[Tmpfs]:
    with mounted() as where:
        yield where


# --- 1. a journal that cannot be written is not damaged ---------------------------------------


def _journal_with(db: Path, count: int) -> bytes:
    with Store(db, auto_backup=False) as store:
        for i in range(count):
            store.add_checkin(entry(i, note=f"n{i}"))
    return db.read_bytes()


def test_a_journal_on_a_read_only_file_system_opens_read_only(tmpfs: Tmpfs) -> None:
    db = tmpfs.path / "data" / "journal.sqlite3"
    content = _journal_with(db, 3)
    tmpfs.remount("ro")
    with Store(db) as store:
        assert store.moved_aside is None
        assert store.read_only is not None and "read-only" in store.read_only
        assert [c.note for c in store.all_checkins()] == ["n0", "n1", "n2"]
        with pytest.raises(JournalWriteError, match="nothing was saved"):
            store.add_checkin(entry(10))
        assert store.count_checkins() == 3
    assert db.read_bytes() == content
    assert sorted(p.name for p in db.parent.iterdir()) == ["journal.sqlite3"]


def test_an_older_read_only_journal_is_read_through_a_migrated_copy(tmpfs: Tmpfs) -> None:
    db = tmpfs.path / "data" / "journal.sqlite3"
    _journal_with(db, 2)
    conn = sqlite3.connect(db)
    # Undo what versions 5 and 6 added, so the file is what version 4 wrote.
    conn.execute("UPDATE schema_version SET version = 4")
    conn.execute("DROP TABLE safety_plan")
    conn.execute("DROP TABLE day_facts")
    for column in ("day_facts", "zone", "digest"):
        conn.execute(f"ALTER TABLE imports DROP COLUMN {column}")
    conn.commit()
    conn.close()
    content = db.read_bytes()
    tmpfs.remount("ro")
    with Store(db) as store:
        assert store.read_only is not None
        assert store.count_checkins() == 2
        assert store.safety_plan().is_empty
    assert db.read_bytes() == content


def test_a_newer_journal_is_known_by_its_error_class_not_its_words(tmpfs: Tmpfs) -> None:
    db = tmpfs.path / "journal.sqlite3"
    _journal_with(db, 1)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(NewerJournalError):
        Store(db)
    tmpfs.remount("ro")
    with pytest.raises(NewerJournalError):
        Store(db)  # read-only as well: refused the same way, never moved
    assert not list(tmpfs.path.glob("*.corrupt-*"))


def test_a_folder_in_the_journal_place_is_reported_not_moved(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    db.mkdir()
    with pytest.raises(StoreError):
        Store(db)
    assert db.is_dir()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_damaged_journal_in_a_read_only_folder_is_reported_without_a_traceback(
    tmpfs: Tmpfs,
) -> None:
    db = tmpfs.path / "data" / "journal.sqlite3"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database\n" * 100)
    tmpfs.remount("ro")
    with pytest.raises(StoreError, match="damaged"):
        Store(db)
    assert db.read_bytes().startswith(b"this is not")


# --- 2. backups that outlive a damaged journal; unique names -----------------------------------


def test_backups_made_before_a_journal_was_moved_aside_are_never_rotated_away(
    tmp_path: Path,
) -> None:
    db = tmp_path / "journal.sqlite3"
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    with Store(db, auto_backup=False, clock=clock) as store:
        for i in range(3):
            store.add_checkin(entry(i))
        backup.make_backup(store)
    db.write_bytes(b"damaged " * 1000)
    clock.advance(60)
    with Store(db, auto_backup=False, clock=clock) as store:
        assert store.moved_aside is not None
        store.add_checkin(entry(10))
        backup.make_backup(store)
        backup.rotate(store.backups_dir)
        counts = []
        for copy in backup.all_copies(store.backups_dir):
            conn = sqlite3.connect(copy)
            counts.append(conn.execute("SELECT count(*) FROM checkins").fetchone()[0])
            conn.close()
    assert 3 in counts


def test_backups_in_the_same_second_get_new_names_and_the_one_reported_exists(
    tmp_path: Path,
) -> None:
    db = tmp_path / "journal.sqlite3"
    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    names = []
    with Store(db, auto_backup=False, clock=clock) as store:
        store.add_checkin(entry())
        for _ in range(4):  # as `breathing-room backup` does: make one, then rotate
            made = backup.make_backup(store)
            backup.rotate(store.backups_dir)
            assert made.exists()
            names.append(made.name)
    assert len(set(names)) == 4


# --- 3. a backup from a newer version is refused before anything changes -----------------------


def test_restoring_a_backup_from_a_newer_version_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "journal.sqlite3"
    newer = tmp_path / "newer.sqlite3"
    _journal_with(newer, 5)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry(note="mine"))
        with pytest.raises(backup.BackupError, match="newer version"):
            backup.restore(store, newer)
        assert [c.note for c in store.all_checkins()] == ["mine"]
    with Store(db, auto_backup=False) as store:
        assert store.schema_version() < 99
        assert [c.note for c in store.all_checkins()] == ["mine"]


# --- 6. a full disk -------------------------------------------------------------------------------


def test_a_full_disk_saves_nothing_and_the_store_works_afterwards(tmpfs: Tmpfs) -> None:
    db = tmpfs.path / "journal.sqlite3"
    with Store(db, auto_backup=False) as store:
        store.add_checkin(entry(0, note="kept"))
        filler = tmpfs.fill()
        with pytest.raises(JournalWriteError, match="the disk is full: nothing was saved"):
            store.add_checkin(entry(1, note="x" * 19_000))
        with pytest.raises(JournalWriteError, match="the disk is full: nothing was saved"):
            store.import_batch([entry(i, note="y" * 10_000) for i in range(2, 200)])
        assert store.count_checkins() == 1
        filler.unlink()
        store.add_checkin(entry(300, note="after"))  # the same connection still works
        assert [c.note for c in store.all_checkins()] == ["kept", "after"]
        assert store.integrity_check() == ["ok"]


def test_a_backup_on_a_full_disk_leaves_no_temporary_file(tmpfs: Tmpfs, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    with Store(db, auto_backup=False, backups_dir=tmpfs.path / "backups") as store:
        for i in range(100):
            store.add_checkin(entry(i, note="z" * 19_000))
        (tmpfs.path / "backups").mkdir()
        tmpfs.fill()
        with pytest.raises(backup.BackupError, match="the disk is full: nothing was saved"):
            backup.make_backup(store)
    assert list((tmpfs.path / "backups").iterdir()) == []


# --- 16. the day's first save from many processes at once ---------------------------------------

_FIRST_SAVE = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from breathingroom.core.journal import CheckIn
    from breathingroom.services.store import Store

    db, start, i = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = Store(db)
    while not start.exists():
        time.sleep(0.001)
    store.add_checkin(CheckIn.create(store.clock.now(), 5, 5, note=f"p{i}"))
    store.close()
    """
)


def test_the_first_save_of_the_day_from_many_processes_makes_one_quiet_backup(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "journal.sqlite3"
    with Store(db, auto_backup=False):
        pass
    start = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _FIRST_SAVE, str(db), str(start), str(i)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(24)
    ]
    start.touch()
    errors = []
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        errors.append(err)
    assert [e for e in errors if e.strip()] == []
    assert len(backup.list_backups(db.parent / "backups")) == 1
    assert not [p for p in (db.parent / "backups").iterdir() if p.name.startswith(".")]
    with Store(db, auto_backup=False) as store:
        assert store.count_checkins() == 24
