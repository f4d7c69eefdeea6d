"""Ties the audio service to the breathing run in progress.

``SoundControl`` starts the sound with a run, pauses, resumes and re-syncs it with the run's clock,
and stops it when the run ends. None of these waits: the service opens and closes streams on its
own audio thread, and tells this object through a queued signal when it has news (the stream
runs, so a fresh run's clock starts; a device is missing or lost), which is then drained on the
GUI thread; a timer that runs only while a run has sound drains it too. Trouble (no PortAudio, no
device, a device lost mid-session) is reported once through ``trouble``; the picture goes on
regardless. ``services.audio`` (and numpy with it) is imported on the first session with sound,
never at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.patterns import Pattern, Phase, PhaseKind
from breathingroom.core.session import Status
from breathingroom.core.sound import SoundChoice
from breathingroom.ui.pacer.run import BreathingRun

if TYPE_CHECKING:
    from breathingroom.services.audio import AudioEvent  # numpy: loaded with the first sound

log = logging.getLogger(__name__)

#: One soft note: what plays between the steps of a grounding exercise.
STEP_CHIME = Pattern("step-chime", "Step", (Phase(PhaseKind.EXHALE, 1.5),))

#: How often audio events are drained while a session has sound.
POLL_MS = 250


class AudioOutput(Protocol):
    """What sound control needs from an audio service (``services.audio.AudioService``)."""

    #: Why there is no sound, when there is none.
    message: str
    #: Called from the service's own thread when it has news for :meth:`poll_events`.
    notify: Callable[[], None] | None

    def check(self) -> tuple[bool, str]: ...

    def start(
        self,
        session: Session,
        mode: SoundChoice,
        volume: float,
        clock: SessionClock,
        *,
        restart_clock: bool = False,
    ) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> bool: ...

    def sync(self) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...

    def poll_events(self) -> list[AudioEvent]: ...


def _default_service() -> AudioOutput:
    from breathingroom.services.audio import AudioService

    return AudioService()


class SoundControl(QObject):
    #: A message for the user: why there is no sound, or that it stopped.
    trouble = Signal(str)
    #: Whether sound can play, as last learned (for the Sound menus).
    availability = Signal(bool, str)
    #: The run whose sound failed mid-session (the device went away, or none was found).
    lost = Signal(object)
    #: Emitted from the audio thread when the service has news; queued to this object's thread.
    _news = Signal()

    def __init__(
        self,
        factory: Callable[[], AudioOutput] = _default_service,
        parent: QObject | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._factory = factory
        self._clock = clock
        self._service: AudioOutput | None = None
        self._run: BreathingRun | None = None
        self.mode: SoundChoice = "off"
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._news.connect(self.poll, Qt.ConnectionType.QueuedConnection)

    @property
    def service(self) -> AudioOutput:
        if self._service is None:
            service = self._factory()
            service.notify = self._news.emit
            self._service = service
        return self._service

    @property
    def playing_run(self) -> BreathingRun | None:
        return self._run

    def probe(self) -> tuple[bool, str]:
        """Can sound play now? Loads the audio stack if needed (only when a menu opens)."""
        ok, message = self.service.check()
        self.availability.emit(ok, message)
        return ok, message

    def play(self, run: BreathingRun, mode: SoundChoice, volume: int, fresh: bool = True) -> bool:
        """Give ``run`` sound in ``mode``; False (and one ``trouble`` message) if it cannot.

        For a ``fresh`` run the clock stands at 0 until the stream runs, then restarts at the
        instant its first sample is heard, so the first breath and its sound begin together; a
        run already under way keeps its time. False only when the lack of sound is already
        known; what the audio thread finds later comes through ``trouble`` and ``lost``.
        """
        self.detach()
        if mode == "off" or not run.active:
            return True
        service = self.service
        if not service.start(run.session, mode, volume, run.clock, restart_clock=fresh):
            self.availability.emit(False, service.message)
            self.trouble.emit(service.message)
            return False
        self.availability.emit(True, "")
        self._run, self.mode = run, mode
        run.status_changed.connect(self._run_status)
        run.restarted.connect(self._restarted)
        if run.status is Status.PAUSED:
            service.pause()
        self._poll.start()
        return True

    def chime(self, volume: int) -> None:
        """One soft chime (between the steps of an exercise), unless a session has sound."""
        if self._run is not None:
            return
        service = self.service
        session = Session.for_cycles(STEP_CHIME, 1)
        # A chime that cannot play is not worth a notice at every step: the Sound menu says so.
        service.start(session, "chimes", volume, SessionClock(self._clock))

    def set_volume(self, volume: int) -> None:
        if self._service is not None:
            self._service.set_volume(volume)

    def detach(self) -> None:
        """Stop the sound and forget the run."""
        self._forget_run()
        if self._service is not None:
            self._service.stop()
            self._drain()

    def close(self) -> None:
        self.detach()
        if self._service is not None:
            self._service.close()
            self._service.notify = None

    def poll(self) -> None:
        for event in self._drain():
            if event.kind in ("lost", "unavailable"):
                self.availability.emit(False, event.message)
                if self._run is None:
                    continue  # a step chime: no session's sound was lost
                self.trouble.emit(event.message)
                run = self._forget_run()
                if run is not None:
                    self.lost.emit(run)

    def _forget_run(self) -> BreathingRun | None:
        run, self._run = self._run, None
        self.mode = "off"
        self._poll.stop()
        if run is not None:
            run.status_changed.disconnect(self._run_status)
            run.restarted.disconnect(self._restarted)
        return run

    def _drain(self) -> list[AudioEvent]:
        return list(self._service.poll_events()) if self._service is not None else []

    def _run_status(self, status: str) -> None:
        service = self.service
        if status == Status.PAUSED:
            service.pause()
            self._poll.stop()  # a paused session runs no timer
            self.poll()  # news that came before the pause (no device, say) is still told
        elif status == Status.RUNNING:
            if service.resume():
                self._poll.start()
            else:
                self.trouble.emit(service.message)
        else:
            self.detach()

    def _restarted(self) -> None:
        self.service.sync()
