"""A start from the desktop's autostart waits for the tray host, and gives up in the end."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from breathingroom.ui.launch import wait_for_tray


def test_with_no_tray_host_ever_the_wait_ends_with_no_tray_and_the_loop_ran(qapp) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray host
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))  # the event loop is not blocked meanwhile
    assert wait_for_tray(timeout_ms=300, every_ms=50) is False
    assert ran == [True]
