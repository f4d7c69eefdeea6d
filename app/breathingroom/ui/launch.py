"""The first moments of ``breathing-room``: hand off to a running copy, or put the icon up.

Only what the tray icon needs is imported here, so the icon docks as fast as a bare Qt tray
app's. Everything else (menus, the local server, settings) is built in ``ui.app`` right after.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from breathingroom import APP_ID
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.services import paths as paths_mod
from breathingroom.services.instance_client import (
    UnsafeRuntimeFolder,
    send_to_running,
    socket_path,
)

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

#: How long a second invocation waits for a copy that holds the lock but is still starting.
HANDOFF_WAIT = 8.0
#: How long a second invocation waits for the running copy's answer.
HANDOFF_REPLY_WAIT = 15.0
#: How long a start from the desktop's autostart (``tray``) waits for the tray host, which may
#: come up after the app at login, and how often it looks.
TRAY_WAIT_MS = 30_000
TRAY_LOOK_MS = 500


def wait_for_tray(
    timeout_ms: int = TRAY_WAIT_MS,
    every_ms: int = TRAY_LOOK_MS,
    stop: SignalInstance | None = None,
) -> bool:
    """Whether a system tray is there, waiting up to ``timeout_ms`` for one to appear, or
    until ``stop`` is emitted (someone asked for the app meanwhile: no more waiting).

    Qt has no signal for a tray host appearing, so a timer looks every ``every_ms`` while the
    event loop runs (nothing is blocked, nothing spins)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QSystemTrayIcon

    if QSystemTrayIcon.isSystemTrayAvailable():
        return True
    loop = QEventLoop()

    def look_again() -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            loop.quit()

    look = QTimer()
    look.setInterval(every_ms)
    look.timeout.connect(look_again)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    if stop is not None:
        stop.connect(loop.quit)
    look.start()
    give_up.start(timeout_ms)
    loop.exec()
    if stop is not None:
        stop.disconnect(loop.quit)
    look.stop()
    give_up.stop()
    return QSystemTrayIcon.isSystemTrayAvailable()


def _hand_off(request: dict[str, Any], paths: paths_mod.Paths) -> int | None:
    """Give ``request`` to a running copy; an exit status, or None if none answers."""
    # The app answers once it has acted (a first window may take a few seconds to build), so
    # wait long enough that a slow answer is not mistaken for none and the request sent twice.
    reply = send_to_running(request, paths, timeout=HANDOFF_REPLY_WAIT)
    if reply is None:
        return None
    if reply.get("ok"):
        return 0
    print(f"breathing-room: the running app refused: {reply.get('error')}", file=sys.stderr)
    return 1


def run(request: dict[str, Any], clock: Clock = SYSTEM_CLOCK) -> int:
    """Become the app, or hand ``request`` to the copy already running."""
    paths = paths_mod.current()
    try:
        socket_path(paths)
    except UnsafeRuntimeFolder as exc:
        print(f"breathing-room: the app cannot talk to other copies safely: {exc}", file=sys.stderr)
        return 1
    status = _hand_off(request, paths)
    if status is not None:
        return status

    from breathingroom.services.instance_lock import InstanceLock, LockUnavailable

    try:
        lock = InstanceLock(paths)
        held = lock.acquire()
    except LockUnavailable:
        print(
            f"breathing-room: the data folder {paths.data_dir} cannot be written, so the app "
            "cannot start; check that the disk is not read-only or full",
            file=sys.stderr,
        )
        return 1
    if not held:
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

    from breathingroom.services.display import display_problem

    problem = display_problem()
    if problem is not None:
        lock.release()
        print(f"breathing-room: {problem}", file=sys.stderr)
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
    server = None
    if not tray_available and request.get("cmd") == "tray":
        # Started at login, perhaps before the panel: the icon is what was asked for, so give
        # the tray host time to come up before falling back to the home window. Meanwhile
        # listen, holding what other invocations ask: one that comes (a click on the launcher)
        # ends the wait and is carried out once the app is built.
        from breathingroom.services.instance import InstanceServer

        server = InstanceServer(paths)
        server.hold()
        server.listen()
        tray_available = wait_for_tray(stop=server.waiting)
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
        return start(app, request, tray_available, early_icon, clock, early_sos, server)
    finally:
        lock.release()
