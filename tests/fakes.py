"""Fakes shared by the tests: one clock that moves only when a test moves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


class FakeClock:
    """A :class:`breathingroom.core.clock.Clock` whose time a test sets.

    ``monotonic()`` starts at ``start`` seconds; ``now()`` is ``wall`` (in ``tz``, UTC unless given)
    plus the same seconds, so both move together when the test calls :meth:`advance`.
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
        return moment.astimezone(self._tz) if self._tz is not None else moment

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self.t += seconds
