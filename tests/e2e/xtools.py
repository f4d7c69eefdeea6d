"""A real X server, a real tray host and the real app, driven the way a person would."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def wait_for(predicate: Callable[[], object], timeout: float = 15.0, what: str = "") -> object:
    """Poll something outside this process (an X server, another program) until it holds.

    Other processes send us no signals to wait on, so polling at a short interval is the
    honest way to wait for them.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen[bytes] | None) -> None:
    """Stop a process we started, by its own pid."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


class Display:
    """An Xvfb server of our own, on the first free display number it picks."""

    def __init__(self, size: str = "1280x800") -> None:
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                f"{size}x24",
                "-nolisten",
                "tcp",
                # Without it the server resets when its last client leaves, and refuses
                # connections meanwhile: a check with xdotool could make the app fail to start.
                "-noreset",
            ],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            stop(self.proc)
            raise RuntimeError("Xvfb did not start")
        self.name = f":{number}"
        self.env = {**os.environ, "DISPLAY": self.name}
        self.env.pop("QT_QPA_PLATFORM", None)
        self.env.pop("WAYLAND_DISPLAY", None)
        # A fresh Xvfb can refuse its very first clients for a moment ("could not connect to
        # display"); the app under test must not be the one that meets that.
        try:
            wait_for(self._answers, timeout=10, what=f"Xvfb on {self.name} to accept clients")
        except AssertionError:
            stop(self.proc)
            raise

    def _answers(self) -> bool:
        done = subprocess.run(
            ["xwininfo", "-root"], env=self.env, capture_output=True, timeout=10, check=False
        )
        return done.returncode == 0

    def run(self, *args: str) -> str:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=20).stdout

    def pixel(self, x: int, y: int) -> str:
        """The colour of one screen pixel, as ImageMagick names it (``#RRGGBB``)."""
        out = self.run("import", "-window", "root", "-crop", f"1x1+{x}+{y}", "txt:-")
        match = re.search(r"#[0-9A-Fa-f]{6}", out)
        return match.group(0).upper() if match else ""

    def screenshot(self, name: str, drawn_at: tuple[int, int] | None = (30, 100)) -> Path:
        """Save the screen; first wait until a window has painted at ``drawn_at`` (not black)."""
        if drawn_at is not None:
            wait_for(
                lambda: self.pixel(*drawn_at) not in ("", "#000000"),
                what=f"a window to be drawn at {drawn_at}",
            )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / name
        subprocess.run(
            ["import", "-window", "root", str(target)], env=self.env, check=True, timeout=30
        )
        return target

    def close(self) -> None:
        stop(self.proc)


@dataclass
class Win:
    id: str
    name: str
    x: int
    y: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


_TREE_LINE = re.compile(
    r'^\s*(0x[0-9a-f]+) (?:"(.*?)"|\(has no name\)).*?'
    r"\s(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+\+(-?\d+)\+(-?\d+)"
)


def top_level(display: Display) -> list[Win]:
    out = display.run("xwininfo", "-children", "-root")
    wins = []
    for line in out.splitlines():
        m = _TREE_LINE.match(line)
        if m:
            wid, name, w, h, x, y = m.groups()
            wins.append(Win(wid, name or "", int(x), int(y), int(w), int(h)))
    return wins


def descendants(display: Display, window_id: str) -> list[Win]:
    out = display.run("xwininfo", "-tree", "-id", window_id)
    wins = []
    for line in out.splitlines():
        m = _TREE_LINE.match(line)
        if m and m.group(1) != window_id:
            wid, name, w, h, x, y = m.groups()
            wins.append(Win(wid, name or "", int(x), int(y), int(w), int(h)))
    return wins


class TrayHost:
    """trayer, the small stand-alone system tray."""

    def __init__(self, display: Display) -> None:
        self.display = display
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        # A fresh X server can refuse the very first client for a moment ("cannot open
        # display"): trayer then exits at once, and is started again, a few times at most.
        for attempt in range(3):
            self.proc = self._start()
            try:
                self.panel = str(wait_for(self._panel_or_exit, what="trayer's panel window"))
            except AssertionError:
                self.log.seek(0)
                said = self.log.read().decode(errors="replace").strip()
                stop(self.proc)
                self.log.close()
                raise AssertionError(
                    f"trayer showed no panel (exit status {self.proc.returncode}): {said}"
                ) from None
            if self.panel != "exited":
                return
            if attempt == 2:
                self.log.seek(0)
                said = self.log.read().decode(errors="replace").strip()
                self.log.close()
                raise AssertionError(f"trayer exited three times: {said}")
            time.sleep(0.2)

    def _panel_or_exit(self) -> str | None:
        if self.proc.poll() is not None:
            return "exited"
        return self._find_panel()

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "24",
                "--transparent",
                "false",
            ],
            env=self.display.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def _find_panel(self) -> str | None:
        out = self.display.run("xwininfo", "-root", "-tree")
        m = re.search(r'(0x[0-9a-f]+) "panel": \("panel" "trayer"\)', out)
        return m.group(1) if m else None

    def icons(self) -> list[Win]:
        """Named windows docked in the panel (trayer wraps each icon in a socket window)."""
        return [w for w in descendants(self.display, self.panel) if w.width > 1 and w.name]

    def settled_icon(self, name: str = "Breathing Room", timeout: float = 15.0) -> Win:
        """The one icon called ``name``, once it is mapped and trayer has stopped moving it.

        With ``--widthtype request`` trayer grows and re-aligns its panel after an icon docks,
        so the icon's place on screen is only final a moment later; a click aimed at the first
        place read can land beside it. The same place for a third of a second means it has settled.
        """
        last: Win | None = None
        since = 0.0

        def settled() -> Win | None:
            nonlocal last, since
            icons = [w for w in self.icons() if w.name == name]
            icon = self._on_screen(icons[0]) if len(icons) == 1 else None
            if icon is None or icon != last:
                last, since = icon, time.monotonic()
                return None
            return icon if time.monotonic() - since >= 0.3 else None

        found = wait_for(settled, timeout=timeout, what=f"the {name!r} icon to settle in the tray")
        assert isinstance(found, Win)
        return found

    def _on_screen(self, icon: Win) -> Win | None:
        """``icon`` with its absolute geometry, or None while it is not viewable."""
        out = self.display.run("xwininfo", "-id", icon.id)
        if "Map State: IsViewable" not in out:
            return None
        values = dict(
            re.findall(r"^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)", out, re.M)
        )
        try:
            return Win(
                icon.id,
                icon.name,
                int(values["Absolute upper-left X"]),
                int(values["Absolute upper-left Y"]),
                int(values["Width"]),
                int(values["Height"]),
            )
        except KeyError:
            return None

    def close(self) -> None:
        stop(self.proc)
        self.log.close()


def app_command() -> list[str]:
    """The installed ``breathing-room`` script beside this interpreter."""
    script = Path(sys.executable).with_name("breathing-room")
    if script.exists():
        return [str(script)]
    found = shutil.which("breathing-room")
    if found is None:
        raise RuntimeError("breathing-room is not installed (run 'make test')")
    return [found]


def visible_windows(display: Display, name: str) -> list[str]:
    return display.run("xdotool", "search", "--onlyvisible", "--name", name).split()
