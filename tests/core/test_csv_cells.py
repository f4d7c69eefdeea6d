"""CSV exports a spreadsheet opens safely (issue 10, case 20), and that still import back exactly.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run as a
formula by spreadsheets; the export writes it with a leading ``'``, which the app's own importer
takes off again.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from breathingroom.core import exporters
from breathingroom.core.importers.own import parse_csv
from breathingroom.core.journal import CheckIn, JournalError
from breathingroom.core.records import SessionRecord

PLUS1 = timezone(timedelta(hours=1))
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def checkin(note: str = "", tags: tuple[str, ...] = (), feelings: tuple[str, ...] = ()) -> CheckIn:
    return CheckIn.create(
        at=datetime(2026, 11, 26, 9, 0, tzinfo=PLUS1),
        pleasant=5,
        energy=5,
        note=note,
        tags=list(tags),
        feelings=list(feelings),
        source="cli",
    )


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_cells_a_spreadsheet_would_run_are_written_as_text_and_import_back_exactly() -> None:
    entry = checkin(
        note='=HYPERLINK("http://example.invalid","click")',
        tags=("+1 day", "-tired", "@home"),
        feelings=("=calm",),
    )
    session = SessionRecord(
        kind="breathing",
        exercise="-box",
        start=datetime(2026, 11, 26, 10, 0, tzinfo=PLUS1),
        end=datetime(2026, 11, 26, 10, 5, tzinfo=PLUS1),
        completed=True,
        params={"minutes": 5},
        source="@cli",
    )
    text = exporters.to_csv([entry], [session])
    assert not [c for c in cells(text) if c.startswith(TRIGGERS)]
    assert "'=HYPERLINK(" in text and "'+1 day | -tired | @home" in text
    back = parse_csv(text.encode(), "x.csv")
    assert back.checkins == [entry]
    assert back.sessions == [session]


def test_a_note_that_already_starts_with_a_quote_keeps_it() -> None:
    notes = ["'plain", "'=quoted formula", "''=two", "=", "'"]
    entries = [checkin(note) for note in notes]
    entries = [e.with_id(None) for e in entries]
    for entry in entries:
        back = parse_csv(exporters.to_csv([entry], []).encode(), "x.csv")
        assert [c.note for c in back.checkins] == [entry.note]


_text = st.text(alphabet=st.sampled_from("=+-@'\t\r\n a|,\"x1"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(note=_text, words=st.lists(_text, max_size=3))
def test_any_note_and_words_round_trip_and_no_cell_starts_a_formula(
    note: str, words: list[str]
) -> None:
    try:
        entry = checkin(note=note, tags=tuple(words))
    except JournalError:
        return  # not something the journal stores
    text = exporters.to_csv([entry], [])
    assert not [c for c in cells(text) if c.startswith(TRIGGERS)]
    assert parse_csv(text.encode(), "x.csv").checkins == [entry]
