"""``breathing-room review`` over a real journal in the test's own data folder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from breathingroom import cli
from breathingroom.cli import common
from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.services.store import Store
from tests.fakes import FakeClock

CET = timezone(timedelta(hours=1))
#: Thursday 19 November 2026, in ISO week 47 (Monday 16 to Sunday 22 November).
THURSDAY = datetime(2026, 11, 19, 20, 30, tzinfo=CET)


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "clock", FakeClock(wall=THURSDAY, tz=CET))


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=CET)


def add_checkins(*entries: CheckIn) -> None:
    store = Store.open(clock=common.clock)
    try:
        for entry in entries:
            store.add_checkin(entry)
    finally:
        store.close()


def add_sessions(exercise: str, *rated: tuple[int, int, int]) -> None:
    """Sessions of ``exercise`` as (day of November, distress before, after), at noon."""
    store = Store.open(clock=common.clock)
    try:
        for day, before, after in rated:
            start = at(day, 12) + timedelta(minutes=len(exercise))
            store.add_session(
                SessionRecord(
                    kind="grounding",
                    exercise=exercise,
                    start=start,
                    end=start + timedelta(minutes=5),
                    completed=True,
                    distress_before=before,
                    distress_after=after,
                )
            )
    finally:
        store.close()


def review(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["review", *args]) == 0
    return capsys.readouterr().out


@pytest.fixture
def journal() -> None:
    """Two weeks: W46 (pleasant 4 and 5) and W47, with walks on 3 days and none on 3."""
    add_checkins(
        CheckIn.create(at(10, 9), 4, 5),
        CheckIn.create(at(12, 9), 5, 5),
        CheckIn.create(at(16, 9), 7, 6, feelings=["calm"], tags=["walk"]),
        CheckIn.create(at(17, 9), 8, 6, feelings=["calm"], tags=["walk"]),
        CheckIn.create(at(18, 9), 6, 4, feelings=["tired"], tags=["walk"]),
        CheckIn.create(at(18, 22), 3, 2, feelings=["tired"], tags=[]),  # the 18th: 4.5
        CheckIn.create(at(19, 9), 4, 4, feelings=["tired"]),
        CheckIn.create(at(19, 23), 2, 2),  # the 19th: 3.0
        # Next week: not in this week's words, nor in what goes with the mood up to the 22nd.
        CheckIn.create(at(24, 9), 9, 9, tags=["walk"]),
    )
    add_sessions("5-4-3-2-1", (16, 8, 5), (17, 7, 5), (18, 6, 2))  # drops 3, 2, 4: median 3
    add_sessions("orienting", (19, 7, 6))  # one: ranked only after two more
    add_sessions("safe-place", (24, 9, 1), (25, 9, 1), (26, 9, 1))  # after the week


def test_this_week_by_default_in_words(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = review(capsys)
    # Pleasant 7, 8, 6, 3, 4, 2 = 30 over 6 (5.0) against 4 and 5 (4.5): +0.5, "a little".
    # Energy 6, 6, 4, 2, 4, 2 = 24 over 6 (4.0) against 5.0: -1.0, "lower".
    # Day means 7, 8, 4.5, 3: the biggest change is -3.5 on Wednesday the 18th.
    assert out.split("\n\nWhat helps\n")[0].splitlines() == [
        "2026-11-16 to 2026-11-22",
        "",
        "You checked in 6 times on 4 days this week.",
        "Your days felt a little more pleasant than the week before: 5.0 against 4.5; energy "
        "was lower: 4.0 against 5.0.",
        "The feelings you named most often were tired (3) and calm (2).",
        "You took 4 breaks to breathe or ground yourself; distress came down by 2.5 in the "
        "middle of them.",
        "The biggest change from one day to the next came on Wednesday 18 November: "
        "pleasantness went from 8.0 to 4.5.",
    ]
    assert "  1  Grounding: 5-4-3-2-1: n 3, median drop 3\n" in out
    assert (
        "  -  Grounding: orienting: n 1, median drop 1; needs 2 more rated sessions to be "
        "ranked\n" in out
    )
    assert "safe-place" not in out  # tried only after the period
    assert "Not enough ratings yet" not in out
    assert "What goes with your mood (your check-ins up to 2026-11-22)\n" in out
    assert "does not mean one causes the other" in out
    # walk on the 16th, 17th, 18th (7, 8, 4.5: 6.5) against the 10th, 12th, 19th (4, 5, 3: 4.0)
    assert "  walk (tag): pleasantness 6.5 on 3 days with it, 4.0 on 3 days without\n" in out
    assert "  Wednesday  n 2, pleasantness 4.5, energy 3.0\n" in out
    assert "  Friday     n 0\n" in out
    assert "  evening    n 2, pleasantness 2.5, energy 2.0\n" in out


def test_an_earlier_week_by_its_iso_name(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = review(capsys, "--week", "2026-W46")
    assert out.startswith(
        "2026-11-09 to 2026-11-15\n\n"
        "You checked in 2 times on 2 days this week.\n"
        "On average, pleasantness was 4.5 and energy 5.0, on the 1 to 9 grid.\n"
        "No breathing or grounding sessions are in your journal for this week.\n"
    )
    assert "Not enough ratings yet" in out  # nothing was rated by the 15th
    assert "Nothing to show yet" in out


def test_an_empty_journal_is_one_calm_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    out = review(capsys, "--month", "2026-11")
    assert out.startswith(
        "2026-11-01 to 2026-11-30\n\n"
        "Nothing is in your journal for this month, and that is all right.\n\nWhat helps\n"
    )


def test_the_same_as_json(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(review(capsys, "--from", "2026-11-16", "--to", "2026-11-22", "--json"))
    week = data["week"]
    assert (week["from"], week["to"]) == ("2026-11-16", "2026-11-22")
    assert (week["previous_from"], week["previous_to"]) == ("2026-11-09", "2026-11-15")
    assert (week["checkins"], week["pleasant"], week["previous_pleasant"]) == (6, 5.0, 4.5)
    assert week["median_drop"] == 2.5
    assert len(week["sentences"]) == 5
    assert [d["n"] for d in data["days"]] == [1, 1, 2, 2, 0, 0, 0]
    assert data["days"][2]["pleasant"] == {"mean": 4.5, "min": 3, "max": 6}
    assert data["what_helps"] == [
        {
            "rank": 1,
            "kind": "grounding",
            "id": "5-4-3-2-1",
            "n": 3,
            "median_drop": 3.0,
            "pinned": False,
            "needs": 0,
        },
        {
            "rank": None,
            "kind": "grounding",
            "id": "orienting",
            "n": 1,
            "median_drop": 1.0,
            "pinned": False,
            "needs": 2,
        },
    ]
    mood = data["mood"]
    assert mood["through"] == "2026-11-22"
    assert "does not mean one causes the other" in mood["caveat"]
    assert mood["associations"] == [
        {
            "kind": "tag",
            "word": "walk",
            "with": {"mean_pleasant": 6.5, "days": 3},
            "without": {"mean_pleasant": 4.0, "days": 3},
            "difference": 2.5,
        }
    ]
    assert [b["n"] for b in mood["by_weekday"]] == [1, 2, 2, 3, 0, 0, 0]
    assert [b["name"] for b in mood["by_time_of_day"]] == [
        "night",
        "morning",
        "afternoon",
        "evening",
    ]


def test_a_pin_says_what_it_still_needs(capsys: pytest.CaptureFixture[str]) -> None:
    common.load_settings().set("helps_pinned", ["breathing:long-exhale"])
    out = review(capsys)
    assert "  1  Breathing: long-exhale: n 0, median drop -, pinned; needs 3 more rated " in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W54"], "2026 has ISO weeks 1 to 53 (got week 54)"),
        (["--week", "2026-11"], "--week: '2026-11' is not a week like 2026-W47"),
        (["--month", "2026-13"], "the month must be 01 to 12 (got 13)"),
        (["--month", "2026"], "--month: '2026' is not a month like 2026-11"),
        (["--year", "twenty"], "'twenty' is not a period"),
        (["--from", "2026-11-02"], "--from needs --to"),
        (["--to", "2026-11-02"], "--to needs --from"),
        (["--from", "2026-11-09", "--to", "2026-11-02"], "is before the from date"),
    ],
)
def test_a_bad_period_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli.main(["review", *args]) == common.EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("breathing-room: error: ")
    assert message in line


def test_two_periods_at_once_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["review", "--week", "2026-W47", "--month", "2026-11"])
    assert exit_.value.code == common.EXIT_USAGE
    assert len(capsys.readouterr().err.splitlines()) == 1
