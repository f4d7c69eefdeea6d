"""The files a desktop and a software centre read, and the wheel's contents."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def test_metainfo_passes_appstream_validation():
    result = subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(PACKAGING / "io.github.breathingroom.BreathingRoom.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_is_valid():
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "io.github.breathingroom.BreathingRoom.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_icons_in_packaging_resolve():
    for icon in (PACKAGING / "icons").rglob("*.svg"):
        assert icon.resolve().is_file(), icon
        assert icon.read_text().lstrip().startswith("<svg")


def test_the_wheel_ships_resources_inside_the_package(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("breathing_room-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "breathingroom/resources/icons/breathing-room.svg" in names
    assert "breathingroom/cli/__init__.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)
