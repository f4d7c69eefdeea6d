"""``--at`` times: what is refused, and the spring gap resolved as zoneinfo does."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathingroom.core.at_time import AtTimeError, parse_at
from tests.fakes import local_zone

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
LATER = datetime(2038, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "\uff12\uff10\uff12\uff16-07-01",
        "9999-12-31T23:59+14:00",
        "2026-12-02T09:00+00:00",
        "1899-12-31T23:59+00:00",
        "2026-07-01T09:15+14:01",
        "2026-07-01T09:15-14:01",
        "2026-07-01T09:15+01:00:30",
        "2026-07-01T09:15+01:00:00.5",
        "yesterday",
    ],
)
def test_times_nobody_means_are_refused(text: str) -> None:
    with pytest.raises(AtTimeError):
        parse_at(text, NOW)


def test_the_widest_offsets_and_tomorrow_are_accepted() -> None:
    assert parse_at("2026-07-01T09:15+14:00", NOW).moment.utcoffset().total_seconds() == 14 * 3600
    assert parse_at("2026-07-01T09:15-14:00", NOW).note == ""
    assert parse_at("2026-12-01T07:00+00:00", NOW).moment.day == 1


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Tehran"]


@given(
    st.sampled_from(ZONES),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2037, 1, 1)),
)
def test_the_computers_zone_resolves_like_zoneinfo_with_fold_0(zone: str, naive: datetime) -> None:
    text = naive.replace(microsecond=0).isoformat()
    with local_zone(zone):
        local = parse_at(text, LATER)
    wanted = parse_at(text, LATER, ZoneInfo(zone))
    assert local.moment == wanted.moment
    assert local.moment.utcoffset() == wanted.moment.utcoffset()
    assert bool(local.note) == bool(wanted.note)
