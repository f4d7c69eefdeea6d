from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from breathingroom.core.days import daily_means
from breathingroom.core.journal import CheckIn


def at(text: str, hours: int) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone(timedelta(hours=hours)))


def test_each_check_in_lands_on_its_own_local_day():
    # 00:30 in Berlin summer is 22:30 UTC the day before; 23:30 in New York winter is 04:30 UTC
    # the day after. Both count on the day their own clock showed.
    early = CheckIn.create(at("2025-06-14T00:30", 2), pleasant=7, energy=5)
    late = CheckIn.create(at("2025-01-10T23:30", -5), pleasant=3, energy=5)
    assert early.at_utc.date() == date(2025, 6, 13)
    assert late.at_utc.date() == date(2025, 1, 11)
    assert daily_means([early, late]) == {date(2025, 6, 14): 7.0, date(2025, 1, 10): 3.0}


def test_a_day_with_several_check_ins_gets_their_mean():
    entries = [CheckIn.create(at("2024-02-29T08:00", 1), pleasant=p, energy=5) for p in (2, 5, 9)]
    assert daily_means(entries) == {date(2024, 2, 29): pytest.approx(16 / 3)}


def test_no_check_ins_no_days():
    assert daily_means([]) == {}
