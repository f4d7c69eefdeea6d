"""Grounding, the SOS and the safety plan in the installed app, under a real X server and tray.

Driven the way a person would: the tray menu with the keyboard, a second ``breathing-room`` from a
terminal, keys typed into the windows with xdotool.
"""

import json
import signal
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.e2e.conftest import AppRunner
from tests.e2e.xtools import Display, TrayHost, Win, top_level, visible_windows, wait_for

pytestmark = pytest.mark.e2e

EXERCISES = Path(__file__).resolve().parents[2] / "resources" / "exercises"
LONG_EXHALE = "Long exhale · Breathe · Breathing Room"
SOS = "SOS · Breathing Room"
PLAN = "My safety plan"


def exercise_title(exercise_id: str) -> str:
    with (EXERCISES / f"{exercise_id}.toml").open("rb") as file:
        return str(tomllib.load(file)["title"])


def player_name(exercise_id: str) -> str:
    return f"{exercise_title(exercise_id)} · Breathing Room"


def shown(display: Display, name: str) -> list[Win]:
    """Visible top-level windows whose name is exactly ``name``, with their geometry."""
    ids = {int(i) for i in visible_windows(display, name)}
    return [w for w in top_level(display) if int(w.id, 16) in ids and w.name == name]


def screen_size(display: Display) -> tuple[int, int]:
    width, height = display.run("xdotool", "getdisplaygeometry").split()
    return int(width), int(height)


def start_with_icon(app: AppRunner, tray: TrayHost) -> tuple[subprocess.Popen[bytes], Win]:
    proc = app.start()
    return proc, tray.settled_icon()


def viewable(display: Display, win: Win) -> bool:
    return "Map State: IsViewable" in display.run("xwininfo", "-id", win.id)


def menus(display: Display) -> list[Win]:
    """The open tray menu and its open submenus: popups that Qt names after the app.

    ``xdotool search`` does not see popup menus, so these are found with xwininfo.
    """
    return [
        w
        for w in top_level(display)
        if w.name == "Breathing Room" and w.height > 40 and viewable(display, w)
    ]


def open_tray_menu(display: Display, tray: TrayHost) -> None:
    """Right-click the icon, once trayer has put it in its place, and wait for the menu."""
    icon = tray.settled_icon()
    display.run("xdotool", "mousemove", *map(str, icon.centre), "click", "3")
    wait_for(lambda: menus(display), what="the tray menu")


def test_ground_me_from_the_tray_menu_opens_the_player(display, tray, app):
    listed = app.run("ground", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = [row["id"] for row in json.loads(listed.stdout)]
    position = ids.index("5-4-3-2-1")  # nothing rated yet, so "Ground me" lists the library
    proc, _icon = start_with_icon(app, tray)
    open_tray_menu(display, tray)
    # Down to "Ground me": Breathe now, Breathe with, Breathe with sound only, SOS, Ground me.
    display.run("xdotool", "key", "--delay", "40", *["Down"] * 5, "Right")
    wait_for(lambda: len(menus(display)) >= 2, what="the Ground me submenu")
    # A submenu opened from the keyboard has its first entry selected.
    display.run("xdotool", "key", "--delay", "40", *["Down"] * position, "Return")
    name = player_name("5-4-3-2-1")
    [player] = wait_for(lambda: shown(display, name), what=f"the window {name!r}")
    assert proc.poll() is None
    display.screenshot("grounding-player-5-4-3-2-1.png", drawn_at=player.centre)


def open_sos_at_high_distress(display: Display, tray: TrayHost, app: AppRunner) -> Win:
    """``sos --distress 9`` from a second process, the app running: the long-exhale pacer."""
    proc, _ = start_with_icon(app, tray)
    sos = app.run("sos", "--distress", "9")
    assert sos.returncode == 0, sos.stderr
    [pacer] = wait_for(lambda: shown(display, LONG_EXHALE), what="the long-exhale pacer")
    assert proc.poll() is None
    return pacer


def test_sos_at_high_distress_starts_long_exhale_breathing_at_once(display, tray, app):
    pacer = open_sos_at_high_distress(display, tray, app)
    assert not visible_windows(display, SOS)  # the level was given: nothing is asked first
    display.screenshot("sos-long-exhale.png", drawn_at=pacer.centre)


def test_the_sos_pacer_is_compact(display, tray, app):
    open_sos_at_high_distress(display, tray, app)
    width, height = screen_size(display)

    def compact() -> Win | None:
        [pacer] = shown(display, LONG_EXHALE)
        return pacer if pacer.width <= width // 2 and pacer.height <= height // 2 else None

    try:  # a window may be sized just after it maps: give it a moment to settle
        wait_for(compact, timeout=3, what="the SOS pacer to be at most half the screen each way")
    except AssertionError:
        [pacer] = shown(display, LONG_EXHALE)
        raise AssertionError(
            f"the SOS pacer is {pacer.width}x{pacer.height} on a {width}x{height} screen; "
            f"at most {width // 2}x{height // 2} expected"
        ) from None


def test_sos_asks_and_the_key_6_starts_5_4_3_2_1(display, tray, app):
    proc, _ = start_with_icon(app, tray)
    sos = app.run("sos")
    assert sos.returncode == 0, sos.stderr
    [window] = wait_for(lambda: shown(display, SOS), what="the SOS window")
    display.screenshot("sos-question.png", drawn_at=window.centre)
    display.run("xdotool", "windowfocus", "--sync", str(int(window.id, 16)), "key", "6")
    name = player_name("5-4-3-2-1")
    wait_for(lambda: shown(display, name), what=f"the window {name!r}")
    wait_for(lambda: not visible_windows(display, SOS), what="the SOS window to go away")
    assert proc.poll() is None


def test_the_safety_plan_is_written_saved_and_printed(display, tray, app, tmp_path):
    sentence = "When the kettle sings I breathe out slowly and call Sam"
    first, _ = start_with_icon(app, tray)
    opened = app.run("plan")
    assert opened.returncode == 0, opened.stderr
    [window] = wait_for(lambda: shown(display, PLAN), what="the safety plan window")
    assert first.poll() is None
    # The first box, "My warning signs", has the focus when the window opens.
    window_id = str(int(window.id, 16))
    display.run("xdotool", "windowfocus", "--sync", window_id)
    display.run("xdotool", "type", "--delay", "15", sentence)
    display.run("xdotool", "key", "ctrl+s")

    def saved() -> bool:
        text = app.run("plan", "--text")
        return text.returncode == 0 and f"  {sentence}" in text.stdout.splitlines()

    wait_for(saved, timeout=20, what="the plan to be saved with the sentence")
    display.screenshot("safety-plan.png", drawn_at=window.centre)
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=15) == 0

    again, _ = start_with_icon(app, tray)
    text = app.run("plan", "--text")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[lines.index("1. My warning signs") + 1] == f"  {sentence}"
    pdf = tmp_path / "out.pdf"
    printed = app.run("plan", "--pdf", str(pdf))
    assert printed.returncode == 0, printed.stderr
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert sentence in " ".join(words.split())
    assert "1. My warning signs" in words
    assert again.poll() is None
