"""Waking from sleep is heard on the system bus: a private bus stands in for logind's."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import subprocess, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from breathingroom.services.sleep import SleepWatcher
watcher = SleepWatcher()
heard = []
loop = QEventLoop()
watcher.woke.connect(lambda: (heard.append("woke"), loop.quit()))
print("listening", watcher.start(""))
for going in ("true", "false"):
    subprocess.run(
        ["dbus-send", "--bus=" + sys.argv[1], "--type=signal", "/org/freedesktop/login1",
         "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:" + going],
        check=True,
    )
QTimer.singleShot(10000, loop.quit)
loop.exec()
print("heard", heard)
"""


def test_prepare_for_sleep_false_is_a_wake_up() -> None:
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, address],
            env={**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "listening True" in result.stdout, result.stderr
        assert "heard ['woke']" in result.stdout  # once: going to sleep is not a wake-up
    finally:
        bus.terminate()
        bus.wait(timeout=5)
        if bus.stdout is not None:
            bus.stdout.close()
