"""Idle time from a real X server (Xvfb) through the screen saver extension; the other checks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from breathingroom.core.breaks import Hold
from breathingroom.services import idle
from breathingroom.services.holdback import CameraInUse, X11FullScreen, current_holds
from tests.e2e.xtools import Display, stop, wait_for


@pytest.fixture
def display() -> object:
    server = Display()
    yield server
    server.close()


def test_x11_idle_grows_and_a_mouse_move_ends_it(display: Display) -> None:
    source = idle.X11Idle(display.env["DISPLAY"])
    try:
        first = source.idle_seconds()
        assert first is not None
        wait_for(lambda: (source.idle_seconds() or 0) >= first + 1.0, 10, "idle time to grow")
        before = source.idle_seconds() or 0
        display.run("xdotool", "mousemove", "40", "40")
        display.run("xdotool", "mousemove", "300", "200")
        after = source.idle_seconds()
        assert after is not None and after < before
        assert after < 1.0
    finally:
        source.close()


def test_find_idle_source_keeps_the_first_that_answers(display: Display) -> None:
    class Silent:
        name = "silent"

        def idle_seconds(self) -> float | None:
            return None

    x11 = idle.X11Idle(display.env["DISPLAY"])
    try:
        assert idle.find_idle_source([Silent(), x11]) is x11
        assert idle.find_idle_source([Silent()]) is None
    finally:
        x11.close()


def test_no_display_means_no_x11_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert idle.X11Idle().idle_seconds() is None


def test_sources_asked_follow_the_session() -> None:
    names = [type(s).__name__ for s in idle.candidates("linux", {"DISPLAY": ":5"})]
    assert names == ["X11Idle"]
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"}
    assert [type(s).__name__ for s in idle.candidates("linux", wayland)] == ["KdeIdle", "GnomeIdle"]
    assert [type(s).__name__ for s in idle.candidates("win32", {})] == ["WindowsIdle"]


def test_full_screen_is_seen_on_the_active_window(display: Display) -> None:
    check = X11FullScreen(display.env["DISPLAY"])
    window = subprocess.Popen(
        ["xmessage", "-name", "presentation", "A slide"],
        env=display.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert check.active() is False  # no window manager names an active window
        wid = str(wait_for(lambda: _window_named(display, "presentation"), 10, "the window"))
        # Say, as a window manager would, that this window is in front and full screen.
        display.run("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set",
                    "_NET_ACTIVE_WINDOW", wid)  # fmt: skip
        assert check.active() is False  # in front, not full screen
        display.run("xprop", "-id", wid, "-f", "_NET_WM_STATE", "32a", "-set", "_NET_WM_STATE",
                    "_NET_WM_STATE_FULLSCREEN")  # fmt: skip
        assert check.active() is True
        assert current_holds([check]) == {Hold.FULL_SCREEN}
        display.run("xprop", "-root", "-remove", "_NET_ACTIVE_WINDOW")
        assert check.active() is False
    finally:
        check.close()
        stop(window)


def _window_named(display: Display, name: str) -> str | None:
    out = display.run("xdotool", "search", "--classname", name).split()
    return out[0] if out else None


def test_a_camera_held_open_is_a_call(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    proc = tmp_path / "proc"
    dev.mkdir()
    (dev / "video0").touch()
    (proc / "4242" / "fd").mkdir(parents=True)
    check = CameraInUse(proc, dev)
    assert check.active() is False
    (proc / "4242" / "fd" / "7").symlink_to(dev / "video0")
    assert check.active() is True
    assert current_holds([check]) == {Hold.CALL}
    assert CameraInUse(proc, tmp_path / "no-dev").active() is False
