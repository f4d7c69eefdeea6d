"""Starting with the desktop: each platform's entry really written and removed, in a temp dir."""

from __future__ import annotations

import configparser
import plistlib
import shlex
from pathlib import Path

from breathingroom.services import autostart
from breathingroom.services.autostart import (
    FolderRunKey,
    MacLaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    desktop_exec,
)

COMMAND = ["/home/ana/My Apps/bin/breathing-room", "tray"]


def test_xdg_entry_is_written_with_its_exec_line_and_removed(tmp_path: Path) -> None:
    entry = XdgAutostart(tmp_path / "autostart")
    assert not entry.enabled()
    entry.enable(COMMAND)
    assert entry.enabled()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry.file)
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application"
    assert shlex.split(section["Exec"]) == COMMAND
    assert section["Exec"] == '"/home/ana/My Apps/bin/breathing-room" tray'
    entry.disable()
    assert not entry.enabled() and not entry.file.exists()
    entry.disable()  # removing twice is fine


def test_xdg_entry_goes_to_the_config_home(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert autostart.for_platform("linux").where == str(
        tmp_path / "cfg" / "autostart" / "io.github.breathingroom.BreathingRoom.desktop"
    )


def test_exec_quotes_what_the_desktop_spec_reserves() -> None:
    assert desktop_exec(["/usr/bin/breathing-room", "tray"]) == "/usr/bin/breathing-room tray"
    assert desktop_exec(["/opt/a$b/run", "50%"]) == '"/opt/a\\$b/run" 50%%'


def test_windows_run_key_is_set_and_deleted(tmp_path: Path) -> None:
    key = FolderRunKey(tmp_path / "run-key.json")
    entry = WindowsRunKey(key)
    assert not entry.enabled()
    entry.enable([r"C:\Program Files\Breathing Room\breathing-room.exe", "tray"])
    assert key.get("Breathing Room") == (
        r'"C:\Program Files\Breathing Room\breathing-room.exe" "tray"'
    )
    assert entry.enabled()
    entry.disable()
    assert not entry.enabled() and key.get("Breathing Room") is None
    assert "CurrentVersion\\Run" in entry.where


def test_macos_launch_agent_is_written_and_removed(tmp_path: Path) -> None:
    entry = MacLaunchAgent(tmp_path / "LaunchAgents")
    entry.enable(COMMAND)
    agent = plistlib.loads(entry.file.read_bytes())
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    assert entry.enabled()
    entry.disable()
    assert not entry.file.exists()


def test_the_start_command_is_the_tray_command() -> None:
    command = autostart.start_command()
    assert command[-1] == "tray"
    assert Path(command[0]).is_absolute()


def test_the_start_command_names_a_data_folder_other_than_the_usual_one(tmp_path: Path) -> None:
    from breathingroom.services.paths import usual_data_dir

    elsewhere = autostart.start_command(tmp_path / "journal")
    assert elsewhere[-3:] == ["--data-dir", str(tmp_path / "journal"), "tray"]
    assert "--data-dir" not in autostart.start_command(usual_data_dir())
    assert "--data-dir" not in autostart.start_command()
