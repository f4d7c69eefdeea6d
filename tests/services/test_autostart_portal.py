"""Inside Flatpak, starting with the desktop goes through the Background portal.

A private session bus stands in for the desktop's; on it a small stand-in portal answers
``RequestBackground`` the way xdg-desktop-portal does (a request handle, then a ``Response``
signal on it), and ``dbus-monitor`` shows exactly what the app asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from breathingroom import APP_ID

PORTAL = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusVirtualObject

app = QCoreApplication([])
bus = QDBusConnection.sessionBus()
answer = int(sys.argv[1])  # 0: allowed, 1: the person said no


class Portal(QDBusVirtualObject):
    def introspect(self, path):
        return ""

    def handleMessage(self, message, connection):
        if message.member() != "RequestBackground":
            return False
        # PySide6 cannot read an a{sv} argument: the app's token is the one it always uses.
        sender = message.service()[1:].replace(".", "_")
        token = sys.argv[2]
        handle = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
        connection.send(message.createReply([QDBusObjectPath(handle)]))
        response = QDBusMessage.createSignal(handle, "org.freedesktop.portal.Request", "Response")
        response.setArguments([answer, {}])
        connection.send(response)
        return True


portal = Portal()
assert bus.registerVirtualObject("/org/freedesktop/portal/desktop", portal)
assert bus.registerService("org.freedesktop.portal.Desktop")
print("ready", flush=True)
app.exec()
"""

APP = """
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from breathingroom.services import autostart
entry = autostart.for_platform("linux")
print("backend", type(entry).__name__)
said = []
loop = QEventLoop()
entry.on_answer(lambda text: (said.append(text), loop.quit()))
for on in (True, False):
    entry.enable(autostart.start_command()) if on else entry.disable()
    print("asking", on, entry.enabled())
    QTimer.singleShot(10000, loop.quit)
    loop.exec()
    print("answered", on, entry.enabled(), said[-1] if said else None)
"""


@pytest.fixture
def bus() -> Iterator[str]:
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)
        if daemon.stdout is not None:
            daemon.stdout.close()


def run_with_portal(bus: str, answer: int, tmp_path: Path) -> tuple[str, str]:
    from breathingroom.services.autostart import PORTAL_TOKEN

    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "QT_QPA_PLATFORM": "offscreen",
        "FLATPAK_ID": APP_ID,
        "XDG_CONFIG_HOME": str(tmp_path / "sandbox-config"),
    }
    portal = subprocess.Popen(
        [sys.executable, "-c", PORTAL, str(answer), PORTAL_TOKEN],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    monitor = subprocess.Popen(
        ["dbus-monitor", "--address", bus],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert portal.stdout is not None and portal.stdout.readline().strip() == "ready"
        assert monitor.stdout is not None
        for line in monitor.stdout:  # it gives up its name once it has become a monitor
            if "member=NameLost" in line:
                break
        result = subprocess.run(
            [sys.executable, "-c", APP], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
    finally:
        for proc in (monitor, portal):
            proc.terminate()
            proc.wait(timeout=5)
        assert monitor.stdout is not None and portal.stdout is not None
        asked = monitor.stdout.read()
        monitor.stdout.close()
        portal.stdout.close()
    return result.stdout, asked


def test_the_portal_is_asked_to_start_the_app_at_login_and_its_yes_is_shown(
    bus: str, tmp_path: Path
) -> None:
    out, asked = run_with_portal(bus, 0, tmp_path)
    assert "backend PortalAutostart" in out
    assert "answered True True" in out  # allowed: the toggle reads on
    assert "answered False False" in out  # and off again
    assert asked.count("member=RequestBackground") == 2
    first, second = asked.split("member=RequestBackground")[1:]
    squeeze = " ".join(first.split())
    assert 'string "autostart" variant boolean true' in squeeze
    assert 'string "commandline" variant array [ string "breathing-room" string "tray" ]' in squeeze
    assert 'string "autostart" variant boolean false' in " ".join(second.split())
    # Nothing was written into the sandbox's own autostart folder, which no session reads.
    assert not (tmp_path / "sandbox-config" / "autostart").exists()


def test_when_the_person_says_no_the_toggle_stays_off_and_says_why(
    bus: str, tmp_path: Path
) -> None:
    out, _ = run_with_portal(bus, 1, tmp_path)
    assert "asking True True" in out  # shown as asked while the desktop asks the person
    line = next(x for x in out.splitlines() if x.startswith("answered True"))
    assert line.startswith("answered True False")
    assert "did not allow" in line


def test_without_a_portal_it_says_so_in_one_line(bus: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "QT_QPA_PLATFORM": "offscreen",
        "FLATPAK_ID": APP_ID,
    }
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from breathingroom.services import autostart\n"
        "entry = autostart.for_platform('linux')\n"
        "try:\n"
        "    entry.enable(['breathing-room', 'tray'])\n"
        "except OSError as exc:\n"
        "    print('said', exc.strerror)\n"
        "print('enabled', entry.enabled())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert "said " in result.stdout and "portal" in result.stdout, result.stderr
    assert "enabled False" in result.stdout
