"""``breathing-room what-helps`` over a real journal in the test's own data folder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from breathingroom import cli
from breathingroom.cli import common
from breathingroom.core.records import SessionKind, SessionRecord
from breathingroom.services.store import Store
from tests.fakes import FakeClock

EVENING = datetime(2026, 3, 1, 20, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "clock", FakeClock(wall=EVENING, tz=EVENING.tzinfo))


def add(kind: SessionKind, exercise: str, ratings: list[tuple[int | None, int | None]]) -> None:
    store = Store.open(clock=common.clock)
    try:
        for day, (before, after) in enumerate(ratings):
            start = EVENING - timedelta(days=30 - day, minutes=len(exercise))
            store.add_session(
                SessionRecord(
                    kind=kind,
                    exercise=exercise,
                    start=start,
                    end=start + timedelta(minutes=5),
                    completed=day != 1,  # one stopped early: it counts all the same
                    distress_before=before,
                    distress_after=after,
                )
            )
    finally:
        store.close()


def what_helps(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["what-helps", *args]) == 0
    return capsys.readouterr().out


def pin(*keys: str) -> None:
    common.load_settings().set("helps_pinned", list(keys))


def test_with_no_ratings_it_says_so_calmly(capsys: pytest.CaptureFixture[str]) -> None:
    add("grounding", "5-4-3-2-1", [(7, 4), (6, 3)])  # two: not enough to rank
    add("breathing", "coherent", [(None, None)] * 3)  # never rated
    assert what_helps(capsys) == (
        "Not enough ratings yet: rate your distress before and after a few sessions and this "
        "list fills in.\n"
    )
    assert json.loads(what_helps(capsys, "--json")) == []


def test_the_table_ranks_by_median_drop_with_pins_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add("grounding", "5-4-3-2-1", [(8, 5), (7, 5), (6, 2)])  # drops 3, 2, 4: median 3
    add("breathing", "long-exhale", [(9, 6), (8, 4), (7, 5), (6, 5)])  # 3, 4, 2, 1: 2.5
    add("grounding", "butterfly-hug", [(5, 6), (6, 8), (5, 5)])  # -1, -2, 0: -1
    add("grounding", "orienting", [(7, 2)])  # one: not ranked, unless pinned
    pin("grounding:safe-place", "grounding:orienting")
    assert what_helps(capsys).splitlines() == [
        "#  what                      n  median drop",
        "1  Grounding: safe-place     0            -  pinned",
        "2  Grounding: orienting      1            5  pinned",
        "3  Grounding: 5-4-3-2-1      3            3",
        "4  Breathing: long-exhale    4          2.5",
        "5  Grounding: butterfly-hug  3           -1",
    ]
    assert json.loads(what_helps(capsys, "--json")) == [
        {"kind": "grounding", "id": "safe-place", "n": 0, "median_drop": None, "pinned": True},
        {"kind": "grounding", "id": "orienting", "n": 1, "median_drop": 5.0, "pinned": True},
        {"kind": "grounding", "id": "5-4-3-2-1", "n": 3, "median_drop": 3.0, "pinned": False},
        {"kind": "breathing", "id": "long-exhale", "n": 4, "median_drop": 2.5, "pinned": False},
        {"kind": "grounding", "id": "butterfly-hug", "n": 3, "median_drop": -1.0, "pinned": False},
    ]


def test_pins_alone_are_listed_and_the_calm_line_follows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pin("breathing:long-exhale")
    assert what_helps(capsys).splitlines() == [
        "#  what                    n  median drop",
        "1  Breathing: long-exhale  0            -  pinned",
        "Not enough ratings yet: rate your distress before and after a few sessions and this "
        "list fills in.",
    ]
