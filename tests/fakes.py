"""Fakes shared by the tests: one clock that moves only when a test moves it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Run the block as if the computer were set to the time zone ``name`` (``TZ``)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


class FakeClock:
    """A :class:`breathingroom.core.clock.Clock` whose time a test sets.

    ``monotonic()`` starts at ``start`` seconds; ``now()`` is ``wall`` plus the same seconds, so
    both move together when the test calls :meth:`advance`. Like the system clock, ``now()`` is
    in the process's local zone (``TZ``, see :func:`local_zone`) unless a ``tz`` is given.
    """

    def __init__(
        self,
        start: float = 1000.0,
        wall: datetime | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.t = start
        self._start = start
        wall = wall or datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
        if wall.tzinfo is None:
            raise ValueError("FakeClock needs an aware wall time")
        self._wall = wall
        self._tz = tz

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        moment = self._wall + timedelta(seconds=self.t - self._start)
        return moment.astimezone(self._tz)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self.t += seconds
