"""How long the person has been away from keyboard and mouse, from whichever desktop answers.

One small interface, :class:`IdleSource`, and one class per way of asking:

- :class:`X11Idle`: the X screen saver extension (``libXss``), through ctypes; X11 and XWayland
  sessions that let it answer.
- :class:`GnomeIdle`: GNOME's ``org.gnome.Mutter.IdleMonitor`` over D-Bus (Wayland too).
- :class:`KdeIdle`: ``org.freedesktop.ScreenSaver.GetSessionIdleTime`` over D-Bus (KDE Plasma).
- :class:`WindowsIdle`: ``GetLastInputInfo``.
- :class:`MacIdle`: the HID system's idle time from ``ioreg``.

:func:`find_idle_source` tries those that fit the session and keeps the first that answers;
None means nobody answers, and invitations run on plain elapsed time. Each answer is seconds, or
None when the source stopped answering (the display went away).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import subprocess
import sys
from typing import Any, Protocol

log = logging.getLogger(__name__)

#: How long a D-Bus question may take before it counts as no answer (ms).
DBUS_TIMEOUT_MS = 500


class IdleSource(Protocol):
    #: Said in the settings: where idle time comes from.
    name: str

    def idle_seconds(self) -> float | None: ...


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """The X screen saver extension's idle counter, on a display connection of its own."""

    name = "the X11 screen saver extension"

    def __init__(self, display: str | None = None) -> None:
        self._x11: Any = None
        self._display: int | None = None
        self._info: Any = None
        found_x11 = ctypes.util.find_library("X11")
        found_xss = ctypes.util.find_library("Xss")
        if not found_x11 or not found_xss or not (display or os.environ.get("DISPLAY")):
            return
        try:
            x11 = ctypes.CDLL(found_x11)
            xss = ctypes.CDLL(found_xss)
        except OSError as exc:
            log.info("no X11 idle time: %s", exc)
            return
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XFree.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        handle = x11.XOpenDisplay(display.encode() if display else None)
        if not handle:
            return
        event, error = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(handle, ctypes.byref(event), ctypes.byref(error)):
            x11.XCloseDisplay(handle)
            return
        self._x11, self._xss, self._display = x11, xss, handle
        self._root = x11.XDefaultRootWindow(handle)
        self._info = xss.XScreenSaverAllocInfo()

    def idle_seconds(self) -> float | None:
        if self._display is None:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0

    def close(self) -> None:
        if self._display is not None:
            self._x11.XFree(self._info)
            self._x11.XCloseDisplay(self._display)
            self._display = None


def _dbus_call(service: str, path: str, interface: str, method: str) -> Any:
    """One call on the session bus; its first answer, or None on any failure."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    proxy = QDBusInterface(service, path, interface, bus)
    proxy.setTimeout(DBUS_TIMEOUT_MS)
    if not proxy.isValid():
        return None
    reply = proxy.call(method)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    return reply.arguments()[0]


class GnomeIdle:
    name = "GNOME (Mutter idle monitor)"

    def idle_seconds(self) -> float | None:
        value = _dbus_call(
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            "GetIdletime",
        )
        return float(value) / 1000.0 if isinstance(value, int) else None


class KdeIdle:
    name = "KDE (screen saver service)"

    def idle_seconds(self) -> float | None:
        value = _dbus_call(
            "org.freedesktop.ScreenSaver",
            "/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "GetSessionIdleTime",
        )
        return float(value) / 1000.0 if isinstance(value, int) else None


class WindowsIdle:
    name = "Windows (last input time)"

    def idle_seconds(self) -> float | None:
        windll = getattr(ctypes, "windll", None)
        if windll is None:
            return None

        class LastInput(ctypes.Structure):
            _fields_ = [("size", ctypes.c_uint), ("time", ctypes.c_uint)]

        info = LastInput(ctypes.sizeof(LastInput), 0)
        if not windll.user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        now = int(windll.kernel32.GetTickCount()) & 0xFFFFFFFF
        return float((now - int(info.time)) & 0xFFFFFFFF) / 1000.0


class MacIdle:
    name = "macOS (HID idle time)"

    def idle_seconds(self) -> float | None:
        try:
            out = subprocess.run(
                ["ioreg", "-c", "IOHIDSystem", "-d", "4"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        for line in out.splitlines():
            if '"HIDIdleTime"' in line:
                value = line.rsplit("=", 1)[-1].strip()
                if value.isdigit():
                    return int(value) / 1e9
        return None


def candidates(platform: str = sys.platform, env: dict[str, str] | None = None) -> list[IdleSource]:
    """The sources worth asking in this session, most fitting first."""
    env = dict(os.environ) if env is None else env
    if platform == "win32":
        return [WindowsIdle()]
    if platform == "darwin":
        return [MacIdle()]
    found: list[IdleSource] = []
    desktop = env.get("XDG_CURRENT_DESKTOP", "").upper()
    dbus_first: list[IdleSource] = (
        [KdeIdle(), GnomeIdle()]
        if "KDE" in desktop
        else [
            GnomeIdle(),
            KdeIdle(),
        ]
    )
    if env.get("WAYLAND_DISPLAY"):
        found += dbus_first
    if env.get("DISPLAY"):
        found.append(X11Idle())
    if not env.get("WAYLAND_DISPLAY") and env.get("DBUS_SESSION_BUS_ADDRESS"):
        found += dbus_first
    return found


def find_idle_source(sources: list[IdleSource] | None = None) -> IdleSource | None:
    """The first source that answers, or None: then invitations run on elapsed time."""
    for source in candidates() if sources is None else sources:
        if source.idle_seconds() is not None:
            return source
    return None
