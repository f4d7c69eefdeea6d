"""The safety plan in the journal database: saved durably, private, migrated and backed up."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from breathingroom.core.safety_plan import HelpContact, SafetyPlan, SafetyPlanError
from breathingroom.services import backup
from breathingroom.services.store import SCHEMA_VERSION, Store, migrate


def plan() -> SafetyPlan:
    return SafetyPlan(
        {
            "warning_signs": "I stop answering messages\nI sleep badly",
            "on_my_own": "cold water on my face",
            "reasons_for_living": "Mila, and the sea ✓",
        },
        (HelpContact("Sam", "0170 1234"), HelpContact("Dr. Okafor", "weekday mornings")),
        "000 own",
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


def test_a_new_journal_has_an_empty_plan_with_no_number(db: Path) -> None:
    with Store(db) as store:
        empty = store.safety_plan()
    assert empty == SafetyPlan()
    assert empty.emergency_number == ""


def test_plan_round_trips_and_survives_close_and_reopen(db: Path) -> None:
    with Store(db) as store:
        stored = store.save_safety_plan(plan())
        assert stored == plan()
        assert store.safety_plan() == plan()
    with Store(db) as again:
        assert again.safety_plan() == plan()
        changed = plan().with_text("on_my_own", "a walk")
        again.save_safety_plan(changed)
    with Store(db) as third:
        assert third.safety_plan().text("on_my_own") == "a walk"
        assert third.connection.execute("SELECT count(*) FROM safety_plan").fetchone()[0] == 1


def test_saving_normalises_and_refuses_what_does_not_fit(db: Path) -> None:
    with Store(db) as store:
        saved = store.save_safety_plan(
            SafetyPlan({"on_my_own": "walk\n\n"}, (HelpContact(" ", ""),), " 112 ")
        )
        assert saved == SafetyPlan({"on_my_own": "walk"}, (), "112")
        with pytest.raises(SafetyPlanError, match="up to 2000"):
            store.save_safety_plan(SafetyPlan({"on_my_own": "x" * 2001}))
        assert store.safety_plan() == saved


def test_save_is_durable_before_it_returns(db: Path) -> None:
    """A process killed right after save_safety_plan returned still has the plan."""
    code = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from breathingroom.core.safety_plan import SafetyPlan
        from breathingroom.services.store import Store
        store = Store(Path({str(db)!r}), auto_backup=False)
        store.save_safety_plan(SafetyPlan({{"on_my_own": "still here"}}))
        os._exit(0)  # no close, no checkpoint
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with Store(db) as store:
        assert store.safety_plan().text("on_my_own") == "still here"


def test_the_plan_is_in_the_private_database(db: Path) -> None:
    with Store(db) as store:
        store.save_safety_plan(plan())
        for path in [db, *db.parent.glob("journal.sqlite3-*")]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_stored_plan_is_reported_in_words(db: Path) -> None:
    with Store(db) as store:
        store.save_safety_plan(plan())
        store.connection.execute("UPDATE safety_plan SET body = '{\"sections\": 3}'")
        with pytest.raises(SafetyPlanError, match="sections"):
            store.safety_plan()
        store.connection.execute("UPDATE safety_plan SET body = 'not json'")
        with pytest.raises(SafetyPlanError, match="cannot be read"):
            store.safety_plan()


def test_migration_from_the_previous_version_keeps_everything_else(db: Path) -> None:
    previous = 4  # the version before the safety plan
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=previous)
    # A check-in and a session as the previous version wrote them.
    conn.execute(
        "INSERT INTO checkins (at_utc, offset_min, pleasant, energy, note, dedupe_key)"
        " VALUES (1764144000, 60, 6, 3, 'before the plan', 'k1')"
    )
    conn.execute(
        "INSERT INTO sessions (kind, exercise, start_utc, start_offset_min, end_utc,"
        " end_offset_min, completed, dedupe_key) VALUES ('breathing', 'box', 1764144000, 60,"
        " 1764144300, 60, 1, 'k2')"
    )
    conn.close()
    with Store(db) as store:
        assert store.found_version == previous
        assert store.schema_version() == SCHEMA_VERSION
        assert store.pre_migration_copy is not None
        assert [c.note for c in store.all_checkins()] == ["before the plan"]
        assert [s.exercise for s in store.all_sessions()] == ["box"]
        assert store.safety_plan() == SafetyPlan()
        store.save_safety_plan(plan())
        assert store.safety_plan() == plan()
    copy = sqlite3.connect(store.pre_migration_copy)
    tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    copy.close()
    assert "safety_plan" not in tables


def test_a_backup_holds_the_plan_and_restoring_brings_it_back(db: Path) -> None:
    with Store(db, auto_backup=False) as store:
        store.save_safety_plan(plan())
        copy = backup.make_backup(store)
        store.save_safety_plan(SafetyPlan({"on_my_own": "changed later"}))
        with Store(copy, auto_backup=False) as from_backup:
            assert from_backup.safety_plan() == plan()
        backup.restore(store, copy)
        assert store.safety_plan() == plan()


def test_the_daily_backup_after_saving_holds_the_plan(db: Path) -> None:
    with Store(db) as store:
        store.save_safety_plan(plan())
        [daily] = backup.list_backups(store.backups_dir)
    with Store(daily.path, auto_backup=False) as copy:
        assert copy.safety_plan() == plan()
