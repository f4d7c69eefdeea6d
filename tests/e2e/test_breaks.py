"""Break invitations in the installed app under Xvfb with trayer, on a one-minute interval."""

import json
import re
import time

import pytest

from breathingroom.services import paths
from breathingroom.services.instance_client import send_to_running
from tests.e2e.xtools import visible_windows, wait_for

pytestmark = pytest.mark.e2e

CARD = "Breathing Room: a break"


def write_settings(data_dir, **values):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"version": 1, **values}))


def geometry(display, window_id):
    out = display.run("xwininfo", "-id", window_id)
    values = dict(re.findall(r"^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)", out, re.M))
    return (
        int(values["Absolute upper-left X"]),
        int(values["Absolute upper-left Y"]),
        int(values["Width"]),
        int(values["Height"]),
    )


def test_started_with_the_desktop_an_invitation_comes_and_breathe_now_opens_the_pacer(
    display, tray, app
):
    write_settings(
        app.data_dir,
        breaks_on=True,
        break_every_minutes=1,
        break_minutes=1,
        break_card=True,
        break_days=[0, 1, 2, 3, 4, 5, 6],
        break_from="00:00",
        break_until="24:00",
        ask_distress=False,
    )
    proc = app.start("tray")  # as the desktop's autostart entry starts it
    icon = tray.settled_icon()
    assert proc.poll() is None
    assert not visible_windows(display, "Breathe · Breathing Room")  # straight to the tray
    status = app.run("status")
    assert status.returncode == 0, status.stderr
    assert "Breathing Room is running." in status.stdout
    assert "Next break invitation in about 1 minute" in status.stdout
    assert "Idle time from the X11 screen saver extension." in status.stdout
    card = wait_for(lambda: visible_windows(display, CARD), timeout=120, what="the break card")
    x, y, width, height = geometry(display, card[0])
    assert abs((x + width // 2) - icon.centre[0]) < width  # near the tray icon
    display.screenshot("break-card.png", drawn_at=None)
    # "Breathe now" is the first of the three buttons along the card's bottom edge.
    display.run(
        "xdotool", "mousemove", str(x + 18 + (width - 36) // 6), str(y + height - 34), "click", "1"
    )
    wait_for(lambda: visible_windows(display, "Breathe · Breathing Room"), what="the pacer")
    assert not visible_windows(display, CARD)
    assert proc.poll() is None


def test_pause_and_resume_reach_the_running_app(display, tray, app):
    write_settings(app.data_dir, breaks_on=True, break_days=[0, 1, 2, 3, 4, 5, 6],
                   break_from="00:00", break_until="24:00")  # fmt: skip
    app.start()
    tray.settled_icon()
    paused = app.run("pause", "30")
    assert paused.returncode == 0 and "paused for 30 minutes" in paused.stdout
    assert "paused for 30 minutes more" in app.run("status").stdout
    resumed = app.run("resume")
    assert resumed.returncode == 0
    assert "Next break invitation in about 60 minutes" in app.run("status").stdout


def _maps_qtdbus(pid: int) -> bool:
    """Whether PySide's QtDBus module is loaded (Qt's own library is, by the tray, always)."""
    with open(f"/proc/{pid}/maps", encoding="utf-8") as maps:
        return any("QtDBus.abi3" in line for line in maps)


def test_the_system_bus_is_reached_only_once_invitations_are_turned_on(display, tray, app):
    """Waking from sleep is heard over D-Bus, for the break schedule alone: with invitations off
    the idle app loads no QtDBus module; turned on from outside, it starts listening."""
    proc = app.start()
    tray.settled_icon()
    time.sleep(2.5)  # past the SOS window's preparation, 1.5 s after start
    assert proc.poll() is None
    assert not _maps_qtdbus(proc.pid)
    write_settings(app.data_dir, breaks_on=True)
    reply = send_to_running({"cmd": "settings-changed"}, paths.current(), timeout=10)
    assert reply == {"ok": True}
    wait_for(lambda: _maps_qtdbus(proc.pid), what="the sleep watcher to reach D-Bus")
    assert "Break invitations are on" in app.run("status").stdout
