"""Break invitations and check-in reminders in the running app: a Qt face on ``core.breaks``.

:class:`BreakControl` keeps a :class:`~breathingroom.core.breaks.BreakScheduler` built from the
settings, asks the desktop (idle time, full screen, do not disturb, a call) through the
``services`` backends it is handed, and wakes with one single-shot timer: at the next invitation
or after :data:`POLL_MS`, whichever is sooner. With invitations and reminders off it runs no
timer at all, so the idle app stays idle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from breathingroom.core.breaks import (
    MINUTE,
    POSTPONE_SECONDS,
    ActiveHours,
    BreakRules,
    BreakScheduler,
    Hold,
    Invitation,
    Outcome,
    ReminderSchedule,
    countdown_text,
)
from breathingroom.core.clock import Clock
from breathingroom.services.idle import IdleSource
from breathingroom.services.settings import Settings

log = logging.getLogger(__name__)

#: How often the desktop is asked about idle time and holds while invitations are on.
POLL_MS = 30_000
#: The settings this control follows.
KEYS = (
    "breaks_on",
    "break_every_minutes",
    "break_days",
    "break_from",
    "break_until",
    "break_decompress",
    "reminders_on",
    "reminder_times",
)


class BreakControl(QObject):
    #: An invitation is due: show it.
    invite = Signal(object)  # Invitation
    #: An invitation has waited :data:`POSTPONE_SECONDS` with no answer (its message is gone).
    unanswered = Signal(object)  # Invitation
    #: A check-in reminder time was reached.
    remind = Signal()
    #: Words for the tray tooltip ("Next break in about 20 min"); empty when invitations are off.
    countdown = Signal(str)

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        find_idle: Callable[[], IdleSource | None],
        holds: Callable[[], set[Hold]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self._find_idle = find_idle
        self._holds = holds
        self._idle: IdleSource | None = None
        self._idle_looked = False
        self.scheduler: BreakScheduler | None = None
        self.reminders: ReminderSchedule | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)
        settings.on_change(self._setting_changed)
        self._rebuild()

    # -- what the settings say -------------------------------------------------------------
    def rules(self) -> BreakRules:
        get = self._settings.get
        return BreakRules(
            interval=get("break_every_minutes") * MINUTE,
            hours=ActiveHours.from_settings(
                get("break_days"), get("break_from"), get("break_until")
            ),
            decompress=get("break_decompress"),
        )

    def _setting_changed(self, key: str, _value: Any) -> None:
        if key in KEYS:
            self._rebuild()

    def _rebuild(self) -> None:
        get = self._settings.get
        if get("breaks_on"):
            if self.scheduler is None:
                self.scheduler = BreakScheduler(self.rules(), self._clock)
            else:  # a changed setting keeps the count and a pause
                self.scheduler.rules = self.rules()
        else:
            self.scheduler = None
        self.reminders = (
            ReminderSchedule(get("reminder_times"), self._clock) if get("reminders_on") else None
        )
        self._arm()

    # -- asking the desktop ----------------------------------------------------------------
    @property
    def idle_source(self) -> IdleSource | None:
        """Where idle time comes from (looked for once, on first need); None: elapsed time."""
        if not self._idle_looked:
            self._idle_looked = True
            try:
                self._idle = self._find_idle()
            except Exception as exc:  # a desktop that answers oddly must not stop the app
                log.warning("no idle time: %s", exc)
                self._idle = None
        return self._idle

    def idle_description(self) -> str:
        source = self.idle_source
        if source is None:
            return (
                "No idle time is available here, so invitations follow plain elapsed time "
                "(time away from the computer is not noticed)."
            )
        return f"Time away from keyboard and mouse is noticed through {source.name}."

    def tick(self) -> None:
        """Ask the desktop, update the schedule, show what is due, and sleep until the next."""
        scheduler = self.scheduler
        if scheduler is not None:
            source = self.idle_source
            idle = source.idle_seconds() if source is not None else None
            try:
                holds = self._holds()
            except Exception as exc:
                log.warning("could not check what holds invitations back: %s", exc)
                holds = set()
            waiting = scheduler.open
            if waiting is not None and scheduler.open_for() >= POSTPONE_SECONDS:
                self.unanswered.emit(waiting)
            invitation = scheduler.update(idle, holds)
            if invitation is not None:
                self.invite.emit(invitation)
        if self.reminders is not None and self.reminders.due():
            self.remind.emit()
        self._arm()

    def _arm(self) -> None:
        waits: list[float] = []
        scheduler = self.scheduler
        if scheduler is not None:
            waits.append(POLL_MS / 1000)
            ahead = scheduler.seconds_to_next()
            if ahead is not None and ahead > 0:
                waits.append(ahead)
        if self.reminders is not None:
            ahead = self.reminders.seconds_to_next()
            waits.append(min(ahead, POLL_MS / 1000) if ahead is not None else POLL_MS / 1000)
        if waits:
            self._timer.start(max(250, int(min(waits) * 1000) + 50))
        else:
            self._timer.stop()
        self.countdown.emit(self.countdown_text())

    # -- the person ------------------------------------------------------------------------
    def woke(self) -> None:
        """The computer woke from sleep: start the count again and look at once."""
        if self.scheduler is not None:
            self.scheduler.woke()
        self.tick()

    def answer(self, outcome: Outcome) -> None:
        if self.scheduler is not None:
            self.scheduler.answer(outcome)
        self._arm()

    def pause(self, minutes: int | None) -> None:
        """Pause invitations for ``minutes``, or (None) until tomorrow."""
        if self.scheduler is not None:
            self.scheduler.pause(None if minutes is None else minutes * MINUTE)
        self._arm()

    def resume(self) -> None:
        if self.scheduler is not None:
            self.scheduler.resume()
        self._arm()

    def countdown_text(self) -> str:
        scheduler = self.scheduler
        if scheduler is None:
            return ""
        return countdown_text(scheduler.seconds_to_next(), scheduler.paused)

    def status(self) -> dict[str, Any]:
        """What ``breathing-room status`` prints."""
        scheduler = self.scheduler
        if scheduler is None:
            return {"invitations": "off"}
        ahead = scheduler.seconds_to_next()
        return {
            "invitations": "paused" if scheduler.paused else "on",
            "next_in_seconds": None if ahead is None else round(ahead),
            "paused_for_seconds": (
                None if scheduler.paused_for() is None else round(scheduler.paused_for() or 0)
            ),
            "held_by": sorted(str(h) for h in scheduler.holds),
            "idle_source": self.idle_source.name if self.idle_source is not None else None,
        }

    def stop(self) -> None:
        self._timer.stop()


def invitation_record_params(invitation: Invitation, outcome: Outcome) -> dict[str, Any]:
    params: dict[str, Any] = {"outcome": str(outcome), "invitation": str(invitation.kind)}
    if invitation.call_minutes:
        params["call_minutes"] = invitation.call_minutes
    return params
