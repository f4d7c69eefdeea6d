"""Review my week, as a person meets it: from the tray menu and from a second process."""

import pytest

from tests.e2e.test_grounding import open_tray_menu, shown, start_with_icon
from tests.e2e.xtools import wait_for

pytestmark = pytest.mark.e2e

REVIEW = "Review my week · Breathing Room"


def test_review_my_week_opens_from_the_tray_menu(display, tray, app):
    logged = app.run("log", "--pleasant", "7", "--energy", "3", "--feelings", "calm")
    assert logged.returncode == 0, logged.stderr
    proc, _icon = start_with_icon(app, tray)
    open_tray_menu(display, tray)
    # Breathe now, Breathe with, sound only, SOS, Ground me, What works, Safety plan, Check in,
    # Review my week.
    display.run("xdotool", "key", "--delay", "40", *["Down"] * 9, "Return")
    [window] = wait_for(lambda: shown(display, REVIEW), what="the Review my week window")
    assert proc.poll() is None
    display.screenshot("review-my-week.png", drawn_at=window.centre)


def test_the_timeline_command_opens_the_month_in_the_running_app(display, tray, app):
    proc, _ = start_with_icon(app, tray)
    opened = app.run("timeline", "--month", "2026-11")
    assert opened.returncode == 0, opened.stderr
    wait_for(lambda: shown(display, REVIEW), what="the Review my week window")
    assert proc.poll() is None
