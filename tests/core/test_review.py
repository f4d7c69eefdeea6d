"""core.review against values worked out by hand in the comments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import pytest

from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.core.review import (
    CAVEAT,
    Association,
    Bucket,
    DayChange,
    DayStats,
    associations,
    by_time_of_day,
    by_weekday,
    daily,
    day_of,
    parse_period,
    period_noun,
    previous_period,
    week_in_words,
    week_range,
)


def ci(
    at: str,
    pleasant: int = 5,
    energy: int = 5,
    *,
    feelings: Iterable[str] = (),
    tags: Iterable[str] = (),
    sensations: Iterable[str] = (),
) -> CheckIn:
    """A check-in at the ISO time ``at`` (with its offset)."""
    return CheckIn.create(
        at=datetime.fromisoformat(at),
        pleasant=pleasant,
        energy=energy,
        feelings=feelings,
        tags=tags,
        sensations=sensations,
    )


def session(at: str, before: int | None, after: int | None) -> SessionRecord:
    start = datetime.fromisoformat(at)
    return SessionRecord(
        kind="grounding",
        exercise="5-4-3-2-1",
        start=start,
        end=start + timedelta(minutes=5),
        completed=True,
        distress_before=before,
        distress_after=after,
    )


# --- days, weeks and periods -------------------------------------------------------------------

# Berlin leaves summer time on Sunday 25 October 2026 at 03:00 (+02:00 → +01:00).
SUNDAY_BEFORE_CHANGE = "2026-10-25T00:30+02:00"  # 24 October 22:30 UTC
MONDAY_AFTER_CHANGE = "2026-10-26T00:30+01:00"  # 25 October 23:30 UTC


def test_an_entry_lands_on_its_own_local_day_across_the_october_clock_change() -> None:
    sunday, monday = ci(SUNDAY_BEFORE_CHANGE), ci(MONDAY_AFTER_CHANGE)
    assert sunday.at_utc.date() == date(2026, 10, 24)  # in UTC it would be Saturday
    assert day_of(sunday) == date(2026, 10, 25)
    assert day_of(monday) == date(2026, 10, 26)
    # Week 43 (Monday 19 to Sunday 25 October) holds the first, not the second.
    days = daily([sunday, monday], *parse_period("2026-W43"))
    assert [d.n for d in days] == [0, 0, 0, 0, 0, 0, 1]
    assert days[-1].day == date(2026, 10, 25)


def test_an_entry_on_a_trip_keeps_the_day_it_was_made_there() -> None:
    tokyo = ci("2026-10-27T07:00+09:00")  # 26 October 22:00 UTC, Tuesday morning in Tokyo
    assert day_of(tokyo) == date(2026, 10, 27)


def test_a_session_lands_on_the_local_day_it_started() -> None:
    record = session(SUNDAY_BEFORE_CHANGE, 6, 4)
    assert day_of(record) == date(2026, 10, 25)


@pytest.mark.parametrize(
    ("day", "first_weekday", "expected"),
    [
        (date(2026, 11, 25), 0, (date(2026, 11, 23), date(2026, 11, 30))),  # Wednesday
        (date(2026, 11, 23), 0, (date(2026, 11, 23), date(2026, 11, 30))),  # the Monday itself
        (date(2026, 11, 22), 0, (date(2026, 11, 16), date(2026, 11, 23))),  # Sunday: week before
        (date(2026, 11, 25), 6, (date(2026, 11, 22), date(2026, 11, 29))),  # weeks from Sunday
        (date(2026, 11, 22), 6, (date(2026, 11, 22), date(2026, 11, 29))),
        (date(2026, 11, 27), 5, (date(2026, 11, 21), date(2026, 11, 28))),  # from Saturday
    ],
)
def test_week_range(day: date, first_weekday: int, expected: tuple[date, date]) -> None:
    assert week_range(day, first_weekday) == expected


@pytest.mark.parametrize("first_weekday", [-1, 7])
def test_week_range_refuses_a_weekday_that_does_not_exist(first_weekday: int) -> None:
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        week_range(date(2026, 11, 25), first_weekday)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W47", (date(2026, 11, 16), date(2026, 11, 23))),
        ("2026-w47", (date(2026, 11, 16), date(2026, 11, 23))),
        # 1 January 2026 is a Thursday, so week 1 starts on Monday 29 December 2025.
        ("2026-W01", (date(2025, 12, 29), date(2026, 1, 5))),
        # 2021 starts on a Friday: its week 1 starts on 4 January.
        ("2021-W01", (date(2021, 1, 4), date(2021, 1, 11))),
        # Years that start on a Thursday (2026) or leap years on a Wednesday (2020) have 53.
        ("2026-W53", (date(2026, 12, 28), date(2027, 1, 4))),
        ("2020-W53", (date(2020, 12, 28), date(2021, 1, 4))),
        ("2026-11", (date(2026, 11, 1), date(2026, 12, 1))),
        ("2026-12", (date(2026, 12, 1), date(2027, 1, 1))),
        ("2024-02", (date(2024, 2, 1), date(2024, 3, 1))),
        ("2026", (date(2026, 1, 1), date(2027, 1, 1))),
        (" 2026 ", (date(2026, 1, 1), date(2027, 1, 1))),
        ("2026-11-26", (date(2026, 11, 26), date(2026, 11, 27))),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text) == expected


def test_parse_period_from_and_to_includes_the_to_day() -> None:
    assert parse_period(from_day="2026-11-02", to_day="2026-11-08") == (
        date(2026, 11, 2),
        date(2026, 11, 9),
    )
    assert parse_period(from_day="2026-11-02", to_day="2026-11-02") == (
        date(2026, 11, 2),
        date(2026, 11, 3),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "2025-W53"}, "2025 has ISO weeks 1 to 52 \\(got week 53\\)"),
        ({"period": "2026-W54"}, "2026 has ISO weeks 1 to 53"),
        ({"period": "2026-W00"}, "got week 0"),
        ({"period": "2026-13"}, "the month must be 01 to 12"),
        ({"period": "2026-00"}, "the month must be 01 to 12"),
        ({"period": "0000"}, "the year must be"),
        ({"period": "9999"}, "the year must be"),
        ({"period": "last week"}, "is not a period: use a week \\(2026-W47\\)"),
        ({"period": "2026-W4"}, "is not a period"),
        ({"period": "2026-02-30"}, "is not a period"),
        ({"period": ""}, "is not a period"),
        ({"from_day": "2026-11-08", "to_day": "2026-11-02"}, "is before the from date"),
        ({"from_day": "2026-11-02"}, "both a from and a to date"),
        ({"to_day": "2026-11-02"}, "both a from and a to date"),
        ({}, "both a from and a to date"),
        ({"from_day": "yesterday", "to_day": "2026-11-02"}, "from 'yesterday' is not a date"),
        ({"period": "2026", "from_day": "2026-11-02"}, "not both"),
    ],
)
def test_parse_period_says_what_is_wrong(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_period(**kwargs)


@pytest.mark.parametrize(
    ("period", "previous", "noun"),
    [
        ("2026-W47", (date(2026, 11, 9), date(2026, 11, 16)), "week"),
        ("2026-W01", (date(2025, 12, 22), date(2025, 12, 29)), "week"),
        ("2026-03", (date(2026, 2, 1), date(2026, 3, 1)), "month"),
        ("2026-01", (date(2025, 12, 1), date(2026, 1, 1)), "month"),
        ("2026", (date(2025, 1, 1), date(2026, 1, 1)), "year"),
        ("2026-11-26", (date(2026, 11, 25), date(2026, 11, 26)), "day"),
    ],
)
def test_previous_period_and_its_name(period: str, previous: tuple[date, date], noun: str) -> None:
    start, end = parse_period(period)
    assert previous_period(start, end) == previous
    assert period_noun(start, end) == noun


def test_ten_days_are_a_period_and_the_ten_before_them_come_first() -> None:
    start, end = parse_period(from_day="2026-11-01", to_day="2026-11-10")
    assert previous_period(start, end) == (date(2026, 10, 22), date(2026, 11, 1))
    assert period_noun(start, end) == "period"


# --- days ---------------------------------------------------------------------------------------


def test_an_empty_week_has_seven_empty_days() -> None:
    days = daily([], date(2026, 11, 16), date(2026, 11, 23))
    assert [d.day for d in days] == [date(2026, 11, 16) + timedelta(days=i) for i in range(7)]
    assert all(d == DayStats(d.day, 0, None, None, None, None, None, None) for d in days)


def test_one_entry_is_its_own_mean_min_and_max() -> None:
    days = daily([ci("2026-11-18T09:00+01:00", 6, 3)], date(2026, 11, 16), date(2026, 11, 23))
    assert days[2] == DayStats(date(2026, 11, 18), 1, 6.0, 6, 6, 3.0, 3, 3)
    assert [d.n for d in days] == [0, 0, 1, 0, 0, 0, 0]


def test_several_entries_a_day_and_gaps_that_stay_empty() -> None:
    entries = [
        ci("2026-11-16T08:00+01:00", 3, 2),
        ci("2026-11-16T13:00+01:00", 6, 2),
        ci("2026-11-16T21:00+01:00", 8, 5),
        ci("2026-11-18T21:00+01:00", 5, 9),
        ci("2026-11-23T00:10+01:00", 9, 9),  # the next week: left out
        ci("2026-11-15T23:50+01:00", 1, 1),  # the week before: left out
    ]
    days = daily(entries, date(2026, 11, 16), date(2026, 11, 19))
    assert days == [
        # pleasant 3, 6, 8: mean 17/3; energy 2, 2, 5: mean 3
        DayStats(date(2026, 11, 16), 3, 17 / 3, 3, 8, 3.0, 2, 5),
        DayStats(date(2026, 11, 17), 0, None, None, None, None, None, None),
        DayStats(date(2026, 11, 18), 1, 5.0, 5, 5, 9.0, 9, 9),
    ]


def test_daily_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        daily([], date(2026, 11, 16), date(2026, 11, 15))


# --- the week in words --------------------------------------------------------------------------

W47 = (date(2026, 11, 16), date(2026, 11, 23))
W46 = (date(2026, 11, 9), date(2026, 11, 16))


def test_an_empty_week_is_one_calm_sentence() -> None:
    summary = week_in_words([], [], *W47, *W46)
    assert summary.checkins == summary.sessions == 0
    assert summary.pleasant is summary.energy is summary.median_drop is None
    assert summary.biggest_change is None
    assert summary.sentences() == [
        "Nothing is in your journal for this week, and that is all right."
    ]


def test_a_week_with_one_entry() -> None:
    summary = week_in_words([ci("2026-11-18T09:00+01:00", 6, 4, feelings=["calm"])], [], *W47, *W46)
    assert (summary.checkins, summary.days_with_checkins) == (1, 1)
    assert (summary.pleasant, summary.energy) == (6.0, 4.0)
    assert summary.previous_pleasant is None
    assert summary.top_feelings == (("calm", 1),)
    assert summary.biggest_change is None
    assert summary.sentences() == [
        "You checked in once this week.",
        "On average, pleasantness was 6.0 and energy 4.0, on the 1 to 9 grid.",
        "The feeling you named most often was calm (1).",
        "No breathing or grounding sessions are in your journal for this week.",
    ]


RICH_WEEK = [
    # Monday 16: pleasant 4 and 6, a mean of 5.0
    ci("2026-11-16T09:00+01:00", 4, 3, feelings=["tired", "anxious"]),
    ci("2026-11-16T20:00+01:00", 6, 5, feelings=["calm"]),
    # Tuesday 17: 7.0 (+2.0 on Monday)
    ci("2026-11-17T12:00+01:00", 7, 6, feelings=["calm", "hopeful"]),
    # Wednesday 18: nothing, so Thursday is not compared with Tuesday
    # Thursday 19: 3.0
    ci("2026-11-19T08:00+01:00", 3, 2, feelings=["tired", "anxious"]),
    # Friday 20: 8.0, +5.0 on Thursday: the biggest change
    ci("2026-11-20T19:00+01:00", 8, 7, feelings=["Calm"]),
    # The week before: pleasant 5 and 4 (4.5), energy 5 and 6 (5.5)
    ci("2026-11-10T10:00+01:00", 5, 5, feelings=["sad"]),
    ci("2026-11-12T10:00+01:00", 4, 6),
]
RICH_SESSIONS = [
    session("2026-11-16T09:10+01:00", 8, 5),  # drop 3
    session("2026-11-17T12:10+01:00", 7, 5),  # 2
    session("2026-11-19T08:10+01:00", 6, 5),  # 1
    session("2026-11-22T23:30+01:00", 6, 4),  # 2, late on Sunday: still this week
    session("2026-11-23T00:30+01:00", 9, 0),  # Monday after: not this week
    session("2026-11-12T10:10+01:00", 9, 9),  # the week before: not counted
]


def test_a_rich_week_in_numbers() -> None:
    summary = week_in_words(RICH_WEEK, RICH_SESSIONS, *W47, *W46)
    assert (summary.checkins, summary.days_with_checkins) == (5, 4)
    # pleasant 4+6+7+3+8 = 28 over 5; energy 3+5+6+2+7 = 23 over 5
    assert summary.pleasant == pytest.approx(5.6)
    assert summary.energy == pytest.approx(4.6)
    assert (summary.previous_pleasant, summary.previous_energy) == (4.5, 5.5)
    # calm, calm, Calm; anxious and tired twice (alphabetical); hopeful once
    assert summary.top_feelings == (("calm", 3), ("anxious", 2), ("tired", 2), ("hopeful", 1))
    # drops 3, 2, 1, 2: median 2
    assert (summary.sessions, summary.rated_sessions, summary.median_drop) == (4, 4, 2.0)
    assert summary.biggest_change == DayChange(date(2026, 11, 20), 3.0, 8.0)


def test_a_rich_week_in_words() -> None:
    assert week_in_words(RICH_WEEK, RICH_SESSIONS, *W47, *W46).sentences() == [
        "You checked in 5 times on 4 days this week.",
        # +1.1 is "more"; energy -0.9 is "a little lower"
        "Your days felt more pleasant than the week before: 5.6 against 4.5; energy was a "
        "little lower: 4.6 against 5.5.",
        "The feelings you named most often were calm (3), anxious (2), tired (2) and hopeful (1).",
        "You took 4 breaks to breathe or ground yourself; distress came down by 2 in the "
        "middle of them.",
        "The biggest change from one day to the next came on Friday 20 November: pleasantness "
        "went from 3.0 to 8.0.",
    ]


def test_no_sentence_praises_or_exclaims() -> None:
    for summary in (
        week_in_words([], [], *W47, *W46),
        week_in_words(RICH_WEEK, RICH_SESSIONS, *W47, *W46),
    ):
        text = " ".join(summary.sentences())
        assert "!" not in text
        assert not {"great", "well done", "good job", "amazing"} & set(text.lower().split())


def test_about_the_same_and_a_little_less() -> None:
    now = [ci("2026-11-17T12:00+01:00", 5, 6), ci("2026-11-18T12:00+01:00", 6, 6)]  # 5.5, 6.0
    before = [ci("2026-11-10T12:00+01:00", 6, 7), ci("2026-11-11T12:00+01:00", 6, 5)]  # 6.0, 6.0
    sentences = week_in_words(now + before, [], *W47, *W46).sentences()
    assert sentences[1] == (
        "Your days felt a little less pleasant than the week before: 5.5 against 6.0; "
        "energy was about the same: 6.0 against 6.0."
    )
    flat = [ci("2026-11-17T12:00+01:00", 6, 6)]
    assert week_in_words(flat + before, [], *W47, *W46).sentences()[1] == (
        "Your days felt about as pleasant as the week before: 6.0 against 6.0; energy was "
        "about the same: 6.0 against 6.0."
    )


def test_sessions_partly_rated_and_distress_that_went_up() -> None:
    some = [
        session("2026-11-17T12:00+01:00", 4, 6),  # up 2
        session("2026-11-18T12:00+01:00", 5, 6),  # up 1
        session("2026-11-19T12:00+01:00", None, 3),
    ]
    summary = week_in_words([], some, *W47, *W46)
    assert (summary.sessions, summary.rated_sessions, summary.median_drop) == (3, 2, -1.5)
    assert summary.sentences() == [
        "No check-ins are in your journal for this week.",
        "You took 3 breaks to breathe or ground yourself; of the 2 you rated, distress went up "
        "by 1.5 in the middle.",
    ]
    one = week_in_words([], [session("2026-11-17T12:00+01:00", 5, 5)], *W47, *W46)
    assert one.sentences()[-1] == (
        "You took one break to breathe or ground yourself; distress stayed where it was in it."
    )


def test_only_five_feelings_are_named() -> None:
    words = ["a", "b", "c", "d", "e", "f"]
    entries = [
        ci(f"2026-11-17T{10 + i}:00+01:00", feelings=words[: i + 1]) for i in range(len(words))
    ]
    # a 6 times, b 5, c 4, d 3, e 2, f 1
    summary = week_in_words(entries, [], *W47, *W46)
    assert summary.top_feelings == (("a", 6), ("b", 5), ("c", 4), ("d", 3), ("e", 2))


def test_a_month_is_called_a_month() -> None:
    start, end = parse_period("2026-11")
    summary = week_in_words([], [], start, end, *previous_period(start, end))
    assert summary.sentences() == [
        "Nothing is in your journal for this month, and that is all right."
    ]


def test_the_summary_as_data() -> None:
    data = week_in_words(RICH_WEEK, RICH_SESSIONS, *W47, *W46).to_dict()
    assert data["from"] == "2026-11-16"
    assert data["to"] == "2026-11-22"
    assert data["previous_from"] == "2026-11-09"
    assert data["biggest_change"] == {
        "day": "2026-11-20",
        "before": 3.0,
        "after": 8.0,
        "change": 5.0,
    }
    assert data["top_feelings"][0] == {"feeling": "calm", "count": 3}
    assert len(data["sentences"]) == 5


# --- what goes with the mood --------------------------------------------------------------------

SIX_DAYS = [
    ci("2026-11-02T10:00+01:00", 7, tags=["walk", "work"]),  # d1: 7
    ci("2026-11-03T10:00+01:00", 8, tags=["walk", "run"]),  # d2: 8
    ci("2026-11-04T10:00+01:00", 6, tags=["walk"]),  # d3: 6 and 4, a mean of 5
    ci("2026-11-04T18:00+01:00", 4, tags=["Work"]),
    ci("2026-11-05T10:00+01:00", 3, tags=["work", "run"], feelings=["tense"]),  # d4: 3
    ci("2026-11-06T10:00+01:00", 4, tags=["work"], feelings=["Tense"]),  # d5: 4
    ci("2026-11-07T10:00+01:00", 2, feelings=["tense"], sensations=["headache"]),  # d6: 2
]


def test_associations_need_three_days_on_each_side() -> None:
    found = associations(SIX_DAYS)
    # walk: d1-d3 (7, 8, 5: 20/3) against d4-d6 (3, 4, 2: 3.0); tense the other way round.
    # work has 4 days with and only 2 without; run 2 with; headache 1 with: all left out.
    assert found == [
        Association("tag", "walk", 20 / 3, 3.0, 3, 3),
        Association("feeling", "tense", 3.0, 20 / 3, 3, 3),
    ]
    assert found[0].difference == pytest.approx(11 / 3)
    assert found[1].difference == pytest.approx(-11 / 3)


def test_a_lower_threshold_lets_the_smaller_sides_in() -> None:
    found = associations(SIX_DAYS, min_days=2)
    assert [(a.kind, a.word) for a in found] == [
        ("tag", "walk"),
        ("feeling", "tense"),
        ("tag", "run"),  # d2, d4 (8, 3: 5.5) against 7, 5, 4, 2 (4.5): +1.0
        ("tag", "work"),  # d1, d3, d4, d5 (7, 5, 3, 4: 4.75) against 8, 2 (5.0): -0.25
    ]
    run, work = found[2], found[3]
    assert (run.with_mean, run.without_mean, run.days_with, run.days_without) == (5.5, 4.5, 2, 4)
    assert (work.with_mean, work.without_mean, work.days_with, work.days_without) == (
        4.75,
        5.0,
        4,
        2,
    )
    assert [a.word for a in associations(SIX_DAYS, min_days=1)][-1] != "walk"
    assert ("sensation", "headache") in [(a.kind, a.word) for a in associations(SIX_DAYS, 1)]


def test_associations_with_too_few_days_are_empty() -> None:
    assert associations(SIX_DAYS[:3]) == []
    assert associations([]) == []


@pytest.mark.parametrize("min_days", [0, -1])
def test_associations_refuse_a_threshold_under_one(min_days: int) -> None:
    with pytest.raises(ValueError, match="min_days"):
        associations(SIX_DAYS, min_days=min_days)


def test_the_caveat_says_association_not_cause() -> None:
    assert "does not mean one causes the other" in CAVEAT


def test_by_weekday_uses_each_entry_s_own_local_day() -> None:
    entries = [
        ci("2026-11-16T09:00+01:00", 4, 2),  # Monday
        ci("2026-11-16T21:00+01:00", 6, 4),  # Monday
        ci("2026-11-17T00:30+01:00", 8, 8),  # Tuesday here, still Monday in UTC
        ci("2026-11-22T12:00-05:00", 3, 5),  # Sunday in New York, Monday in UTC
    ]
    buckets = by_weekday(entries)
    assert [b.name for b in buckets][:2] == ["Monday", "Tuesday"]
    assert buckets[0] == Bucket("Monday", 2, 5.0, 3.0)
    assert buckets[1] == Bucket("Tuesday", 1, 8.0, 8.0)
    assert buckets[2] == Bucket("Wednesday", 0, None, None)
    assert buckets[6] == Bucket("Sunday", 1, 3.0, 5.0)
    from_sunday = by_weekday(entries, first_weekday=6)
    assert [b.name for b in from_sunday] == [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    assert from_sunday[0] == buckets[6]


def test_by_time_of_day_edges() -> None:
    entries = [
        ci("2026-11-16T00:00+01:00", 1, 9),  # night
        ci("2026-11-16T05:59+01:00", 3, 7),  # night
        ci("2026-11-16T06:00+01:00", 5, 5),  # morning
        ci("2026-11-16T11:59+01:00", 7, 3),  # morning
        ci("2026-11-16T12:00+01:00", 9, 1),  # afternoon
        ci("2026-11-16T18:00+01:00", 2, 2),  # evening
        ci("2026-11-16T23:59+01:00", 4, 4),  # evening
        ci("2026-11-16T23:30+00:00", 6, 6),  # 00:30 in Berlin, but 23:30 where it was made
    ]
    assert by_time_of_day(entries) == [
        Bucket("night", 2, 2.0, 8.0),
        Bucket("morning", 2, 6.0, 4.0),
        Bucket("afternoon", 1, 9.0, 1.0),
        Bucket("evening", 3, 4.0, 4.0),
    ]
    assert by_time_of_day([]) == [
        Bucket(name, 0, None, None) for name in ("night", "morning", "afternoon", "evening")
    ]
