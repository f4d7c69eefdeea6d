"""The pacing math: where in the breath a session is at any elapsed time.

Everything here is a pure function of elapsed seconds. Nothing sums tick deltas, so a session
cannot drift however long it runs and dropped frames change nothing. Pausing is handled by
:class:`SessionClock`, which shifts the origin instead of counting.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from functools import cached_property

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.limits import DEFAULT_MINUTES, MAX_CYCLES, MAX_MINUTES, MIN_MINUTES
from breathingroom.core.patterns import Pattern, PatternError, Phase, PhaseKind

#: How full the lungs are after the first inhale of a cyclic sigh, before the top-up.
TOP_UP_FROM = 0.8


def ease(x: float) -> float:
    """Sine easing from 0 to 1: zero slope at both ends, so volume never jumps or kinks."""
    x = min(max(x, 0.0), 1.0)
    return 0.5 - 0.5 * math.cos(math.pi * x)


@dataclass(frozen=True)
class BreathState:
    """A snapshot of a session at one instant."""

    elapsed: float
    phase: Phase
    phase_index: int
    #: 0 at the start of the phase, 1 at its end.
    progress: float
    #: Seconds until the phase changes.
    phase_remaining: float
    #: Cycle number, counting from 1.
    cycle: int
    total_cycles: int
    #: How full the lungs are, 0 (empty) to 1 (full); continuous across phase changes.
    volume: float
    #: Seconds until the session ends.
    session_remaining: float
    finished: bool

    @property
    def label(self) -> str:
        return "Done" if self.finished else self.phase.kind.label

    @property
    def count(self) -> int:
        """The count-down shown under the phase word: whole seconds left, rounded up."""
        if self.finished:
            return 0
        return max(1, math.ceil(self.phase_remaining - 1e-9))


@dataclass(frozen=True)
class Session:
    """A pattern and how long to breathe with it, always a whole number of cycles."""

    pattern: Pattern
    cycles: int

    @classmethod
    def for_minutes(cls, pattern: Pattern, minutes: float = DEFAULT_MINUTES) -> Session:
        """A session of about ``minutes``: the cycle in progress at the mark is finished."""
        if not (MIN_MINUTES <= minutes <= MAX_MINUTES):
            raise PatternError(f"A session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.")
        cycles = math.ceil(minutes * 60.0 / pattern.cycle_seconds - 1e-9)
        return cls(pattern, max(1, cycles))

    @classmethod
    def for_cycles(cls, pattern: Pattern, cycles: int) -> Session:
        if not (1 <= cycles <= MAX_CYCLES):
            raise PatternError(f"A session has 1 to {MAX_CYCLES} breaths.")
        return cls(pattern, cycles)

    @property
    def duration(self) -> float:
        return self.cycles * self.pattern.cycle_seconds

    @cached_property
    def _starts(self) -> list[float]:
        starts, t = [], 0.0
        for phase in self.pattern.phases:
            starts.append(t)
            t += phase.seconds
        return starts

    @cached_property
    def _volumes(self) -> list[tuple[float, float]]:
        """Lung volume at the start and end of each phase of a cycle."""
        out: list[tuple[float, float]] = []
        phases = self.pattern.phases
        level = 0.0
        for i, phase in enumerate(phases):
            if phase.kind is PhaseKind.INHALE:
                follows_top_up = i + 1 < len(phases) and phases[i + 1].kind is PhaseKind.TOP_UP
                target = TOP_UP_FROM if follows_top_up else 1.0
            elif phase.kind is PhaseKind.TOP_UP:
                target = 1.0
            elif phase.kind is PhaseKind.EXHALE:
                target = 0.0
            else:
                target = level
            out.append((level, target))
            level = target
        return out

    def phase_starts(self) -> list[float]:
        """Seconds from the session start at which each phase of the whole session begins."""
        cycle = self.pattern.cycle_seconds
        return [c * cycle + s for c in range(self.cycles) for s in self._starts]

    def state_at(self, t: float) -> BreathState:
        """The session's state ``t`` seconds after it started (pauses excluded)."""
        cycle_len = self.pattern.cycle_seconds
        duration = self.cycles * cycle_len
        phases = self.pattern.phases
        if t >= duration:
            last = len(phases) - 1
            return BreathState(
                elapsed=duration,
                phase=phases[last],
                phase_index=last,
                progress=1.0,
                phase_remaining=0.0,
                cycle=self.cycles,
                total_cycles=self.cycles,
                volume=self._volumes[last][1],
                session_remaining=0.0,
                finished=True,
            )
        t = max(t, 0.0)
        cycle_index = min(int(t // cycle_len), self.cycles - 1)
        in_cycle = t - cycle_index * cycle_len
        index = max(bisect.bisect_right(self._starts, in_cycle) - 1, 0)
        # Zero-length phases never own an instant.
        while phases[index].seconds == 0 and index + 1 < len(phases):
            index += 1
        phase = phases[index]
        into = in_cycle - self._starts[index]
        progress = min(max(into / phase.seconds, 0.0), 1.0) if phase.seconds else 1.0
        start_level, end_level = self._volumes[index]
        volume = start_level + (end_level - start_level) * ease(progress)
        return BreathState(
            elapsed=t,
            phase=phase,
            phase_index=index,
            progress=progress,
            phase_remaining=max(phase.seconds - into, 0.0),
            cycle=cycle_index + 1,
            total_cycles=self.cycles,
            volume=volume,
            session_remaining=duration - t,
            finished=False,
        )


class SessionClock:
    """Elapsed running time of a session, from an injected monotonic clock.

    Pausing remembers the instant; resuming moves the origin forward by the pause. Elapsed time is
    always ``now - origin``, never a running sum, and never below zero: :meth:`restart_at` may put
    the origin ahead, and the session then stands at its start until that instant comes
    (``restart_at(math.inf)`` holds it there until the next restart).
    """

    def __init__(self, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock.monotonic
        self._origin = self._clock()
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock()
        return max(now - self._origin, 0.0)

    def origin(self) -> float:
        """The clock reading at which elapsed time was zero (moves with every pause)."""
        return self._origin

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._origin += self._clock() - self._paused_at
            self._paused_at = None

    def restart(self) -> None:
        self.restart_at(self._clock())

    def restart_at(self, instant: float) -> None:
        """Start again so that elapsed time is zero at ``instant`` (a reading of the clock).

        An instant still to come (when the first sample of a sound will be heard) keeps the
        session at zero until then; one already past starts it that far in. While paused, the
        time still to wait is kept for after the resume.
        """
        self._origin = instant
        if self._paused_at is not None:
            self._paused_at = self._clock()
