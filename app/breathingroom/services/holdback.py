"""What asks an invitation to wait: a full-screen window, "do not disturb", a call.

Each check is a :class:`HoldSource`: it answers True (hold back), False, or None (it cannot
tell here). :func:`current_holds` asks them all and returns the reasons that answered True.

- :class:`X11FullScreen`: the active window (``_NET_ACTIVE_WINDOW``) has
  ``_NET_WM_STATE_FULLSCREEN``, through ctypes on libX11.
- :class:`DoNotDisturb`: the notification service says it is inhibited (the freedesktop
  ``Inhibited`` property: KDE, and others), or GNOME's banners are off.
- :class:`MicrophoneInUse`: PulseAudio or PipeWire has a recording stream (``pactl list short
  source-outputs``); :class:`CameraInUse`: some process holds ``/dev/video*`` open.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from breathingroom.core.breaks import Hold

log = logging.getLogger(__name__)


class HoldSource(Protocol):
    reason: Hold

    def active(self) -> bool | None: ...


class X11FullScreen:
    reason = Hold.FULL_SCREEN

    def __init__(self, display: str | None = None) -> None:
        self._display: int | None = None
        found = ctypes.util.find_library("X11")
        if not found or not (display or os.environ.get("DISPLAY")):
            return
        x11: Any = ctypes.CDLL(found)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        handle = x11.XOpenDisplay(display.encode() if display else None)
        if not handle:
            return
        self._x11, self._display = x11, handle
        self._root = x11.XDefaultRootWindow(handle)
        self._active = x11.XInternAtom(handle, b"_NET_ACTIVE_WINDOW", 0)
        self._state = x11.XInternAtom(handle, b"_NET_WM_STATE", 0)
        self._full = x11.XInternAtom(handle, b"_NET_WM_STATE_FULLSCREEN", 0)

    def _longs(self, window: int, prop: int) -> list[int] | None:
        kind, form = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._x11.XGetWindowProperty(
            self._display, window, prop, 0, 64, 0, 0,  # AnyPropertyType
            ctypes.byref(kind), ctypes.byref(form), ctypes.byref(count), ctypes.byref(after),
            ctypes.byref(data),
        )  # fmt: skip
        if status != 0 or not data.value:
            return None
        try:
            if form.value != 32:
                return None
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[i]) for i in range(count.value)]
        finally:
            self._x11.XFree(data)

    def active(self) -> bool | None:
        if self._display is None:
            return None
        window = self._longs(self._root, self._active)
        if not window or not window[0]:
            return False  # no window manager says which window is in front
        states = self._longs(window[0], self._state) or []
        return self._full in states

    def close(self) -> None:
        if self._display is not None:
            self._x11.XCloseDisplay(self._display)
            self._display = None


class DoNotDisturb:
    reason = Hold.DO_NOT_DISTURB

    def active(self) -> bool | None:
        inhibited = self._freedesktop()
        if inhibited is not None:
            return inhibited
        return self._gnome()

    @staticmethod
    def _freedesktop() -> bool | None:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        proxy = QDBusInterface(
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.freedesktop.DBus.Properties",
            bus,
        )
        proxy.setTimeout(500)
        if not proxy.isValid():
            return None
        reply = proxy.call("Get", "org.freedesktop.Notifications", "Inhibited")
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return None
        value = reply.arguments()[0]
        return value if isinstance(value, bool) else None

    @staticmethod
    def _gnome() -> bool | None:
        if "GNOME" not in os.environ.get("XDG_CURRENT_DESKTOP", "").upper():
            return None
        tool = shutil.which("gsettings")
        if tool is None:
            return None
        try:
            out = subprocess.run(
                [tool, "get", "org.gnome.desktop.notifications", "show-banners"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        return {"false": True, "true": False}.get(out)


class MicrophoneInUse:
    reason = Hold.CALL

    def active(self) -> bool | None:
        tool = shutil.which("pactl")
        if tool is None:
            return None
        try:
            done = subprocess.run(
                [tool, "list", "short", "source-outputs"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None  # no sound server
        return any(line.strip() for line in done.stdout.splitlines())


class CameraInUse:
    reason = Hold.CALL

    def __init__(self, proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> None:
        self._proc, self._dev = proc, dev

    def active(self) -> bool | None:
        cameras = {str(p) for p in self._dev.glob("video*")}
        if not cameras or not self._proc.is_dir():
            return None if not self._proc.is_dir() else False
        own = str(os.getpid())
        for fd_dir in self._proc.glob("[0-9]*/fd"):
            if fd_dir.parent.name == own:
                continue
            try:
                links = list(fd_dir.iterdir())
            except OSError:
                continue  # another user's process, or gone
            for link in links:
                try:
                    if os.readlink(link) in cameras:
                        return True
                except OSError:
                    continue
        return False


def default_sources() -> list[HoldSource]:
    return [X11FullScreen(), DoNotDisturb(), MicrophoneInUse(), CameraInUse()]


def current_holds(sources: Iterable[HoldSource]) -> set[Hold]:
    """The reasons to wait now: each source that answers True."""
    return {source.reason for source in sources if source.active()}
