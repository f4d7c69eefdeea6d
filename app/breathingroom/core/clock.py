"""The one source of time in the app.

Everything that needs to know the time is handed a :class:`Clock`: the pacer and the audio
service read its monotonic seconds (which never jump), the journal, backups and settings read its
local ``now()``. Only :class:`SystemClock` reads the operating system's clocks; tests hand in a
fake one and move it by hand, so no test waits for real time to pass.

``now()`` is always timezone-aware and carries the offset that the computer's time zone has at
that instant (``+02:00`` in a Berlin summer, ``+01:00`` in its winter), so an evening session is
stored, exported and drawn on the day it happened.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes back, unaffected by clock changes."""
        ...

    def now(self) -> datetime:
        """The local date and time, aware, with the zone's offset at this instant."""
        ...


class SystemClock:
    """The operating system's clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


#: The clock of a running app; a default for code that runs outside it (the command line).
SYSTEM_CLOCK: Clock = SystemClock()
