"""Hear when the computer wakes from sleep: logind's ``PrepareForSleep(false)`` on the system bus.

On Linux the monotonic clock stands still while the computer sleeps, so a sleep is not seen as
a long step of time; the break schedule learns of it here instead and starts its count again.
Where there is no system bus or no logind (a container, another platform), :meth:`SleepWatcher.
start` returns False and nothing is heard; the long-step rule in ``core.breaks`` still covers
platforms whose monotonic clock runs on during sleep.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.login1"
PATH = "/org/freedesktop/login1"
INTERFACE = "org.freedesktop.login1.Manager"


class SleepWatcher(QObject):
    #: The computer has just woken up.
    woke = Signal()

    def start(self, service: str = SERVICE) -> bool:
        """Listen on the system bus; False when there is nobody to listen to.

        ``service`` is whose signal counts (a test passes "" to hear any sender)."""
        from PySide6.QtDBus import QDBusConnection

        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return False
        # PySide6 takes the SLOT() text as str here, though its stubs say bytes.
        ok = bus.connect(  # type: ignore[call-overload]
            service, PATH, INTERFACE, "PrepareForSleep", self, "1prepare_for_sleep(bool)"
        )
        if not ok:
            log.info("not told about sleep: %s", bus.lastError().message())
        return bool(ok)

    @Slot(bool)
    def prepare_for_sleep(self, going: bool) -> None:
        if not going:
            self.woke.emit()
