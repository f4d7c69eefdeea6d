"""Break invitations and check-in reminders on a schedule, with no Qt.

:class:`BreakScheduler` counts *active use*: the running seconds of the injected clock's
``monotonic()`` while the person is at the computer. Its owner calls :meth:`BreakScheduler.update`
now and then with what the desktop says (idle seconds, if anyone answers; whether something asks
to hold back) and gets an :class:`Invitation` when one is due:

- every ``interval`` seconds of active use, one invitation; nothing new while it is open;
- idle for ``idle_reset`` seconds or more (no keyboard or mouse) is a natural break: the count
  starts again, and idle time does not count;
- "In 10 min" (:meth:`postpone`) asks again after that many running seconds; "Skip" and a break
  taken start the count again;
- a hold (full screen, do not disturb, a call) keeps a due invitation back until it ends;
- after a call of ``long_call`` seconds or more, a short decompression is offered instead;
- outside the active hours and days nothing is counted or offered; a pause offers nothing until
  it ends (an hour of running time, or the next morning by the wall clock).

Intervals are monotonic only, so a change of the wall clock never fires a burst nor loses the
count (it only moves the active hours). A step of the monotonic clock longer than
``max_step`` (a suspend on a platform whose monotonic clock counts sleep, or a stalled process)
is taken as time away: it counts as idle, never as use, so waking up never fires a burst.

:class:`ReminderSchedule` rings check-in reminders at chosen wall-clock times, once a day each.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from breathingroom.core.clock import Clock
from breathingroom.core.records import SessionRecord

MINUTE = 60.0
#: "In 10 min".
POSTPONE_SECONDS = 10 * MINUTE
#: No keyboard or mouse for this long is a break of its own.
IDLE_RESET_SECONDS = 5 * MINUTE
#: A call at least this long earns a decompression offer.
LONG_CALL_SECONDS = 20 * MINUTE
#: A step of the clock longer than this between two updates is time away, not use.
MAX_STEP_SECONDS = 2 * MINUTE
#: A reminder missed by more than this (the computer was off) is not rung late.
REMINDER_GRACE = timedelta(hours=2)


class Hold(enum.StrEnum):
    """Why a due invitation waits."""

    FULL_SCREEN = "full screen"
    DO_NOT_DISTURB = "do not disturb"
    CALL = "call"


class Kind(enum.StrEnum):
    BREAK = "break"
    DECOMPRESS = "decompress"


class Outcome(enum.StrEnum):
    TAKEN = "taken"
    POSTPONED = "postponed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Invitation:
    kind: Kind
    #: Local time the invitation was made, for its record.
    at: datetime
    #: Minutes the call lasted, for a decompression offer.
    call_minutes: int = 0

    @property
    def text(self) -> str:
        if self.kind is Kind.DECOMPRESS:
            return "That was a long call. Two minutes to land?"
        return "Time for a short breathing break?"


def parse_hhmm(text: str) -> time:
    """``"09:30"`` as a time; ``"24:00"`` is the end of the day. Raises ValueError."""
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"a time is written HH:MM (got {text!r})")
    h, m = int(hours), int(minutes)
    if (h, m) == (24, 0):
        return time.max
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"no such time of day: {text!r}")
    return time(h, m)


def is_hhmm(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse_hhmm(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ActiveHours:
    """When invitations may come: days (0 = Monday) and a span of the day (may cross midnight)."""

    days: frozenset[int] = frozenset(range(7))
    start: time = time.min
    end: time = time.max

    def contains(self, moment: datetime) -> bool:
        clock = moment.timetz().replace(tzinfo=None)
        if self.start <= self.end:
            return moment.weekday() in self.days and self.start <= clock < self.end
        # Across midnight: the evening belongs to its day, the small hours to the day before.
        if clock >= self.start:
            return moment.weekday() in self.days
        return clock < self.end and (moment.weekday() - 1) % 7 in self.days

    @classmethod
    def from_settings(cls, days: Iterable[int], start: str, end: str) -> ActiveHours:
        return cls(frozenset(days), parse_hhmm(start), parse_hhmm(end))


@dataclass(frozen=True)
class BreakRules:
    interval: float = 60 * MINUTE
    hours: ActiveHours = field(default_factory=ActiveHours)
    idle_reset: float = IDLE_RESET_SECONDS
    long_call: float = LONG_CALL_SECONDS
    decompress: bool = True
    max_step: float = MAX_STEP_SECONDS


class BreakScheduler:
    """When to invite a break; see the module docstring for the rules."""

    def __init__(self, rules: BreakRules, clock: Clock) -> None:
        self.rules = rules
        self._clock = clock
        self._last = clock.monotonic()
        #: Seconds of active use counted towards the next invitation.
        self.active = 0.0
        self._postponed_until: float | None = None
        self._paused_until: float | None = None
        self._paused_until_day: date | None = None
        self._call_started: float | None = None
        self._decompress_due: int = 0
        #: The invitation waiting for an answer, if any, and when it was made (monotonic).
        self.open: Invitation | None = None
        self._opened = 0.0
        #: What holds the invitation back now (empty: nothing).
        self.holds: frozenset[Hold] = frozenset()
        #: Idle seconds at the last update; None when no idle source answers.
        self.idle: float | None = None

    # -- the owner tells -------------------------------------------------------------------
    def update(self, idle: float | None = None, holds: Iterable[Hold] = ()) -> Invitation | None:
        """Count the time since the last update; an invitation if one is due now."""
        now = self._clock.monotonic()
        step = max(0.0, now - self._last)
        self._last = now
        self.idle = idle
        self.holds = frozenset(holds)
        self._follow_call(now, Hold.CALL in self.holds)
        wall = self._clock.now()
        away = step > self.rules.max_step or (idle is not None and idle >= self.rules.idle_reset)
        if away:
            self.active = 0.0  # a natural break (or time away): start again
            if self._postponed_until is not None and self.open is None:
                self._postponed_until = None
        elif self.rules.hours.contains(wall) and not self.paused:
            self.active += step
        return self._due(now, wall)

    def _follow_call(self, now: float, in_call: bool) -> None:
        if in_call and self._call_started is None:
            self._call_started = now
        elif not in_call and self._call_started is not None:
            length = now - self._call_started
            self._call_started = None
            if self.rules.decompress and length >= self.rules.long_call:
                self._decompress_due = round(length / MINUTE)

    def _due(self, now: float, wall: datetime) -> Invitation | None:
        if self.open is not None or self.holds or self.paused:
            return None
        if not self.rules.hours.contains(wall):
            return None
        if self._decompress_due:
            self.open = Invitation(Kind.DECOMPRESS, wall, self._decompress_due)
            self._decompress_due = 0
            self._opened = now
            return self.open
        if self._postponed_until is not None:
            if now < self._postponed_until:
                return None
        elif self.active < self.rules.interval:
            return None
        self._postponed_until = None
        self.open = Invitation(Kind.BREAK, wall)
        self._opened = now
        return self.open

    # -- the person answers ----------------------------------------------------------------
    def answer(self, outcome: Outcome, postpone: float = POSTPONE_SECONDS) -> None:
        """The open invitation was taken, postponed or skipped."""
        kind = self.open.kind if self.open is not None else Kind.BREAK
        self.open = None
        if outcome is Outcome.POSTPONED:
            self._postponed_until = self._clock.monotonic() + postpone
            if kind is Kind.DECOMPRESS:
                self._postponed_until = None
                self._decompress_due = 0
        else:
            self._postponed_until = None
            self.active = 0.0

    def open_for(self) -> float:
        """Running seconds the open invitation has waited for an answer (0 with none open)."""
        return self._clock.monotonic() - self._opened if self.open is not None else 0.0

    def woke(self) -> None:
        """The computer woke from sleep: that was time away, so start the count again.

        Where the monotonic clock stands still during sleep (Linux), the owner learns of the
        sleep from the desktop and says so here; where it runs on, the long step does it.
        """
        self._last = self._clock.monotonic()
        self.active = 0.0
        if self.open is None:
            self._postponed_until = None

    def pause(self, seconds: float | None = None) -> None:
        """Offer nothing for ``seconds`` of running time, or (None) until tomorrow morning."""
        if seconds is None:
            self._paused_until_day = self._clock.now().date()
            self._paused_until = None
        else:
            self._paused_until = self._clock.monotonic() + seconds
            self._paused_until_day = None

    def resume(self) -> None:
        self._paused_until = None
        self._paused_until_day = None

    @property
    def paused(self) -> bool:
        if self._paused_until is not None:
            if self._clock.monotonic() < self._paused_until:
                return True
            self._paused_until = None
        if self._paused_until_day is not None:
            if self._clock.now().date() <= self._paused_until_day:
                return True
            self._paused_until_day = None
        return False

    def paused_for(self) -> float | None:
        """Running seconds left of a timed pause; None when not paused for a time."""
        if self.paused and self._paused_until is not None:
            return self._paused_until - self._clock.monotonic()
        return None

    def seconds_to_next(self) -> float | None:
        """Seconds of use until the next invitation; None when paused or outside the hours."""
        if self.paused or not self.rules.hours.contains(self._clock.now()):
            return None
        if self.open is not None:
            return 0.0
        if self._postponed_until is not None:
            return max(0.0, self._postponed_until - self._clock.monotonic())
        return max(0.0, self.rules.interval - self.active)


def countdown_text(seconds: float | None, paused: bool) -> str:
    """The tray tooltip's words for the next invitation."""
    if paused:
        return "Break invitations paused"
    if seconds is None:
        return "No break invitations now (outside your hours)"
    minutes = max(1, round(seconds / MINUTE))
    return f"Next break in about {minutes} min" if minutes > 1 else "Next break in a minute"


