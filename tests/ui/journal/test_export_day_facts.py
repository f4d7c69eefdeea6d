"""The app's own "Export your journal…" writes the day facts too, in both formats."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.dayfacts import DAY_NOTE, DayFact
from breathingroom.core.importers import parse
from breathingroom.core.journal import CheckIn
from breathingroom.services.store import Store
from breathingroom.ui.journal.control import JournalControl
from tests.fakes import FakeClock

NOW = datetime(2026, 11, 26, 20, 0, tzinfo=timezone(timedelta(hours=1)))
FACTS = [
    DayFact(date(2022, 9, 20), DAY_NOTE, note="a long day", source="pixels"),
    DayFact(date(2022, 9, 20), "Symptom", "Headache (Moderate)", "2", "all day", "", "bearable"),
]


@pytest.mark.parametrize("name", ["journal.json", "journal.csv"])
def test_the_apps_export_holds_the_day_facts(qapp, tmp_path: Path, name: str) -> None:
    control = JournalControl(store_factory=lambda: Store.open(clock=FakeClock(wall=NOW)))
    notices: list[str] = []
    control.notice.connect(notices.append)
    store = control.store
    assert store is not None
    store.add_checkin(CheckIn.create(NOW, 6, 4, note="evening"))
    store.import_batch([], facts=FACTS, file="p.json", format="pixels")
    target = tmp_path / name
    assert control.export_entries(str(target))
    assert notices == [f"Your journal was exported to {target}."]
    batch = parse(target.read_bytes(), name)
    assert batch.facts == FACTS
    assert [c.note for c in batch.checkins] == ["evening"]
    store.close()
