"""One breathing session in progress, with or without a window: a Qt face on ``core.session``.

The rules (statuses, pause and restart, what is recorded) live in
:class:`~breathingroom.core.session.SessionRun`; this adapter gives them signals and the one
timer a session needs: a single shot at the instant it ends, so a session with no window (sound
only) still finishes and is recorded. The timer runs only while the session runs. The pacer draws
the run, the audio service plays it, the tray shows it; none of them keeps time of its own.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.pacing import BreathState, Session, SessionClock
from breathingroom.core.patterns import Pattern
from breathingroom.core.records import SessionRecord
from breathingroom.core.session import BreathingPlan, SessionRun, Status, breathing_params


class BreathingRun(QObject):
    #: The new :class:`Status` (a ``str``: "running", "paused", "finished" or "stopped").
    status_changed = Signal(str)
    #: The clock went back to zero (Restart); sound must follow.
    restarted = Signal()
    #: The session ended, finished or stopped early; carries its SessionRecord.
    ended = Signal(object)

    def __init__(
        self,
        plan: BreathingPlan,
        clock: Clock = SYSTEM_CLOCK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.session: Session = plan.pacing()
        self.model = SessionRun(
            "breathing",
            plan.pattern.id,
            self.session.duration,
            breathing_params(self.session, plan.minutes, plan.params()),
            clock,
        )
        self.model.on_status = self._status_changed
        self.model.on_restart = self.restarted.emit
        self.model.on_end = self._ended
        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._end_timer.timeout.connect(self.check)
        self._arm()

    @classmethod
    def of(
        cls,
        pattern: Pattern,
        minutes: int | None = None,
        cycles: int | None = None,
        clock: Clock = SYSTEM_CLOCK,
        parent: QObject | None = None,
    ) -> BreathingRun:
        """A silent run of ``pattern`` for ``minutes`` or ``cycles`` (5 minutes if neither)."""
        return cls(BreathingPlan.choose(pattern, minutes=minutes, cycles=cycles), clock, parent)

    # -- what it is ------------------------------------------------------------------------
    @property
    def pattern(self) -> Pattern:
        return self.plan.pattern

    @property
    def minutes(self) -> int | None:
        return self.plan.minutes

    @property
    def params(self) -> dict[str, Any]:
        return self.model.params

    @property
    def clock(self) -> SessionClock:
        return self.model.clock

    @property
    def status(self) -> Status:
        return self.model.status

    @property
    def started_at(self) -> datetime:
        return self.model.started_at

    @property
    def active(self) -> bool:
        return self.model.active

    @property
    def audio_only(self) -> bool:
        return self.plan.audio_only

    def state(self) -> BreathState:
        return self.session.state_at(self.clock.elapsed())

    def describe(self) -> str:
        """A few words for the tray's tooltip."""
        word = "Breathing" if self.status is Status.RUNNING else "Paused"
        only = " (sound only)" if self.audio_only else ""
        return f"{word}: {self.pattern.name}{only}"

    # -- control ---------------------------------------------------------------------------
    def pause(self) -> None:
        self.model.pause()

    def resume(self) -> None:
        self.model.resume()

    def toggle_pause(self) -> None:
        self.model.toggle_pause()

    def restart(self) -> None:
        """Start the same session again from its first breath."""
        self.model.restart()
        self._arm()

    def stop(self) -> None:
        """End early (Stop, Esc, Quit); recorded as not completed."""
        self.model.stop()

    def check(self) -> None:
        """Finish the session if its time is up (called by the end timer and the pacer)."""
        ended = self.model.check()
        if not ended and self.status is Status.RUNNING and not self._end_timer.isActive():
            self._arm()

    def set_distress_before(self, value: int) -> None:
        self.model.distress_before = value

    # -- inside ----------------------------------------------------------------------------
    def _arm(self) -> None:
        remaining = self.model.remaining()
        if self.status is Status.RUNNING and remaining is not None:
            self._end_timer.start(max(0, math.ceil(remaining * 1000)))
        else:
            self._end_timer.stop()

    def _status_changed(self, status: Status) -> None:
        self._arm()
        self.status_changed.emit(status)

    def _ended(self, record: SessionRecord) -> None:
        self.ended.emit(record)
