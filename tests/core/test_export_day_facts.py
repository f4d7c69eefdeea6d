"""The app's own export keeps the day facts kept from other apps (issue 11 review), and exports
written before day facts existed still import as they did."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breathingroom.core import exporters
from breathingroom.core.dayfacts import DAY_NOTE, DayFact
from breathingroom.core.importers import ImportFormatError, parse
from breathingroom.core.importers.own import parse_csv, parse_json
from breathingroom.core.journal import CheckIn

PLUS1 = timezone(timedelta(hours=1))
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FACTS = [
    DayFact(date(2022, 9, 20), DAY_NOTE, note="a long day,\nwith two lines", source="pixels"),
    DayFact(date(2020, 9, 22), "Symptom", "Headache (Moderate)", "2", "all day", "", "bearable"),
    DayFact(date(2020, 9, 22), "Sleep", "", "7.5", "", "", "bearable"),
    DayFact(
        date(2020, 9, 22), "Sleep Quality", amount="8/10 points", time="09:00", source="daylio"
    ),
]
ENTRY = CheckIn.create(datetime(2020, 9, 22, 9, 0, tzinfo=PLUS1), 6, 5, note="morning")


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_json_export_has_a_day_facts_array_by_day_and_reads_back() -> None:
    text = exporters.to_json([ENTRY], [], FACTS)
    document = json.loads(text)
    assert document["version"] == 2
    assert document["day_facts"][0] == {
        "day": "2020-09-22",
        "category": "Symptom",
        "item": "Headache (Moderate)",
        "amount": "2",
        "time": "all day",
        "note": "",
        "source": "bearable",
    }
    assert [f["day"] for f in document["day_facts"]] == ["2020-09-22"] * 3 + ["2022-09-20"]
    batch = parse(text.encode(), "export.json")
    assert batch.format == "json"
    assert batch.checkins == [ENTRY]
    assert batch.facts == [*FACTS[1:], FACTS[0]]  # by day, a day's own order kept


def test_csv_export_has_dayfact_rows_under_the_same_header_and_reads_back() -> None:
    text = exporters.to_csv([ENTRY], [], FACTS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["record"] for r in rows] == ["checkin"] + ["dayfact"] * 4
    note = rows[-1]
    assert (note["at"], note["category"], note["note"], note["source"]) == (
        "2022-09-20",
        DAY_NOTE,
        "a long day,\nwith two lines",
        "pixels",
    )
    assert rows[1]["time_of_day"] == "all day" and rows[1]["pleasant"] == ""
    batch = parse(text.encode(), "export.csv")
    assert batch.format == "csv"
    assert batch.checkins == [ENTRY]
    assert batch.facts == [*FACTS[1:], FACTS[0]]


def test_a_journal_without_day_facts_exports_as_before() -> None:
    document = json.loads(exporters.to_json([ENTRY], []))
    assert document["version"] == 1 and "day_facts" not in document


def test_day_fact_cells_a_spreadsheet_would_run_are_written_as_text() -> None:
    fact = DayFact(
        date(2021, 1, 3),
        "=Lifestyle",
        '=HYPERLINK("http://example.invalid","x")',
        "-2",
        "@home",
        "+note",
        "-src",
    )
    text = exporters.to_csv([], [], [fact])
    assert not [c for c in cells(text) if c.startswith(TRIGGERS)]
    assert "'=Lifestyle" in text and "'-2" in text and "'+note" in text
    assert parse_csv(text.encode(), "x.csv").facts == [fact]


OLD_CSV = (
    "record,at,pleasant,energy,distress,feelings,sensations,tags,note,source,kind,exercise,"
    "start,end,completed,params,distress_before,distress_after\r\n"
    "checkin,2020-09-22T09:00:00+01:00,6,5,,,,,morning,cli,,,,,,,,\r\n"
    "session,,,,,,,,,app,breathing,box,2020-09-22T10:00:00+01:00,2020-09-22T10:05:00+01:00,"
    'true,"{""minutes"": 5}",6,3\r\n'
)
OLD_JSON = (
    '{"format": "breathing-room", "version": 1, "checkins": [{"at": "2020-09-22T09:00:00+01:00",'
    ' "pleasant": 6, "energy": 5, "note": "morning", "source": "cli"}], "sessions": []}'
)


@pytest.mark.parametrize(("name", "text"), [("old.csv", OLD_CSV), ("old.json", OLD_JSON)])
def test_exports_from_before_day_facts_import_unchanged(name: str, text: str) -> None:
    batch = parse(text.encode(), name)
    assert [(c.iso_at, c.pleasant, c.energy, c.note) for c in batch.checkins] == [
        ("2020-09-22T09:00:00+01:00", 6, 5, "morning")
    ]
    assert batch.facts == []
    assert len(batch.sessions) == (1 if name.endswith("csv") else 0)


@pytest.mark.parametrize(
    ("fact", "reason"),
    [
        ({"day": "22.09.2020", "category": "Sleep"}, "is not a date"),
        ({"day": "2020-02-30", "category": "Sleep"}, "is not a date that exists"),
        ({"day": "2020-09-22", "category": ""}, "needs a category"),
        ({"day": "2020-09-22", "category": "Sleep", "amount": 7}, "amount must be text"),
    ],
)
def test_a_bad_day_fact_is_one_clear_line_and_nothing_is_read(
    fact: dict[str, object], reason: str
) -> None:
    document = {"format": "breathing-room", "version": 2, "checkins": [], "day_facts": [fact]}
    with pytest.raises(ImportFormatError) as caught:
        parse_json(json.dumps(document).encode(), "x.json")
    assert "day fact 1" in str(caught.value) and reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_unknown_version_is_still_refused() -> None:
    for version in (0, 3, True, "2"):
        document = {"format": "breathing-room", "version": version, "checkins": []}
        with pytest.raises(ImportFormatError, match="version"):
            parse_json(json.dumps(document).encode(), "x.json")


_text = st.text(alphabet=st.sampled_from("=+-@'\t\r\n a|,\"x1é"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(category=_text.filter(bool), item=_text, amount=_text, when=_text, note=_text)
def test_any_day_fact_text_round_trips_and_no_cell_starts_a_formula(
    category: str, item: str, amount: str, when: str, note: str
) -> None:
    fact = DayFact(date(2020, 1, 1), category, item, amount, when, note, "bearable")
    text = exporters.to_csv([], [], [fact])
    assert not [c for c in cells(text) if c.startswith(TRIGGERS)]
    assert parse_csv(text.encode(), "x.csv").facts == [fact]
    assert parse_json(exporters.to_json([], [], [fact]).encode(), "x.json").facts == [fact]


def test_a_day_fact_with_a_nul_character_is_refused_where_it_is_read() -> None:
    pixels = '[{"date": "2022-9-20", "type": "Mood", "scores": [2, 5], "notes": "a\\u0000b"}]'
    with pytest.raises(ImportFormatError, match="NUL"):
        parse(pixels.encode(), "PIXELS-BACKUP.json")
    own = {
        "format": "breathing-room",
        "version": 2,
        "day_facts": [{"day": "2022-09-20", "category": "Day note", "note": "a\u0000b"}],
    }
    with pytest.raises(ImportFormatError, match=r"day fact 1: .*NUL"):
        parse_json(json.dumps(own).encode(), "x.json")


DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def test_the_documented_examples_are_what_is_written_and_read() -> None:
    text = DOCS.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("record,at,"))
    assert header == ",".join(exporters.CSV_COLUMNS)
    blocks = [b.split("```", 1)[0] for b in text.split("```json\n")[1:]]
    batch = parse_json(blocks[0].encode(), "docs.json")
    assert [f.category for f in batch.facts] == ["Symptom", DAY_NOTE]
    start = text.index(header)
    example = text[start : text.index("```", start)]
    back = parse_csv(example.encode(), "docs.csv")
    assert back.facts == batch.facts