class ReminderSchedule:
    """Check-in reminders at wall-clock times, each rung at most once a day.

    A time missed by more than :data:`REMINDER_GRACE` (the computer was asleep or off) is not
    rung late, and moving the wall clock back never rings one twice.
    """

    def __init__(self, times: Iterable[str], clock: Clock) -> None:
        self.times = sorted({parse_hhmm(t) for t in times})
        self._clock = clock
        self._rung: set[tuple[date, time]] = set()
        # Times already passed when the schedule starts are not rung at once.
        now = clock.now()
        for at in self.times:
            if self._moment(now.date(), at, now) <= now:
                self._rung.add((now.date(), at))

    @staticmethod
    def _moment(day: date, at: time, now: datetime) -> datetime:
        return datetime.combine(day, at, now.tzinfo)

    def due(self) -> bool:
        """True once for each reminder time just reached today."""
        now = self._clock.now()
        ring = False
        for at in self.times:
            key = (now.date(), at)
            moment = self._moment(now.date(), at, now)
            if key not in self._rung and moment <= now:
                self._rung.add(key)
                ring = ring or now - moment <= REMINDER_GRACE
        return ring

    def seconds_to_next(self) -> float | None:
        """Wall seconds until the next reminder, None with no times."""
        if not self.times:
            return None
        now = self._clock.now()
        for day in (now.date(), now.date() + timedelta(days=1)):
            for at in self.times:
                moment = self._moment(day, at, now)
                if moment > now and (day, at) not in self._rung:
                    return (moment - now).total_seconds()
        return None


# -- breaks in the journal ---------------------------------------------------------------------
def shown_in_review(record: SessionRecord) -> bool:
    """Sessions the review shows: all but the breaks that were postponed or skipped."""
    return record.kind != "break" or record.params.get("outcome", str(Outcome.TAKEN)) == "taken"


def breaks_per_day(records: Iterable[SessionRecord]) -> dict[date, int]:
    """Breaks taken on each local day."""
    counts: dict[date, int] = {}
    for record in records:
        if record.kind == "break" and shown_in_review(record):
            day = record.start.date()
            counts[day] = counts.get(day, 0) + 1
    return counts
