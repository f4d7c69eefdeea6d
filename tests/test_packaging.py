"""The files a desktop and a software centre read, and the wheel's contents."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once for this module, offline from the installed hatchling."""
    out = tmp_path_factory.mktemp("wheel")
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
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    [built] = out.glob("breathing_room-*.whl")
    return built


def test_the_wheel_ships_resources_inside_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "breathingroom/resources/icons/breathing-room.svg" in names
    assert "breathingroom/resources/exercises/5-4-3-2-1.toml" in names
    assert "breathingroom/cli/__init__.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)


# Run in a fresh interpreter whose path puts the installed copy ahead of the editable one.
LOAD_ICON = """
import sys
import breathingroom
from breathingroom.ui import resources

assert resources.read_bytes("icons", "breathing-room.svg").lstrip().startswith(b"<svg")
with open(resources.path("icons", "breathing-room-active.svg"), "rb") as f:
    assert f.read().lstrip().startswith(b"<svg")
print(breathingroom.__file__)
print(resources.root())
"""


def run_from(location: Path, cwd: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOAD_ICON],
        env={**os.environ, "PYTHONPATH": str(location)},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_an_installed_wheel_finds_its_resources_inside_the_package(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    module, root = run_from(target, cwd=tmp_path)
    assert Path(module).is_relative_to(target)  # not the editable install of this checkout
    assert Path(root) == target / "breathingroom" / "resources"


def test_a_zipped_package_finds_its_resources_inside_the_zip(wheel, tmp_path):
    # A wheel is a zip with the package at its top, so it can be imported from directly.
    module, root = run_from(wheel, cwd=tmp_path)
    assert module.startswith(str(wheel))
    assert root.startswith(str(wheel))


LOAD_EXERCISES = """
import breathingroom
from breathingroom.services import exercise_library
loaded = exercise_library.load()
assert loaded.errors == [], loaded.errors
print(breathingroom.__file__)
print(len(loaded.exercises))
"""


def test_a_zipped_package_loads_the_exercise_library_from_inside_the_zip(wheel, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", LOAD_EXERCISES],
        env={**os.environ, "PYTHONPATH": str(wheel)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    module, count = result.stdout.splitlines()
    assert module.startswith(str(wheel))
    assert int(count) == len(list((ROOT / "resources" / "exercises").glob("*.toml")))


def test_a_checkout_finds_the_resources_at_the_top_of_the_tree():
    from breathingroom.ui import resources

    assert resources.root() == ROOT / "resources"
    assert Path(resources.path("icons", "breathing-room.svg")).is_file()
