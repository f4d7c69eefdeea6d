"""The first moments of ``breathing-room``: hand off to a running copy, or put the icon up.

Only what the tray icon needs is imported here, so the icon docks as fast as a bare Qt tray
app's. Everything else (menus, the local server, settings) is built in ``ui.app`` right after.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from breathingroom import APP_ID
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.services import paths as paths_mod
from breathingroom.services.instance_client import send_to_running

#: How long a second invocation waits for a copy that holds the lock but is still starting.
HANDOFF_WAIT = 8.0


def _hand_off(request: dict[str, Any], paths: paths_mod.Paths) -> int | None:
    """Give ``request`` to a running copy; an exit status, or None if none answers."""
    reply = send_to_running(request, paths)
    if reply is None:
        return None
    if reply.get("ok"):
        return 0
    print(f"breathing-room: the running app refused: {reply.get('error')}", file=sys.stderr)
    return 1


def run(request: dict[str, Any], clock: Clock = SYSTEM_CLOCK) -> int:
    """Become the app, or hand ``request`` to the copy already running."""
    paths = paths_mod.current()
    status = _hand_off(request, paths)
    if status is not None:
        return status

    from breathingroom.services.instance_lock import InstanceLock

    lock = InstanceLock(paths)
    if not lock.acquire():
        # Another copy holds the lock: it may still be starting, so give it a moment.
        deadline = clock.monotonic() + HANDOFF_WAIT
        while clock.monotonic() < deadline:
            status = _hand_off(request, paths)
            if status is not None:
                return status
            if lock.acquire():
                break
            time.sleep(0.1)
        else:
            print(
                "breathing-room: another copy is running but does not answer; "
                f"if it is stuck, end it and remove {paths.lock_file}",
                file=sys.stderr,
            )
            return 1

    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from breathingroom.ui import resources

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Breathing Room")
    app.setDesktopFileName(APP_ID)  # the Wayland app id: the desktop file's name
    tray_available = QSystemTrayIcon.isSystemTrayAvailable()
    app.setQuitOnLastWindowClosed(not tray_available)
    early_sos = None
    if request.get("cmd") == "sos" and request.get("distress") is None:
        # Started by the SOS key with nothing running: its question comes before anything else.
        from breathingroom.ui.grounding.sos import SosWindow

        early_sos = SosWindow()
        early_sos.ask()
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    early_icon = None
    if tray_available:
        # Put the icon up first, so it docks while the rest is built; its menu follows at once.
        early_icon = QSystemTrayIcon(QIcon(resources.path("icons", "breathing-room.svg")))
        early_icon.setToolTip("Breathing Room")
        early_icon.show()
        # Send the icon to the tray now, but leave clicks queued until their handlers exist.
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    from breathingroom.ui.app import start

    try:
        return start(app, request, tray_available, early_icon, clock, early_sos)
    finally:
        lock.release()
