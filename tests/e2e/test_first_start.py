"""A newcomer's first minutes with the installed app: the welcome once, then a session by keys."""

import json
import time

import pytest

from tests.e2e.xtools import stop, visible_windows, wait_for

pytestmark = pytest.mark.e2e

WELCOME = "^Welcome · Breathing Room$"


def keys(display, window, *names):
    """Keys as a person types them into ``window``: focus it (as Alt+Tab would), then press."""
    display.run("xdotool", "windowfocus", "--sync", window, "key", "--delay", "120", *names)


def test_the_welcome_appears_on_the_first_start_and_not_the_second(display, tray, app):
    first = app.start()
    tray.settled_icon()
    wait_for(lambda: visible_windows(display, WELCOME), what="the welcome window")
    display.screenshot("welcome-first-start.png")
    stop(first)
    assert first.returncode == 0
    settings = json.loads((app.data_dir / "settings.json").read_text())
    assert settings["welcome_shown"] is True
    second = app.start()
    tray.settled_icon()
    # Nothing to wait for when a window must not appear: give the start a moment to settle.
    settled = time.monotonic()
    wait_for(lambda: time.monotonic() - settled > 2.0, what="two seconds after the icon")
    assert second.poll() is None
    assert visible_windows(display, WELCOME) == []


def test_a_session_by_keyboard_alone_start_rate_pause_resume_stop(display, tray, app):
    """No mouse event at all: Enter on the welcome's "Try one minute", then Tab and the arrows
    to a rating, Space to pause and to resume, Esc to stop."""
    app.start()
    [welcome] = wait_for(lambda: visible_windows(display, WELCOME), what="the welcome window")
    keys(display, welcome, "Return")  # "Try one minute of Coherent breathing" has the focus
    [pacer] = wait_for(lambda: visible_windows(display, "Coherent · Breathe"), what="the pacer")
    keys(display, pacer, "Tab", "Right", "Right", "Right", "Right", "Return")  # distress 4
    keys(display, pacer, "space")  # pause
    wait_for(lambda: visible_windows(display, "^Paused · Coherent"), what="the pause")
    keys(display, pacer, "space")  # resume
    wait_for(lambda: not visible_windows(display, "^Paused · "), what="the session to resume")
    resumed = time.monotonic()
    wait_for(lambda: time.monotonic() - resumed > 1.5, what="a breath after resuming")
    keys(display, pacer, "Escape")  # stop
    wait_for(lambda: not visible_windows(display, "Coherent · Breathe"), what="the pacer to close")
    exported = app.run("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    [session] = json.loads(exported.stdout)["sessions"]
    assert session["exercise"] == "coherent"
    assert session["completed"] is False
    assert session["distress_before"] == 4


def test_a_first_start_that_asks_for_a_session_owes_the_welcome_to_the_next_plain_start(
    display, tray, app
):
    """The "Breathe" desktop action as the very first start: the session comes at once, with no
    welcome in the way; the welcome is not lost, it comes at the next plain start."""
    first = app.start("breathe", "--pattern", "box")
    wait_for(lambda: visible_windows(display, "Box · Breathe"), what="the box session")
    assert visible_windows(display, WELCOME) == []
    stop(first)
    second = app.start()
    tray.settled_icon()
    wait_for(
        lambda: visible_windows(display, WELCOME), what="the welcome owed from the first start"
    )
    stop(second)
    settings = json.loads((app.data_dir / "settings.json").read_text())
    assert settings["welcome_shown"] is True
