"""Starting with the desktop: one interface, one way per platform.

- Linux and other XDG desktops: :class:`XdgAutostart` writes and removes
  ``$XDG_CONFIG_HOME/autostart/io.github.breathingroom.BreathingRoom.desktop``.
- Windows: :class:`WindowsRunKey` sets and deletes the ``Breathing Room`` value of
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``, through a :class:`RunKey`
  (``winreg`` on Windows; tests give a folder-backed one).
- macOS: :class:`MacLaunchAgent` writes and removes
  ``~/Library/LaunchAgents/io.github.breathingroom.BreathingRoom.plist``.
- Inside Flatpak: :class:`PortalAutostart` asks the desktop's Background portal, which writes the
  entry outside the sandbox (a file written from inside would land in the sandbox's own config
  folder, which no session reads).

The command each writes is :func:`start_command`: the app's ``tray`` command, which puts the icon
up with no window (or does nothing when the app already runs). Files are written atomically.
"""

from __future__ import annotations

import errno
import json
import os
import plistlib
import shutil
import sys
from collections.abc import Callable
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

    def on_answer(self, listener: Callable[[str], None]) -> None:
        """Call ``listener`` with a sentence when a change is settled later (the portal's)."""


def start_command(data_dir: Path | None = None) -> list[str]:
    """How the desktop starts the app: the installed ``breathing-room tray``, by full path.

    ``data_dir`` (the folder in use) is named in the command unless it is the usual one, so a
    person who keeps their journal elsewhere logs in to that journal and its break settings."""
    from breathingroom.services.paths import usual_data_dir

    script = shutil.which("breathing-room")
    here = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if here is not None and here.name == "breathing-room" and here.exists():
        script = str(here.absolute())
    command = [script] if script else [sys.executable, "-m", "breathingroom"]
    if data_dir is not None and data_dir.absolute() != usual_data_dir().absolute():
        command += ["--data-dir", str(data_dir.absolute())]
    return [*command, "tray"]


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

    def on_answer(self, listener: Callable[[str], None]) -> None:
        """Changes here are made at once: there is no later answer."""


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

    def on_answer(self, listener: Callable[[str], None]) -> None:
        """Changes here are made at once: there is no later answer."""


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

    def on_answer(self, listener: Callable[[str], None]) -> None:
        """Changes here are made at once: there is no later answer."""


#: What the portal starts at login: the Flatpak's own command, run inside the sandbox.
FLATPAK_COMMAND = ["breathing-room", "tray"]
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
#: Names the portal's request object, so its answer is listened for before the question is sent.
PORTAL_TOKEN = "breathingroom_autostart"
PORTAL_CALL_MS = 10_000


class PortalAutostart:
    """Inside Flatpak: ``org.freedesktop.portal.Background.RequestBackground`` with ``autostart``.

    The portal may ask the person first and answers later, with a ``Response`` signal on the
    request object it hands back (0: allowed). Until then the toggle shows what was asked; after,
    what was allowed, and ``on_answer`` listeners hear it in a sentence. The entry itself is
    outside the sandbox, out of sight, so the last allowed state is kept in ``state``.
    """

    where = "your desktop's list of apps that start at login, through its Background portal"

    def __init__(self, state: Path | None = None) -> None:
        if state is None:
            from breathingroom.services import paths

            state = paths.current().config_dir / "autostart-allowed"
        self.state = state
        self._asked: bool | None = None
        self._listeners: list[Callable[[str], None]] = []
        self._receiver: Any = None

    def on_answer(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def enabled(self) -> bool:
        return self._asked if self._asked is not None else self.state.is_file()

    def enable(self, command: list[str]) -> None:
        self._ask(True)  # the sandbox's own command, whatever ``command`` says outside it

    def disable(self) -> None:
        self._ask(False)

    def _ask(self, on: bool) -> None:
        from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            raise OSError(errno.ENOTCONN, "the desktop's background portal cannot be reached")
        if self._receiver is None:
            self._receiver = _portal_listener(self._answered)
            sender = bus.baseService().lstrip(":").replace(".", "_")
            handle = f"{PORTAL_PATH}/request/{sender}/{PORTAL_TOKEN}"
            # PySide6 takes the SLOT() text as str here, though its stubs say bytes.
            bus.connect(  # type: ignore[call-overload]
                PORTAL,
                handle,
                "org.freedesktop.portal.Request",
                "Response",
                self._receiver,
                "1response(QDBusMessage)",
            )
        call = QDBusMessage.createMethodCall(
            PORTAL, PORTAL_PATH, "org.freedesktop.portal.Background", "RequestBackground"
        )
        options = {
            "handle_token": PORTAL_TOKEN,
            "reason": "To wait in the tray from login, ready when you need a breathing break.",
            "autostart": on,
            "commandline": FLATPAK_COMMAND,
            "dbus-activatable": False,
        }
        call.setArguments(["", options])
        reply = bus.call(call, QDBus.CallMode.Block, PORTAL_CALL_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise OSError(
                errno.EHOSTUNREACH,
                f"the desktop's background portal did not answer ({reply.errorMessage()})",
            )
        self._asked = on

    def _answered(self, code: int) -> None:
        on, self._asked = self._asked, None
        if on is None:
            return
        if code == 0:
            if on:
                self.state.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.state, b"allowed by the Background portal\n")
                text = "Breathing Room will start with the desktop."
            else:
                self.state.unlink(missing_ok=True)
                text = "Breathing Room will no longer start with the desktop."
        else:
            text = (
                "Your desktop did not allow the change; its own settings decide which apps "
                "start at login."
            )
        for listener in self._listeners:
            listener(text)


def _portal_listener(answered: Callable[[int], None]) -> Any:
    """A receiver for the portal's ``Response`` signal (Qt loads only when the portal is used)."""
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtDBus import QDBusMessage

    class Listener(QObject):
        @Slot(QDBusMessage)
        def response(self, message: QDBusMessage) -> None:
            # (u code, a{sv} results): PySide6 cannot read the results, and the code says it.
            arguments = message.arguments()
            answered(int(arguments[0]) if arguments else 2)

    return Listener()


def for_platform(platform: str = sys.platform) -> Autostart:
    if os.environ.get("FLATPAK_ID"):
        return PortalAutostart()
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()
