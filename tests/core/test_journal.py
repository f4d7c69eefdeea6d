"""The check-in model: validation, quadrants, local offsets, weekly means."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from breathingroom.core.journal import (
    CORNER_WORDS,
    FEELINGS,
    SENSATIONS,
    CheckIn,
    JournalError,
    Quadrant,
    parse_iso_time,
    quadrants_for,
    suggested_feelings,
    validating_line,
    weekly_means,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_create_keeps_the_utc_instant_and_the_local_offset() -> None:
    entry = CheckIn.create(datetime(2026, 7, 1, 9, 15, 30, 123456, tzinfo=BERLIN), 7, 4)
    assert entry.at_utc == datetime(2026, 7, 1, 7, 15, 30, tzinfo=UTC)
    assert entry.offset_minutes == 120
    assert entry.iso_at == "2026-07-01T09:15:30+02:00"


def test_naive_time_is_refused() -> None:
    with pytest.raises(JournalError, match="no UTC offset"):
        CheckIn.create(datetime(2026, 7, 1, 9), 5, 5)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pleasant", 0, "pleasantness must be from 1 to 9"),
        ("pleasant", 10, "pleasantness"),
        ("energy", 0, "energy must be from 1 to 9"),
        ("energy", True, "energy must be a whole number"),
        ("distress", 11, "distress must be from 0 to 10"),
        ("distress", -1, "distress"),
        ("note", "a\x00b", "NUL"),
    ],
)
def test_out_of_range_values_say_which_and_why(field: str, value: object, message: str) -> None:
    values: dict[str, object] = {"pleasant": 5, "energy": 5, field: value}
    with pytest.raises(JournalError, match=message):
        CheckIn.create(datetime(2026, 1, 1, tzinfo=UTC), **values)  # type: ignore[arg-type]


def test_words_are_trimmed_and_deduplicated_and_pipes_refused() -> None:
    entry = CheckIn.create(
        datetime(2026, 1, 1, tzinfo=UTC), 5, 5, feelings=[" calm ", "Calm", "at   ease", ""]
    )
    assert entry.feelings == ("calm", "at ease")
    with pytest.raises(JournalError, match="'\\|'"):
        CheckIn.create(datetime(2026, 1, 1, tzinfo=UTC), 5, 5, tags=["a|b"])


def test_quadrants_follow_the_affect_grid_corners() -> None:
    assert quadrants_for(1, 9) == [Quadrant.UNPLEASANT_HIGH]
    assert quadrants_for(9, 9) == [Quadrant.PLEASANT_HIGH]
    assert quadrants_for(1, 1) == [Quadrant.UNPLEASANT_LOW]
    assert quadrants_for(9, 1) == [Quadrant.PLEASANT_LOW]
    assert len(quadrants_for(5, 5)) == 4
    assert set(quadrants_for(5, 8)) == {Quadrant.UNPLEASANT_HIGH, Quadrant.PLEASANT_HIGH}
    assert CORNER_WORDS[Quadrant.PLEASANT_LOW] == "relaxed"


def test_suggested_feelings_come_from_the_chosen_quadrant() -> None:
    assert suggested_feelings(8, 2) == list(FEELINGS[Quadrant.PLEASANT_LOW])
    assert "anxious" in suggested_feelings(2, 8)
    assert "calm" not in suggested_feelings(2, 8)
    assert len(SENSATIONS) >= 10


def test_iso_time_without_offset_is_local_wall_time_across_dst() -> None:
    before = parse_iso_time("2026-03-29T01:30", BERLIN)
    after = parse_iso_time("2026-03-29T03:30", BERLIN)
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    with pytest.raises(JournalError, match="ISO 8601"):
        parse_iso_time("yesterday")


def test_dedupe_key_ignores_source_and_id_but_not_content() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    a = CheckIn.create(at, 5, 5, note="x", source="daylio")
    b = CheckIn.create(at, 5, 5, note="x", source="app", id=3)
    c = CheckIn.create(at, 5, 5, note="y")
    assert a.dedupe_key() == b.dedupe_key() != c.dedupe_key()


def test_weekly_means_group_by_local_monday() -> None:
    plus = timezone(timedelta(hours=14))
    entries = [
        CheckIn.create(datetime(2026, 11, 23, 0, 30, tzinfo=plus), 9, 1, distress=4),
        CheckIn.create(datetime(2026, 11, 29, 23, 0, tzinfo=UTC), 1, 3),
        CheckIn.create(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), 5, 5),
    ]
    weeks = weekly_means(entries)
    assert [(w.monday, w.count) for w in weeks] == [
        (date(2026, 11, 16), 1),
        (date(2026, 11, 23), 2),
    ]
    assert weeks[1].pleasant == 5.0 and weeks[1].energy == 2.0 and weeks[1].distress == 4.0
    assert weeks[0].distress is None


def test_validating_line_is_calm() -> None:
    entry = CheckIn.create(datetime(2026, 1, 1, tzinfo=UTC), 2, 8)
    line = validating_line(entry)
    assert line.startswith("Saved.") and "!" not in line


def test_a_grid_position_reads_as_words():
    from breathingroom.core.journal import grid_in_words

    assert grid_in_words(7, 3) == "fairly pleasant, fairly low energy"
    assert grid_in_words(5, 5) == "neither pleasant nor unpleasant, middling energy"
    assert grid_in_words(1, 9) == "very unpleasant, very high energy"
    assert grid_in_words(4, 6) == "a little unpleasant, a little high energy"
