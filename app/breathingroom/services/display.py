"""Can Qt show a window here? Asked before Qt is loaded, because Qt's own answer is to abort.

Without a display, or with a system library the X11 (xcb) platform plugin needs missing (on a
fresh Ubuntu that is ``libxcb-cursor0``), ``QApplication`` prints several lines and aborts the
process (exit 134). :func:`display_problem` finds either case first and names it in one line. It
loads the plugin with ``dlopen``, as Qt would, so the library it names is the one really missing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
from collections.abc import Mapping
from pathlib import Path


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """One line saying why no window can be shown, or None when Qt should manage."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: Qt's choice, not one we can check
    has_x = bool(env.get("DISPLAY"))
    if not has_x:
        if env.get("WAYLAND_DISPLAY") and not platform:
            return None  # Qt will use Wayland
        return "there is no display to show the app on (DISPLAY is not set)"
    missing = _missing_library(_xcb_plugin())
    if missing is not None:
        return (
            f"the app cannot open a window: the system library {missing} is missing "
            f"(on Ubuntu or Debian: sudo apt install {debian_package(missing)})"
        )
    if not _x_answers(env["DISPLAY"]):
        return f"there is no display to show the app on (cannot connect to {env['DISPLAY']})"
    return None


def debian_package(library: str) -> str:
    """``libxcb-cursor.so.0`` → ``libxcb-cursor0``, as Debian names a library's package."""
    match = re.fullmatch(r"(.+?)\.so\.(\d+)(?:\..*)?", library)
    if match is None:
        return library
    name, version = match.groups()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def _missing_library(plugin: Path | None) -> str | None:
    """The first shared library ``plugin`` needs that cannot be loaded, or None."""
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        # glibc says "libxcb-cursor.so.0: cannot open shared object file: No such file…"
        match = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object file", str(exc))
        return match.group(1) if match else str(exc).split(":")[0]
    return None


def _x_answers(display: str) -> bool:
    """Whether the X server ``display`` accepts a connection, asked as Qt will ask (libxcb)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # the plugin loaded, so libxcb is there; let Qt say what is wrong
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)
