"""The break scheduler on a fake monotonic clock with a fake idle source."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from breathingroom.core.breaks import (
    ActiveHours,
    BreakRules,
    BreakScheduler,
    Hold,
    Invitation,
    Kind,
    Outcome,
    ReminderSchedule,
    countdown_text,
    parse_hhmm,
)
from tests.fakes import FakeClock

MIN = 60.0
# A Monday, 09:00 UTC.
MONDAY = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


class WallClock(FakeClock):
    """A fake clock whose wall time can be set apart from its monotonic time."""

    def __init__(self) -> None:
        super().__init__(wall=MONDAY, tz=UTC)
        self.shift = timedelta()

    def now(self) -> datetime:
        return super().now() + self.shift


def use(
    scheduler: BreakScheduler,
    clock: FakeClock,
    seconds: float,
    idle: float | None = 0.0,
    holds: tuple[Hold, ...] = (),
    step: float = 30.0,
) -> list[Invitation]:
    """Work for ``seconds``, the owner updating every ``step``; the invitations made."""
    made = []
    left = seconds
    while left > 0:
        clock.advance(min(step, left))
        left -= step
        invitation = scheduler.update(idle, holds)
        if invitation is not None:
            made.append(invitation)
    return made


def make(interval: float = 60 * MIN, **kwargs: object) -> tuple[BreakScheduler, WallClock]:
    clock = WallClock()
    return BreakScheduler(BreakRules(interval=interval, **kwargs), clock), clock  # type: ignore[arg-type]


def test_an_invitation_comes_after_the_interval_of_use_and_only_one_while_open() -> None:
    scheduler, clock = make()
    assert use(scheduler, clock, 59 * MIN) == []
    made = use(scheduler, clock, 2 * MIN)
    assert [i.kind for i in made] == [Kind.BREAK]
    assert use(scheduler, clock, 90 * MIN) == []  # the open one is not answered yet


def test_postpone_asks_again_after_ten_minutes() -> None:
    scheduler, clock = make()
    use(scheduler, clock, 60 * MIN)
    scheduler.answer(Outcome.POSTPONED)
    assert use(scheduler, clock, 9 * MIN) == []
    assert len(use(scheduler, clock, 1 * MIN)) == 1


def test_skip_and_taken_start_the_count_again() -> None:
    for outcome in (Outcome.SKIPPED, Outcome.TAKEN):
        scheduler, clock = make()
        use(scheduler, clock, 60 * MIN)
        scheduler.answer(outcome)
        assert use(scheduler, clock, 59 * MIN) == []
        assert len(use(scheduler, clock, 1 * MIN)) == 1


def test_pause_for_an_hour_and_until_tomorrow() -> None:
    scheduler, clock = make(interval=10 * MIN)
    scheduler.pause(60 * MIN)
    assert scheduler.paused and scheduler.seconds_to_next() is None
    assert use(scheduler, clock, 59 * MIN) == []
    assert len(use(scheduler, clock, 11 * MIN)) == 1  # after the hour: ten more minutes of use

    scheduler, clock = make(interval=10 * MIN)
    scheduler.pause(None)  # until tomorrow: Monday 09:00 -> Tuesday 00:00
    assert use(scheduler, clock, 14 * 60 * MIN + 59 * MIN, step=60) == []
    clock.advance(60)
    scheduler.update(0.0)
    assert not scheduler.paused
    scheduler.resume()


def test_resume_ends_a_pause() -> None:
    scheduler, clock = make(interval=10 * MIN)
    scheduler.pause(None)
    scheduler.resume()
    assert len(use(scheduler, clock, 10 * MIN)) == 1


def test_active_hours_and_days() -> None:
    hours = ActiveHours(frozenset({0, 1, 2, 3, 4}), time(9, 30), time(17, 0))
    scheduler, clock = make(interval=10 * MIN, hours=hours)
    assert scheduler.seconds_to_next() is None  # 09:00 is before 09:30
    assert use(scheduler, clock, 30 * MIN) == []  # not counted either
    assert len(use(scheduler, clock, 10 * MIN)) == 1  # 09:40
    assert not hours.contains(datetime(2026, 6, 20, 10, 0, tzinfo=UTC))  # a Saturday
    night = ActiveHours(frozenset({4}), time(22, 0), time(2, 0))  # Friday night
    assert night.contains(datetime(2026, 6, 19, 23, 0, tzinfo=UTC))
    assert night.contains(datetime(2026, 6, 20, 1, 0, tzinfo=UTC))  # Saturday 01:00
    assert not night.contains(datetime(2026, 6, 20, 3, 0, tzinfo=UTC))


def test_five_idle_minutes_start_the_count_again() -> None:
    scheduler, clock = make(interval=20 * MIN)
    use(scheduler, clock, 15 * MIN)
    assert use(scheduler, clock, 4 * MIN, idle=4 * MIN) == []  # under five minutes: still use
    assert scheduler.active == pytest.approx(19 * MIN)
    use(scheduler, clock, 1 * MIN, idle=5 * MIN)
    assert scheduler.active == 0.0
    assert use(scheduler, clock, 19 * MIN) == []
    assert len(use(scheduler, clock, 1 * MIN)) == 1


def test_full_screen_holds_a_due_invitation_back_until_it_ends() -> None:
    scheduler, clock = make(interval=10 * MIN)
    assert use(scheduler, clock, 30 * MIN, holds=(Hold.FULL_SCREEN,)) == []
    assert scheduler.holds == {Hold.FULL_SCREEN}
    assert len(use(scheduler, clock, 0.5 * MIN)) == 1


def test_a_long_call_earns_a_decompression_and_a_short_one_does_not() -> None:
    scheduler, clock = make(interval=120 * MIN)
    use(scheduler, clock, 10 * MIN, holds=(Hold.CALL,))
    assert use(scheduler, clock, 1 * MIN) == []
    use(scheduler, clock, 25 * MIN, holds=(Hold.CALL,))
    made = use(scheduler, clock, 0.5 * MIN)
    assert [(i.kind, i.call_minutes) for i in made] == [(Kind.DECOMPRESS, 25)]
    assert "long call" in made[0].text


def test_a_suspend_sized_jump_fires_no_burst_and_counts_as_time_away() -> None:
    scheduler, clock = make(interval=60 * MIN)
    use(scheduler, clock, 50 * MIN)
    clock.advance(8 * 3600)  # the lid was closed overnight
    assert scheduler.update(0.0) is None
    assert scheduler.active == 0.0
    assert use(scheduler, clock, 59 * MIN) == []
    assert len(use(scheduler, clock, 1 * MIN)) == 1


def test_a_wall_clock_change_neither_fires_nor_loses_the_count() -> None:
    scheduler, clock = make(interval=60 * MIN)
    use(scheduler, clock, 40 * MIN)
    clock.shift = timedelta(hours=5)  # the wall clock is set forward
    assert scheduler.update(0.0) is None
    assert scheduler.active == pytest.approx(40 * MIN)
    clock.shift = timedelta(hours=-3)  # and back
    assert use(scheduler, clock, 19 * MIN) == []
    assert len(use(scheduler, clock, 1 * MIN)) == 1


def test_countdown_words() -> None:
    scheduler, clock = make(interval=30 * MIN)
    use(scheduler, clock, 10 * MIN)
    assert countdown_text(scheduler.seconds_to_next(), scheduler.paused) == (
        "Next break in about 20 min"
    )
    scheduler.pause(60)
    assert countdown_text(None, scheduler.paused) == "Break invitations paused"


def test_reminders_ring_once_a_day_at_their_times() -> None:
    clock = WallClock()  # 09:00
    reminders = ReminderSchedule(["08:00", "10:00", "16:00"], clock)
    assert not reminders.due()  # 08:00 had passed at start: not rung late
    assert reminders.seconds_to_next() == pytest.approx(3600)
    clock.advance(3600)
    assert reminders.due()
    assert not reminders.due()
    clock.shift = timedelta(minutes=-30)  # the clock goes back over 10:00
    clock.advance(1800)
    assert not reminders.due()
    clock.shift = timedelta()
    clock.advance(12 * 3600)  # 22:30: 16:00 was missed by more than two hours
    assert not reminders.due()


def test_times_are_read_strictly() -> None:
    assert parse_hhmm("07:05") == time(7, 5)
    assert parse_hhmm("24:00") == time.max
    for bad in ("7", "25:00", "10:5", "ab:cd"):
        with pytest.raises(ValueError):
            parse_hhmm(bad)


def test_waking_from_sleep_starts_the_count_again_without_a_burst() -> None:
    scheduler, clock = make(interval=60 * MIN)
    use(scheduler, clock, 59 * MIN)
    scheduler.woke()  # the monotonic clock stood still while asleep (Linux)
    assert use(scheduler, clock, 59 * MIN) == []
    assert len(use(scheduler, clock, 1 * MIN)) == 1
