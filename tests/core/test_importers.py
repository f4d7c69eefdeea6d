"""Importers: Daylio in every header generation, Bearable, Pixels, and the app's own formats."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breathingroom.core import exporters, importers
from breathingroom.core.dayfacts import DayFact
from breathingroom.core.importers import ImportFormatError, UnmappedMoodsError, parse
from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord

BERLIN = ZoneInfo("Europe/Berlin")

DAYLIO_HEADERS = {
    "year": "year,date,weekday,time,mood,activities,note",
    "full_date": "full_date,date,weekday,time,mood,activities,note",
    "note_title": "full_date,date,weekday,time,mood,activities,note_title,note",
    "scales": "full_date,date,weekday,time,mood,activities,scales,note_title,note",
}


def daylio_row(header: str, day: str, time: str, mood: str, activities: str, note: str) -> str:
    columns = header.split(",")
    y, m, d = day.split("-")
    month = datetime(int(y), int(m), int(d)).strftime("%B %-d")
    values = {
        "year": y,
        "full_date": day,
        "date": month,
        "weekday": "Sunday",
        "time": time,
        "mood": mood,
        "activities": activities,
        "scales": "",
        "note_title": "",
        "note": note,
    }
    return ",".join(values[c] for c in columns)


@pytest.mark.parametrize("generation", list(DAYLIO_HEADERS))
def test_daylio_every_header_generation(generation: str) -> None:
    header = DAYLIO_HEADERS[generation]
    rows = [
        daylio_row(header, "2024-03-10", "6:50 pm", "rad", "work | friends", '"a ""quoted"" note"'),
        daylio_row(header, "2024-03-09", "6:50 PM", "good", "", "plain"),
        daylio_row(header, "2024-03-08", "14:58", "meh", "sleep", '"line one<br>line two"'),
        daylio_row(header, "2024-03-07", "12:05 am", "bad", "", '"two\nlines, with comma"'),
        daylio_row(header, "2024-03-06", "12:30 pm", "awful", "", ""),
    ]
    data = ("\ufeff" + header + "\n" + "\n".join(rows) + "\n").encode()
    batch = parse(data, "daylio.csv", zone=BERLIN)
    assert batch.format == "daylio"
    got = [(c.iso_at, c.pleasant, c.energy, c.tags, c.note, c.source) for c in batch.checkins]
    assert got == [
        ("2024-03-10T18:50:00+01:00", 9, 5, ("work", "friends"), 'a "quoted" note', "daylio"),
        ("2024-03-09T18:50:00+01:00", 7, 5, (), "plain", "daylio"),
        ("2024-03-08T14:58:00+01:00", 5, 5, ("sleep",), "line one\nline two", "daylio"),
        ("2024-03-07T00:05:00+01:00", 3, 5, (), "two\nlines, with comma", "daylio"),
        ("2024-03-06T12:30:00+01:00", 1, 5, (), "", "daylio"),
    ]


def test_daylio_is_detected_automatically_with_a_bom() -> None:
    data = ("\ufeff" + DAYLIO_HEADERS["scales"] + "\n").encode()
    assert importers.detect_format(data, "x.csv") == "daylio"


def test_daylio_note_title_and_html() -> None:
    header = DAYLIO_HEADERS["note_title"]
    line = '2024-01-02,January 2,Tuesday,09:00,good,,"A title","<p>first &amp; best</p><br/>next"'
    batch = parse(f"{header}\n{line}\n".encode(), "d.csv", zone=BERLIN)
    assert batch.checkins[0].note == "A title\nfirst & best\n\nnext"


def test_daylio_times_take_the_local_offset_of_their_own_date() -> None:
    header = DAYLIO_HEADERS["full_date"]
    rows = [
        "2024-03-30,March 30,Saturday,23:00,good,,",  # CET, +01:00
        "2024-03-31,March 31,Sunday,12:00,good,,",  # CEST, +02:00
        "2024-10-27,October 27,Sunday,12:00,good,,",  # back to CET
    ]
    batch = parse((f"{header}\n" + "\n".join(rows) + "\n").encode(), "d.csv", zone=BERLIN)
    assert [c.offset_minutes for c in batch.checkins] == [60, 120, 60]


def test_daylio_uses_the_computer_zone_when_none_is_given() -> None:
    header = DAYLIO_HEADERS["full_date"]
    rows = ["2024-03-09,March 9,Saturday,12:00,good,,", "2024-03-11,March 11,Monday,12:00,good,,"]
    data = (f"{header}\n" + "\n".join(rows) + "\n").encode()
    code = (
        "import sys; from breathingroom.core.importers import parse;"
        "b = parse(sys.stdin.buffer.read(), 'd.csv');"
        "print(' '.join(c.iso_at for c in b.checkins))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=data,
        capture_output=True,
        check=True,
        env={**os.environ, "TZ": "America/New_York"},
    ).stdout.decode()
    assert out.split() == ["2024-03-09T12:00:00-05:00", "2024-03-11T12:00:00-04:00"]


def test_unmapped_custom_moods_are_all_listed_with_how_to_map() -> None:
    header = DAYLIO_HEADERS["full_date"]
    rows = [
        "2024-01-01,January 1,Monday,09:00,sleepy,,",
        "2024-01-02,January 2,Tuesday,09:00,good,,",
        "2024-01-03,January 3,Wednesday,09:00,Fine,,",
        "2024-01-04,January 4,Thursday,09:00,sleepy,,",
    ]
    data = (f"{header}\n" + "\n".join(rows) + "\n").encode()
    with pytest.raises(UnmappedMoodsError) as caught:
        parse(data, "d.csv", zone=BERLIN)
    assert caught.value.names == ["sleepy", "fine"]
    assert "--mood-map" in str(caught.value)
    batch = parse(data, "d.csv", zone=BERLIN, mood_map={"Sleepy": 4, "fine": 6})
    assert [c.pleasant for c in batch.checkins] == [4, 7, 6, 4]
    assert batch.mood_levels == {"sleepy": 4, "good": 7, "fine": 6}


def test_a_bad_daylio_row_names_file_and_line() -> None:
    header = DAYLIO_HEADERS["full_date"]
    data = f'{header}\n2024-01-01,a,b,09:00,good,,"x\ny"\n2024-01-02,a,b,25:99,good,,\n'.encode()
    with pytest.raises(ImportFormatError) as caught:
        parse(data, "d.csv", zone=BERLIN)
    assert (caught.value.file, caught.value.line) == ("d.csv", 4)
    assert "25:99" in caught.value.reason


@pytest.mark.parametrize("zone", [BERLIN, timezone(timedelta(hours=-12)), None])
@pytest.mark.parametrize("when", ["0001-01-01,a,b,00:30", "9999-12-31,a,b,23:59"])
def test_times_at_the_ends_of_the_calendar_are_reported_not_crashed(zone, when: str) -> None:
    data = f"{DAYLIO_HEADERS['full_date']}\n{when},good,,\n".encode()
    try:
        batch = parse(data, "d.csv", zone=zone)
    except ImportFormatError as exc:
        assert "out of range" in exc.reason
    else:
        assert len(batch.checkins) == 1


def test_mood_map_parsing() -> None:
    assert importers.parse_mood_map("sleepy=4, Very Good = 8") == {"sleepy": 4, "very good": 8}
    for bad in ("sleepy", "sleepy=10", "sleepy=x", "=3"):
        with pytest.raises(ValueError):
            importers.parse_mood_map(bad)


# --- fuzzing: only ImportFormatError ever escapes --------------------------------------------

ZONES = st.sampled_from([BERLIN, timezone(timedelta(hours=-12)), None])
PARSERS = ["auto", "daylio", "bearable", "pixels", "csv", "json"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(PARSERS), zone=ZONES)
def test_random_bytes_raise_only_the_import_error(data: bytes, fmt: str, zone) -> None:
    with contextlib.suppress(ImportFormatError):
        parse(data, "fuzz", fmt, zone=zone)


VALID = {
    "daylio": (
        DAYLIO_HEADERS["scales"]
        + '\n2024-03-10,March 10,Sunday,6:50 pm,rad,work | friends,,T,"a ""b""\nc<br>d"'
        + "\n2024-03-09,March 9,Saturday,14:58,meh,,,,x\n"
    ),
    "bearable": (
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '2024-05-01,Wed,am,Mood,4,,\n2024-05-01,Wed,am,Symptoms,,Headache,"n"\n'
    ),
    "csv": exporters.to_csv(
        [CheckIn.create(datetime(2024, 1, 1, tzinfo=UTC), 3, 4, note='x,"y"\nz', tags=["t"])],
        [
            SessionRecord(
                "breathing",
                "box",
                datetime(2024, 1, 1, tzinfo=UTC),
                datetime(2024, 1, 1, 0, 5, tzinfo=UTC),
                True,
            )
        ],
        [DayFact(datetime(2024, 1, 1).date(), "Symptom", "Headache (Mild)", "1", "am", "n")],
    ),
    "json": exporters.to_json(
        [CheckIn.create(datetime(2024, 1, 1, tzinfo=UTC), 3, 4, feelings=["calm"])],
        [],
        [DayFact(datetime(2024, 1, 1).date(), "Day note", note="a day", source="pixels")],
    ),
    "pixels": json.dumps([{"date": "2024-02-01", "scores": [4], "notes": "n", "tags": []}]),
}

DAMAGE_CHARS = st.sampled_from(
    ['"', ",", "\n", "\r", "|", "<br>", "\x00", "é", "\ufeff", "{", "]", ":"]
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(sorted(VALID)))
    text = VALID[fmt]
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if action == "insert":
            text = text[:pos] + draw(DAMAGE_CHARS) + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 5)) :]
        elif action == "replace":
            text = text[:pos] + draw(DAMAGE_CHARS) + text[pos + 1 :]
        else:
            text = text[:pos]
    data = text.encode("utf-8")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]  # may split a multibyte character
    return fmt, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged(), auto=st.booleans(), zone=ZONES)
def test_damaged_files_raise_only_the_import_error(
    case: tuple[str, bytes], auto: bool, zone
) -> None:
    fmt, data = case
    with contextlib.suppress(ImportFormatError):
        parse(data, "fuzz", "auto" if auto else fmt, zone=zone)


# --- round trips -----------------------------------------------------------------------------

offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets
)
words = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cc", "Cs"], blacklist_characters="|"),
        min_size=1,
        max_size=15,
    ),
    max_size=4,
)
notes = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))


@st.composite
def checkins(draw: st.DrawFn) -> CheckIn:
    return CheckIn.create(
        at=draw(moments),
        pleasant=draw(st.integers(1, 9)),
        energy=draw(st.integers(1, 9)),
        distress=draw(st.none() | st.integers(0, 10)),
        feelings=draw(words),
        sensations=draw(words),
        tags=draw(words),
        note=draw(notes),
        source=draw(st.sampled_from(["app", "cli", "daylio", "import"])),
    )


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    start = draw(moments).replace(microsecond=0)
    return SessionRecord(
        kind=draw(st.sampled_from(["breathing", "grounding", "break"])),
        exercise=draw(st.sampled_from(["box", "coherent", "5-4-3-2-1", "pmr"])),
        start=start,
        end=start + timedelta(seconds=draw(st.integers(0, 3600))),
        completed=draw(st.booleans()),
        params=draw(
            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3)
        ),
        distress_before=draw(st.none() | st.integers(0, 10)),
        distress_after=draw(st.none() | st.integers(0, 10)),
    )


fact_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12
)


@st.composite
def day_facts(draw: st.DrawFn) -> DayFact:
    return DayFact(
        day=draw(st.dates(min_value=datetime(1971, 1, 1).date())),
        category=draw(fact_text.filter(bool)),
        item=draw(fact_text),
        amount=draw(fact_text),
        time=draw(st.sampled_from(["", "am", "all day", "14:30"]) | fact_text),
        note=draw(notes),
        source=draw(st.sampled_from(["bearable", "daylio", "pixels"])),
    )


def _key(c: CheckIn) -> tuple[object, ...]:
    return (c.at_utc, c.dedupe_key())


def _session_key(s: SessionRecord) -> tuple[object, ...]:
    # not repr(): two equal instants may differ in ``fold``, which repr shows
    return (
        s.start,
        s.end,
        s.kind,
        s.exercise,
        s.completed,
        -1 if s.distress_before is None else s.distress_before,
        -1 if s.distress_after is None else s.distress_after,
        json.dumps(s.params, sort_keys=True),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cs=st.lists(checkins(), max_size=6),
    ss=st.lists(sessions(), max_size=4),
    fs=st.lists(day_facts(), max_size=4),
    fmt=st.sampled_from(["csv", "json"]),
)
def test_export_then_import_loses_nothing(
    cs: list[CheckIn], ss: list[SessionRecord], fs: list[DayFact], fmt: str
) -> None:
    write = exporters.to_csv if fmt == "csv" else exporters.to_json
    text = write(cs, ss, fs)
    batch = parse(text.encode("utf-8"), f"export.{fmt}")
    assert batch.facts == sorted(fs, key=lambda f: f.day)
    assert write(batch.checkins, batch.sessions, batch.facts) == text
    assert batch.format == fmt
    assert sorted(batch.checkins, key=_key) == sorted(cs, key=_key)
    assert [c.source for c in sorted(batch.checkins, key=_key)] == [
        c.source for c in sorted(cs, key=_key)
    ]
    assert sorted(batch.sessions, key=_session_key) == sorted(ss, key=_session_key)
    for got, want in zip(sorted(batch.checkins, key=_key), sorted(cs, key=_key), strict=True):
        assert got.iso_at == want.iso_at
    assert importers.detect_format(text.encode(), "x") == fmt


@settings(max_examples=300, deadline=None)
@given(
    year=st.integers(0, 10000),
    month=st.integers(0, 13),
    day=st.integers(0, 32),
    clock=st.from_regex(r"\d{1,2}:\d{2}( ?[apAP]\.?[mM]\.?)?", fullmatch=True)
    | st.text(max_size=8),
    mood=st.sampled_from(["rad", "meh", "RAD ", "custom", ""]),
    zone=ZONES,
)
def test_daylio_rows_with_any_date_and_time_raise_only_the_import_error(
    year: int, month: int, day: int, clock: str, mood: str, zone
) -> None:
    safe_clock = clock.replace('"', "")
    row = f'{year:04d}-{month:02d}-{day:02d},x,y,"{safe_clock}",{mood},a | b,n'
    data = f"{DAYLIO_HEADERS['full_date']}\n{row}\n".encode("utf-8", "surrogatepass")
    with contextlib.suppress(ImportFormatError):
        batch = parse(data, "d.csv", zone=zone)
        assert len(batch.checkins) == 1
