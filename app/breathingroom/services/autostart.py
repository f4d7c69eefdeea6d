"""Starting with the desktop: one interface, one way per platform.

- Linux and other XDG desktops: :class:`XdgAutostart` writes and removes
  ``$XDG_CONFIG_HOME/autostart/io.github.breathingroom.BreathingRoom.desktop``.
- Windows: :class:`WindowsRunKey` sets and deletes the ``Breathing Room`` value of
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``, through a :class:`RunKey`
  (``winreg`` on Windows; tests give a folder-backed one).
- macOS: :class:`MacLaunchAgent` writes and removes
  ``~/Library/LaunchAgents/io.github.breathingroom.BreathingRoom.plist``.

The command each writes is :func:`start_command`: the app's ``tray`` command, which puts the icon
up with no window (or does nothing when the app already runs). Files are written atomically.
"""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import sys
from pathlib import Path
from typing import Any, Protocol

from breathingroom import APP_ID
from breathingroom.services.atomic import write_atomic

RUN_VALUE = "Breathing Room"
AGENT_LABEL = APP_ID


class Autostart(Protocol):
    #: Where the entry lives, said in the settings window.
    where: str

    def enabled(self) -> bool: ...

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...


def start_command() -> list[str]:
    """How the desktop starts the app: the installed ``breathing-room tray``, by full path."""
    script = shutil.which("breathing-room")
    here = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if here is not None and here.name == "breathing-room" and here.exists():
        script = str(here.absolute())
    if script:
        return [script, "tray"]
    return [sys.executable, "-m", "breathingroom", "tray"]


def desktop_exec(command: list[str]) -> str:
    """``command`` as a desktop entry's ``Exec`` value, quoted as the specification asks."""
    out = []
    for arg in command:
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
            escaped = escaped.replace("$", "\\$")
            arg = f'"{escaped}"'
        out.append(arg.replace("%", "%%"))
    return " ".join(out)


class XdgAutostart:
    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
            folder = Path(config) / "autostart"
        self.file = folder / f"{APP_ID}.desktop"
        self.where = str(self.file)

    def enabled(self) -> bool:
        return self.file.is_file()

    def enable(self, command: list[str]) -> None:
        text = (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Breathing Room\n"
            "Comment=Paced breathing, grounding and a private mood journal, in the tray\n"
            f"Exec={desktop_exec(command)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
            "X-GNOME-Autostart-Delay=5\n"
        )
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, text.encode("utf-8"))

    def disable(self) -> None:
        self.file.unlink(missing_ok=True)


class RunKey(Protocol):
    """The current user's ``Run`` key: named string values."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


def _winreg() -> Any:  # pragma: no cover - Windows only
    """The registry module, typed loosely so this file checks on every platform."""
    import importlib

    return importlib.import_module("winreg")


class WinRegRunKey:
    PATH = r"Software\Microsoft\Windows\CurrentVersion\Run"

    def get(self, name: str) -> str | None:  # pragma: no cover - Windows only
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.PATH) as key:
                value, _ = winreg.QueryValueEx(key, name)
        except OSError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:  # pragma: no cover - Windows only
        winreg = _winreg()

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, self.PATH) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:  # pragma: no cover - Windows only
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.PATH, 0, winreg.KEY_SET_VALUE) as k:
                winreg.DeleteValue(k, name)
        except FileNotFoundError:
            pass


class FolderRunKey:
    """A ``Run`` key kept as a JSON file, where the real registry is out of reach (tests)."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        data = self._read()
        data[name] = value
        write_atomic(self.file, json.dumps(data).encode("utf-8"))

    def delete(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is not None:
            write_atomic(self.file, json.dumps(data).encode("utf-8"))


def windows_command_line(command: list[str]) -> str:
    """``command`` as one Windows command line, each part quoted."""
    return " ".join(f'"{part}"' for part in command)


class WindowsRunKey:
    def __init__(self, key: RunKey | None = None) -> None:
        self.key = key or WinRegRunKey()
        self.where = rf"HKEY_CURRENT_USER\{WinRegRunKey.PATH}\{RUN_VALUE}"

    def enabled(self) -> bool:
        return self.key.get(RUN_VALUE) is not None

    def enable(self, command: list[str]) -> None:
        self.key.set(RUN_VALUE, windows_command_line(command))

    def disable(self) -> None:
        self.key.delete(RUN_VALUE)


class MacLaunchAgent:
    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or Path.home() / "Library" / "LaunchAgents"
        self.file = folder / f"{AGENT_LABEL}.plist"
        self.where = str(self.file)

    def enabled(self) -> bool:
        return self.file.is_file()

    def enable(self, command: list[str]) -> None:
        agent = {
            "Label": AGENT_LABEL,
            "ProgramArguments": command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, plistlib.dumps(agent))

    def disable(self) -> None:
        self.file.unlink(missing_ok=True)


def for_platform(platform: str = sys.platform) -> Autostart:
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()
