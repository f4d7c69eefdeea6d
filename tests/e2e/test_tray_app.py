"""The installed app under a real X server with a real tray host, driven by xdotool."""

import json
import os
import signal
import time

import pytest

from tests.e2e.xtools import top_level, visible_windows, wait_for

pytestmark = pytest.mark.e2e


def our_icon(tray):
    icons = [w for w in tray.icons() if w.name == "Breathing Room"]
    return icons[0] if len(icons) == 1 else None


def pacer_windows(display, name="Breathe · Breathing Room"):
    return visible_windows(display, name)


def test_icon_embeds_and_a_click_opens_the_pacer(display, tray, app):
    proc = app.start()
    icon = tray.settled_icon()
    assert proc.poll() is None
    display.run("xdotool", "mousemove", *map(str, icon.centre), "click", "1")
    wait_for(lambda: pacer_windows(display), what="the pacer window")
    assert visible_windows(display, "Coherent · Breathe")
    display.screenshot("pacer-light.png")


def test_a_second_invocation_reaches_the_first(display, tray, app):
    first = app.start()
    wait_for(lambda: our_icon(tray), what="the tray icon")
    second = app.run("breathe", "--pattern", "box", "--minutes", "2")
    assert second.returncode == 0, second.stderr
    wait_for(lambda: visible_windows(display, "Box · Breathe"), what="a box session")
    assert first.poll() is None
    assert len([w for w in tray.icons() if w.name == "Breathing Room"]) == 1
    again = app.run()  # no command: bring the running one forward
    assert again.returncode == 0
    assert first.poll() is None
    assert len(tray.icons()) == 1


def test_a_new_start_works_after_the_app_was_killed(display, tray, app):
    first = app.start()
    wait_for(lambda: our_icon(tray), what="the tray icon")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert (app.data_dir / "instance.lock").exists()  # left behind by the killed copy
    wait_for(lambda: not our_icon(tray), what="the dead icon to leave the tray")
    second = app.start()
    wait_for(lambda: our_icon(tray), what="the new copy's tray icon")
    assert second.poll() is None
    result = app.run("breathe", "--pattern", "4-7-8")
    assert result.returncode == 0, result.stderr
    wait_for(lambda: visible_windows(display, "4-7-8 · Breathe"), what="the 4-7-8 session")


def test_without_a_tray_host_the_home_window_appears_and_closing_it_quits(display, app):
    proc = app.start()
    home = wait_for(lambda: visible_windows(display, "^Breathing Room$"), what="the home window")
    display.screenshot("home-no-tray.png")
    display.run("xdotool", "windowfocus", "--sync", home[0], "key", "Escape")
    assert proc.wait(timeout=15) == 0


def test_the_icon_comes_back_when_the_tray_host_restarts(display, tray, app):
    from tests.e2e.xtools import TrayHost

    proc = app.start()
    wait_for(lambda: our_icon(tray), what="the tray icon")
    tray.close()
    replacement = TrayHost(display)
    try:
        wait_for(lambda: our_icon(replacement), timeout=20, what="the icon to re-dock")
        assert proc.poll() is None
    finally:
        replacement.close()


def test_the_tray_menu_and_a_dark_pacer(display, tray, app):
    settings = app.data_dir / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"theme": "dark", "reduced_motion": False}))
    app.start()
    icon = tray.settled_icon()
    display.run("xdotool", "mousemove", *map(str, icon.centre), "click", "3")

    # The menu is a top-level window that opens beside the icon, in the top right corner.
    def menu_open():
        return [
            w
            for w in top_level(display)
            if w.name == "Breathing Room" and w.height > 40 and w.x + w.width >= icon.x
        ]

    wait_for(menu_open, what="the tray menu beside the icon")
    display.screenshot("tray-menu.png", drawn_at=None)
    display.run("xdotool", "key", "Escape")
    result = app.run("breathe", "--pattern", "cyclic-sigh")
    assert result.returncode == 0
    wait_for(lambda: visible_windows(display, "Cyclic sigh · Breathe"), what="the pacer")
    display.screenshot("pacer-dark.png")


@pytest.mark.screen("2560x1600")
def test_reduced_motion_pacer_at_double_scale(display, tray, app):
    settings = app.data_dir / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"theme": "light", "reduced_motion": True}))
    app.env["QT_SCALE_FACTOR"] = "2"
    proc = app.start("breathe", "--pattern", "box")
    wait_for(lambda: visible_windows(display, "Box · Breathe"), what="the pacer")
    assert proc.poll() is None
    display.screenshot("pacer-reduced-motion-200.png")


def test_sigterm_ends_cleanly_and_the_session_is_recorded(display, tray, app):
    proc = app.start("breathe", "--pattern", "box")
    wait_for(lambda: visible_windows(display, "Box · Breathe"), what="the pacer")
    shown_at = time.monotonic()
    # A session shorter than a second is not worth a journal entry: let this one run past that.
    wait_for(lambda: time.monotonic() - shown_at > 1.5, what="a second and a half of breathing")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    exported = app.run("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    [session] = json.loads(exported.stdout)["sessions"]
    assert session["exercise"] == "box" and session["completed"] is False
    again = app.start()  # the lock and socket were released: a new start works
    wait_for(lambda: our_icon(tray), what="the icon of the next start")
    assert again.poll() is None


def test_started_at_login_before_the_tray_host_it_waits_for_the_tray(display, app):
    # At login the autostart entry may run before the panel that hosts tray icons is up.
    from tests.e2e.xtools import TrayHost

    proc = app.start("tray")
    started = time.monotonic()
    wait_for(lambda: time.monotonic() - started > 3, what="three seconds of a desktop with no tray")
    assert proc.poll() is None
    assert not visible_windows(display, "^Breathing Room$")  # no home window meanwhile
    late = TrayHost(display)
    try:
        late.settled_icon(timeout=20)
        assert proc.poll() is None
        assert not visible_windows(display, "^Breathing Room$")  # straight to the tray
    finally:
        late.close()


def test_a_command_given_while_a_login_start_waits_for_the_tray_is_carried_out(display, app):
    """A click on the launcher during that wait is not told "another copy does not answer":
    the waiting copy holds the request, stops waiting and carries it out."""
    proc = app.start("tray")
    started = time.monotonic()
    wait_for(lambda: time.monotonic() - started > 2, what="two seconds of a desktop with no tray")
    assert proc.poll() is None
    result = app.run("breathe", "--pattern", "box")
    assert result.returncode == 0, result.stderr
    wait_for(lambda: visible_windows(display, "Box · Breathe"), what="the box session")
    assert proc.poll() is None
