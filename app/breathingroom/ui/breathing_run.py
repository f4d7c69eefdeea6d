"""One breathing session in progress, with or without a window.

A ``BreathingRun`` owns the session, its clock and its status. The pacer window draws it, the
audio service plays it, the tray shows it; none of them keeps time of its own. The only timer
here is a single shot at the instant the session ends, so a session with no window (sound only)
still finishes and is recorded; it runs only while the session runs.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.pacing import BreathState, Session, SessionClock
from breathingroom.core.patterns import Pattern
from breathingroom.core.records import SessionRecord

#: A session stopped before this many seconds is not worth a journal entry.
MIN_RECORDED_SECONDS = 1.0


class BreathingRun(QObject):
    #: "running", "paused", "finished" or "stopped".
    status_changed = Signal(str)
    #: The clock went back to zero (Restart); sound must follow.
    restarted = Signal()
    #: The session ended, finished or stopped early; carries its SessionRecord.
    ended = Signal(object)

    def __init__(
        self,
        pattern: Pattern,
        minutes: int | None = None,
        cycles: int | None = None,
        params: dict[str, Any] | None = None,
        clock: Clock = SYSTEM_CLOCK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if cycles is not None:
            self.session = Session.for_cycles(pattern, cycles)
            self.minutes: int | None = None
        else:
            self.session = Session.for_minutes(pattern, minutes or 5)
            self.minutes = minutes or 5
        self.params: dict[str, Any] = dict(params or {})
        self.clock = SessionClock(clock)
        self._wall = clock.now
        self.started_at = clock.now()
        self.status = "running"
        #: The distress rating given as the session started, if any.
        self.distress_before: int | None = None
        self._end_timer = QTimer(self)
        self._end_timer.setSingleShot(True)
        self._end_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._end_timer.timeout.connect(self.check)
        self._arm()

    @property
    def pattern(self) -> Pattern:
        return self.session.pattern

    @property
    def active(self) -> bool:
        return self.status in ("running", "paused")

    def state(self) -> BreathState:
        return self.session.state_at(self.clock.elapsed())

    # -- control ---------------------------------------------------------------------------
    def pause(self) -> None:
        if self.status == "running":
            self.clock.pause()
            self._end_timer.stop()
            self._set_status("paused")

    def resume(self) -> None:
        if self.status == "paused":
            self.clock.resume()
            self._set_status("running")
            self._arm()

    def toggle_pause(self) -> None:
        if self.status == "running":
            self.pause()
        elif self.status == "paused":
            self.resume()

    def restart(self) -> None:
        """Start the same session again from its first breath."""
        if self.status in ("finished", "stopped"):
            return
        self.clock.restart()
        if self.clock.paused:
            self.clock.resume()
        self.started_at = self._wall()
        self._set_status("running")
        self.restarted.emit()
        self._arm()

    def stop(self) -> None:
        """End early (Stop, Esc, Quit); recorded as not completed."""
        if self.active:
            self._end(completed=False)

    def check(self) -> None:
        """Finish the session if its time is up (called by the end timer and the pacer)."""
        if self.status == "running" and self.state().finished:
            self._end(completed=True)
        elif self.status == "running" and not self._end_timer.isActive():
            self._arm()

    # -- inside ----------------------------------------------------------------------------
    def _arm(self) -> None:
        remaining = self.session.duration - self.clock.elapsed()
        self._end_timer.start(max(0, math.ceil(remaining * 1000)))

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _end(self, completed: bool) -> None:
        elapsed = min(self.clock.elapsed(), self.session.duration)
        self._end_timer.stop()
        self._set_status("finished" if completed else "stopped")
        session = self.session
        params: dict[str, Any] = {
            "phases": [[p.kind.value, p.seconds] for p in session.pattern.phases],
            "cycles": session.cycles,
            **self.params,
        }
        if self.minutes is not None:
            params["minutes"] = self.minutes
        record = SessionRecord(
            kind="breathing",
            exercise=session.pattern.id,
            start=self.started_at,
            end=self._wall(),
            completed=completed,
            params=params,
            distress_before=self.distress_before,
        )
        if completed or elapsed >= MIN_RECORDED_SECONDS:
            self.ended.emit(record)

    def set_distress_before(self, value: int) -> None:
        self.distress_before = value

    def describe(self) -> str:
        """A few words for the tray's tooltip."""
        word = "Breathing" if self.status == "running" else "Paused"
        return f"{word}: {self.pattern.name}"
