"""The files a desktop and a software centre read, and the wheel's contents."""

import configparser
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

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
import tempfile
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


# -- one application id, the desktop file's actions, the metainfo's screenshots and releases -----

APP_ID = "io.github.breathingroom.BreathingRoom"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
FLATPAK = PACKAGING / f"{APP_ID}.json"


def desktop_entry() -> configparser.ConfigParser:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(DESKTOP, encoding="utf-8")
    return entry


def test_one_application_id_everywhere():
    import breathingroom
    from breathingroom.services import paths
    from breathingroom.services.instance_client import socket_path

    assert breathingroom.APP_ID == APP_ID
    entry = desktop_entry()["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    root = ElementTree.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert json.loads(FLATPAK.read_text())["id"] == APP_ID
    assert Path(socket_path(paths.current())).name.startswith(f"{APP_ID}-")
    icons = sorted(p.name for p in (PACKAGING / "icons").rglob("*.*"))
    assert set(icons) == {f"{APP_ID}.svg", f"{APP_ID}-symbolic.svg", f"{APP_ID}.png"}


def test_the_socket_is_in_the_folder_every_flatpak_sandbox_of_the_app_shares(monkeypatch):
    from breathingroom.services import paths
    from breathingroom.services.instance_client import socket_path

    runtime = os.environ["XDG_RUNTIME_DIR"]  # the test's own, private as in a sandbox
    monkeypatch.setenv("FLATPAK_ID", APP_ID)
    assert Path(socket_path(paths.current())).parent == Path(runtime, "app", APP_ID)


def test_every_desktop_action_is_a_command_the_app_takes():
    from breathingroom.cli import build_parser

    entry = desktop_entry()
    actions = [a for a in entry["Desktop Entry"]["Actions"].split(";") if a]
    names = {entry[f"Desktop Action {a}"]["Name"] for a in actions}
    assert names == {"Breathe", "Ground me", "Check in", "Timeline"}
    for action in actions:
        program, *args = shlex.split(entry[f"Desktop Action {action}"]["Exec"])
        assert program == "breathing-room"
        parsed = build_parser().parse_args(args)  # argparse exits on anything it does not take
        assert parsed.command == args[0]
    # tests/e2e/test_installed.py runs each one against the installed app.


def test_metainfo_screenshots_are_the_pictures_make_screenshots_draws():
    root = ElementTree.parse(METAINFO).getroot()
    images = root.findall("screenshots/screenshot/image")
    assert len(images) >= 3
    for image in images:
        url = image.text or ""
        prefix = "https://raw.githubusercontent.com/breathingroom/breathing-room/main/"
        assert url.startswith(prefix), url
        local = ROOT / url.removeprefix(prefix)
        assert local.parent == ROOT / "docs" / "images" and local.is_file(), url
        assert (int(image.get("width")), int(image.get("height"))) == png_size(local), url


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_the_newest_release_is_this_version_and_is_in_the_changelog():
    import breathingroom

    root = ElementTree.parse(METAINFO).getroot()
    newest = root.find("releases/release")
    assert newest.get("version") == breathingroom.__version__
    heading = f"## {newest.get('version')} - {newest.get('date')}"
    assert heading in (ROOT / "CHANGELOG.md").read_text().splitlines()
    assert root.find("content_rating").get("type") == "oars-1.1"


# -- hicolor PNGs rendered from the scalable SVG ---------------------------------------------------


def test_the_committed_pngs_are_the_svg_rendered_at_every_size(qapp, tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import render_icons
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from PySide6.QtGui import QImage

    assert render_icons.SIZES[0] == 16 and render_icons.SIZES[-1] == 512
    for size in render_icons.SIZES:
        committed = QImage(str(render_icons.png_path(size)))
        assert (committed.width(), committed.height()) == (size, size)
        fresh = render_icons.render(size).convertToFormat(committed.format())
        # The same picture; a Qt upgrade may move an anti-aliased edge by a shade, not more.
        worst = max(
            abs(a - b)
            for y in range(size)
            for x in range(0, size, max(1, size // 64))
            for a, b in zip(
                channels(committed.pixel(x, y)), channels(fresh.pixel(x, y)), strict=True
            )
        )
        assert worst <= 8, f"{size}px differs by {worst}: run tools/render_icons.py"


def channels(argb: int) -> tuple[int, int, int, int]:
    return (argb >> 24) & 255, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255


# -- the Flatpak manifest --------------------------------------------------------------------------


def test_the_flatpak_manifest_is_one_flatpak_builder_reads_without_a_warning(tmp_path):
    # flatpak-builder parses the manifest into its own types and warns about every key it does
    # not know ("Unknown property ... for type BuilderModule"); what it prints back is what it read.
    result = subprocess.run(
        ["flatpak-builder", "--show-manifest", str(FLATPAK)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert json.loads(result.stdout) == json.loads(FLATPAK.read_text())


def test_the_flatpak_gets_a_tray_notifications_and_sound_and_nothing_more():
    manifest = json.loads(FLATPAK.read_text())
    assert manifest["runtime"] in {"org.kde.Platform", "org.freedesktop.Platform"}
    assert manifest["command"] == "breathing-room"
    assert sorted(manifest["finish-args"]) == sorted(
        [
            # a window: Wayland, or X11 where there is no Wayland
            "--share=ipc",
            "--socket=wayland",
            "--socket=fallback-x11",
            # sound
            "--socket=pulseaudio",
            # the tray icon, as a StatusNotifierItem (the app is the sandbox's pid 2, item 1)
            "--talk-name=org.kde.StatusNotifierWatcher",
            "--own-name=org.kde.StatusNotifierItem-2-1",
            # tray messages and break invitations, as desktop notifications
            "--talk-name=org.freedesktop.Notifications",
        ]
    )


def test_the_flatpak_installs_this_version_with_pyside6_from_wheels():
    import breathingroom

    modules = {m["name"]: m for m in json.loads(FLATPAK.read_text())["modules"]}
    wheels = {
        Path(s["url"]).name.split("-")[0].lower(): s
        for s in modules["python3-dependencies"]["sources"]
    }
    for needed in ("pyside6_essentials", "shiboken6", "numpy", "pyqtgraph", "sounddevice"):
        assert needed in wheels
    for source in wheels.values():
        assert source["url"].startswith("https://files.pythonhosted.org/")
        assert source["url"].endswith(".whl") and len(source["sha256"]) == 64
    # The same PySide6 the project allows (pyproject.toml keeps it below 6.12).
    pyside = Path(wheels["pyside6_essentials"]["url"]).name.split("-")[1]
    assert tuple(int(p) for p in pyside.split(".")[:2]) < (6, 12)
    [app] = modules["breathing-room"]["sources"]
    assert app["path"] == f"../dist/breathing_room-{breathingroom.__version__}-py3-none-any.whl"


def test_the_socket_path_stays_short_enough_for_macos(monkeypatch):
    from breathingroom.services import paths
    from breathingroom.services.instance_client import socket_path

    monkeypatch.delenv("XDG_RUNTIME_DIR")
    # As long as macOS's TMPDIR (/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T/).
    long_tmp = Path(tempfile.mkdtemp(prefix="br-" + "x" * 44))
    short_tmp = Path(tempfile.mkdtemp(prefix="br-"))
    try:
        monkeypatch.setenv("TMPDIR", str(long_tmp))
        path = Path(socket_path(paths.current()))
        assert len(str(path).encode()) < 104  # macOS's sun_path, with its closing NUL
        assert path.parent == Path("/tmp", f"breathing-room-{os.getuid()}")  # private, in /tmp
        assert path.name.startswith(f"{APP_ID}-")
        monkeypatch.setenv("TMPDIR", str(short_tmp))
        assert (
            Path(socket_path(paths.current())).parent == short_tmp / f"breathing-room-{os.getuid()}"
        )
    finally:
        shutil.rmtree(long_tmp)
        shutil.rmtree(short_tmp)
