"""A session's life, with no Qt: start, pause, resume, restart, finish or stop, and its record.

:class:`SessionRun` is one session in progress. It keeps time with a ``SessionClock`` (pauses
shift its origin) on the injected :class:`~breathingroom.core.clock.Clock`, knows its
:class:`Status`, applies the rules every kind of session shares, and produces the
:class:`~breathingroom.core.records.SessionRecord` the journal stores:

- It starts running. ``pause``/``resume`` only act while it runs/is paused; ``restart`` starts the
  same session from zero (and from a new start time) unless it has ended.
- It ends once: *finished* when its time is up (``check``) or its owner says so (``finish``),
  *stopped* when the user ends it early (``stop``). Nothing changes it after that.
- A session stopped within its first :data:`MIN_RECORDED_SECONDS` is not recorded: that was a
  mis-click, not a session. Every other end is recorded, finished or not.
- Start and end are the local time with the zone's offset at that instant, from ``clock.now()``.

Owners learn what happens through three optional callbacks (``on_status``, ``on_restart``,
``on_end``); the Qt adapters in ``ui`` turn them into signals. How each kind uses it:

- **Breathing** (``ui/pacer/run.py``'s ``BreathingRun``): ``duration`` is the pacing plan's length,
  so the session finishes by itself at the end of its last breath; :func:`breathing_params` is
  what it records; :class:`BreathingPlan` turns a request into the length and sound it runs with.
- **Grounding**: an exercise player makes ``SessionRun("grounding", exercise_id, duration=None)``;
  steps with a count-down and "when ready" steps are the player's business, and it calls
  ``finish()`` after the last step. Distress before and after are set as for breathing.
- **Breaks**: an invitation that is accepted makes ``SessionRun("break", kind_of_break,
  duration=seconds)``; a postponed or skipped invitation is not a session.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.limits import DEFAULT_MINUTES
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.patterns import Pattern
from breathingroom.core.records import SessionKind, SessionRecord
from breathingroom.core.sound import SOUND_ONLY_DEFAULT, SoundChoice

#: A session stopped before this many seconds is not worth a journal entry.
MIN_RECORDED_SECONDS = 1.0


class Status(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def active(self) -> bool:
        """Running or paused: the session has not ended."""
        return self in (Status.RUNNING, Status.PAUSED)


class SessionRun:
    """One session in progress; see the module docstring for its rules."""

    def __init__(
        self,
        kind: SessionKind,
        exercise: str,
        duration: float | None,
        params: dict[str, Any] | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.kind: SessionKind = kind
        self.exercise = exercise
        #: Seconds of running time after which the session is finished; None: its owner decides.
        self.duration = duration
        #: What the session ran with, stored in its record.
        self.params: dict[str, Any] = dict(params or {})
        self._clock = clock
        self.clock = SessionClock(clock)
        self.started_at = clock.now()
        self.status = Status.RUNNING
        #: The distress ratings (0-10) given as it started and as it ended, if any.
        self.distress_before: int | None = None
        self.distress_after: int | None = None
        self.on_status: Callable[[Status], None] | None = None
        self.on_restart: Callable[[], None] | None = None
        #: Called once as the session ends, with its record; not called for a mis-click.
        self.on_end: Callable[[SessionRecord], None] | None = None
        self.record: SessionRecord | None = None

    @property
    def active(self) -> bool:
        return self.status.active

    def elapsed(self) -> float:
        """Seconds of running time, pauses left out (never beyond ``duration``)."""
        elapsed = self.clock.elapsed()
        return elapsed if self.duration is None else min(elapsed, self.duration)

    def remaining(self) -> float | None:
        """Running seconds until the session finishes by itself; None for an open length."""
        if self.duration is None:
            return None
        return max(self.duration - self.clock.elapsed(), 0.0)

    # -- control ---------------------------------------------------------------------------
    def pause(self) -> None:
        if self.status is Status.RUNNING:
            self.clock.pause()
            self._set_status(Status.PAUSED)

    def resume(self) -> None:
        if self.status is Status.PAUSED:
            self.clock.resume()
            self._set_status(Status.RUNNING)

    def toggle_pause(self) -> None:
        if self.status is Status.RUNNING:
            self.pause()
        elif self.status is Status.PAUSED:
            self.resume()

    def restart(self) -> None:
        """Start the same session again from zero; an ended session stays ended."""
        if not self.active:
            return
        self.clock.restart()
        if self.clock.paused:
            self.clock.resume()
        self.started_at = self._clock.now()
        self._set_status(Status.RUNNING)
        if self.on_restart is not None:
            self.on_restart()

    def check(self) -> bool:
        """Finish the session if its time is up; True if it has ended (now or before)."""
        if self.status is Status.RUNNING:
            remaining = self.remaining()
            if remaining is not None and remaining <= 0:
                self._end(completed=True)
        return not self.active

    def finish(self) -> None:
        """The session came to its natural end (the last step of an exercise)."""
        if self.active:
            self._end(completed=True)

    def stop(self) -> None:
        """End early (Stop, Esc, Quit); recorded as not completed."""
        if self.active:
            self._end(completed=False)

    # -- inside ----------------------------------------------------------------------------
    def _set_status(self, status: Status) -> None:
        if status is not self.status:
            self.status = status
            if self.on_status is not None:
                self.on_status(status)

    def _end(self, completed: bool) -> None:
        elapsed = self.elapsed()
        self._set_status(Status.FINISHED if completed else Status.STOPPED)
        if not completed and elapsed < MIN_RECORDED_SECONDS:
            return
        self.record = SessionRecord(
            kind=self.kind,
            exercise=self.exercise,
            start=self.started_at,
            end=self._clock.now(),
            completed=completed,
            params=dict(self.params),
            distress_before=self.distress_before,
            distress_after=self.distress_after,
        )
        if self.on_end is not None:
            self.on_end(self.record)


# -- breathing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class BreathingPlan:
    """What a breathing session runs with, decided from a request and the user's settings.

    Exactly one of ``minutes`` and ``cycles`` is set. ``sound`` is never "off" for a session with
    no window: with nothing to see, there must be something to hear.
    """

    pattern: Pattern
    minutes: int | None
    cycles: int | None
    sound: SoundChoice
    volume: int
    audio_only: bool = False

    @classmethod
    def choose(
        cls,
        pattern: Pattern,
        *,
        minutes: int | None = None,
        cycles: int | None = None,
        sound: SoundChoice | None = None,
        volume: int | None = None,
        audio_only: bool = False,
        usual_minutes: int = DEFAULT_MINUTES,
        usual_sound: SoundChoice = "off",
        usual_volume: int = 60,
    ) -> BreathingPlan:
        """A length asked for wins, else the pattern's own rounds (4-7-8), else the usual one."""
        if minutes is None and cycles is None:
            if pattern.suggested_cycles:
                cycles = pattern.suggested_cycles
            else:
                minutes = usual_minutes
        if minutes is not None and cycles is not None:
            raise ValueError("a session lasts a number of minutes or of breaths, not both")
        mode = sound or usual_sound
        if audio_only and mode == "off":
            mode = SOUND_ONLY_DEFAULT
        return cls(
            pattern=pattern,
            minutes=minutes,
            cycles=cycles,
            sound=mode,
            volume=usual_volume if volume is None else volume,
            audio_only=audio_only,
        )

    def pacing(self) -> Session:
        if self.cycles is not None:
            return Session.for_cycles(self.pattern, self.cycles)
        return Session.for_minutes(self.pattern, self.minutes or DEFAULT_MINUTES)

    def params(self) -> dict[str, Any]:
        """The parameters a session records beyond its pacing (see :func:`breathing_params`)."""
        params: dict[str, Any] = {"sound": self.sound}
        if self.audio_only:
            params["audio_only"] = True
        return params


def breathing_params(
    session: Session, minutes: int | None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What a breathing session's record keeps: its phases, breaths, length and sound."""
    params: dict[str, Any] = {
        "phases": [[p.kind.value, p.seconds] for p in session.pattern.phases],
        "cycles": session.cycles,
        **(extra or {}),
    }
    if minutes is not None:
        params["minutes"] = minutes
    return params
