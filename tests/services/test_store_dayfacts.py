"""Day facts in the journal (schema 6): kept once, by day, and each import's zone and file."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from breathingroom.core.dayfacts import DAY_NOTE, DayFact
from breathingroom.core.journal import CheckIn
from breathingroom.services.store import SCHEMA_VERSION, Store, migrate


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


FACTS = [
    DayFact(date(2020, 9, 22), "Symptom", "Headache (Moderate)", "2", "all day", "", "bearable"),
    DayFact(date(2020, 9, 23), DAY_NOTE, note="a long day", source="pixels"),
]


def test_day_facts_are_kept_once_and_read_back_by_day(db: Path) -> None:
    entry = CheckIn.create(datetime(2020, 9, 22, 9, tzinfo=ZoneInfo("Europe/Berlin")), 6, 5)
    with Store(db) as store:
        first = store.import_batch(
            [entry], facts=FACTS, file="b.csv", zone="Europe/Berlin", digest="abc"
        )
        assert (first.added_checkins, first.added_facts, first.facts_present) == (1, 2, 0)
        again = store.import_batch(
            [entry], facts=FACTS, file="b.csv", zone="Europe/Berlin", digest="abc"
        )
        assert (again.added_checkins, again.added_facts, again.facts_present) == (0, 0, 2)
        assert store.day_facts(date(2020, 9, 22), date(2020, 9, 24)) == FACTS
        assert store.day_facts(date(2020, 9, 23), date(2020, 9, 24)) == FACTS[1:]
        earlier = store.earlier_imports("abc")
        assert [(e.file, e.zone) for e in earlier] == [("b.csv", "Europe/Berlin")] * 2
        assert store.earlier_imports("other") == []


def test_a_failed_import_keeps_no_day_facts(db: Path) -> None:
    bad = CheckIn.create(datetime(2020, 9, 22, 9, tzinfo=ZoneInfo("UTC")), 6, 5)
    object.__setattr__(bad, "pleasant", 99)  # as a damaged batch would carry it
    with Store(db) as store:
        with pytest.raises(ValueError):
            store.import_batch([bad], facts=FACTS)
        assert store.day_facts(date(2000, 1, 1), date(2100, 1, 1)) == []


def test_version_5_journal_gains_the_day_facts_table_and_keeps_its_imports(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=5)
    conn.execute(
        "INSERT INTO imports (at_utc, file, format, checkins, sessions) "
        "VALUES (1764144000, 'old.csv', 'daylio', 3, 0)"
    )
    conn.close()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        row = store.connection.execute(
            "SELECT file, zone, digest, day_facts FROM imports"
        ).fetchone()
        assert tuple(row) == ("old.csv", "", "", 0)
        store.import_batch([], facts=FACTS[:1])
        assert store.day_facts(date(2020, 9, 22), date(2020, 9, 23)) == FACTS[:1]
