"""The packages people install, built and started the way they would be, outside this checkout.

The sdist and wheel are built by ``python -m build`` with the backend pinned in pyproject.toml,
the wheel is installed by ``pipx`` into a virtual environment of its own, and that install is
started under Xvfb with a tray host. A PyInstaller one-folder bundle is then made from that same
install with ``packaging/breathing-room.spec``, started the same way, and deleted.

Nothing here imports from the checkout's ``app/``: every command runs from the install.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from breathingroom import APP_ID, __version__
from tests.e2e.xtools import Display, TrayHost, stop, visible_windows, wait_for

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
EXERCISES = len(list((ROOT / "resources" / "exercises").glob("*.toml")))

#: The window each desktop action opens, by the action's id in the desktop file.
ACTION_WINDOWS = {
    "Breathe": "Coherent · Breathe · Breathing Room",
    "GroundMe": "5-4-3-2-1 · Breathing Room",
    "CheckIn": "^Check in$",
    "Timeline": "Review my week · Breathing Room",
}


def pinned(tool: str) -> str:
    """``tool==version`` as packaging/build-requirements.txt pins it."""
    for line in (PACKAGING / "build-requirements.txt").read_text().splitlines():
        if line.startswith(f"{tool}=="):
            return line.strip()
    raise AssertionError(f"{tool} is not pinned in packaging/build-requirements.txt")


def run(*args: str | Path, timeout: float = 900, **kwargs: object) -> str:
    """Run a build step; its output is shown when it fails."""
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass
class Install:
    wheel: Path
    sdist: Path
    command: Path  # the breathing-room that pipx put on its PATH
    venv: Path  # the environment pipx made for it
    base: Path

    @property
    def env(self) -> dict[str, str]:
        """This test's environment (its own data folder), without the checkout on any path."""
        kept = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
        return kept | {
            "PIPX_HOME": str(self.base / "pipx"),
            "PIPX_BIN_DIR": str(self.base / "bin"),
            "PIPX_MAN_DIR": str(self.base / "man"),
        }


@pytest.fixture(scope="module")
def install() -> Iterator[Install]:
    # Outside the checkout, and away from the tests' per-test folders.
    base = Path(tempfile.mkdtemp(prefix="br-install-"))
    try:
        tools = base / "tools"
        run(sys.executable, "-m", "venv", tools)
        run(tools / "bin" / "python", "-m", "pip", "install", "-q", pinned("build"), pinned("pipx"))
        dist = base / "dist"
        run(tools / "bin" / "python", "-m", "build", "--outdir", dist, ROOT, cwd=base)
        [wheel] = dist.glob("breathing_room-*.whl")
        [sdist] = dist.glob("breathing_room-*.tar.gz")
        made = Install(
            wheel,
            sdist,
            base / "bin" / "breathing-room",
            base / "pipx" / "venvs" / "breathing-room",
            base,
        )
        run(tools / "bin" / "pipx", "install", wheel, env=made.env, cwd=base)
        yield made
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_the_wheel_and_sdist_are_built_by_the_pinned_backend(install: Install) -> None:
    [backend] = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    name, version = backend.split("==")
    with zipfile.ZipFile(install.wheel) as wheel:
        info = wheel.read(f"breathing_room-{__version__}.dist-info/WHEEL").decode()
        names = wheel.namelist()
    assert f"Generator: {name} {version}" in info
    data = f"breathing_room-{__version__}.data/data/share"
    assert f"{data}/applications/{APP_ID}.desktop" in names
    assert f"{data}/metainfo/{APP_ID}.metainfo.xml" in names
    assert f"{data}/icons/hicolor/scalable/apps/{APP_ID}.svg" in names
    assert f"{data}/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg" in names
    with tarfile.open(install.sdist) as sdist:
        members = sdist.getnames()
    top = f"breathing_room-{__version__}"
    for needed in (
        "pyproject.toml",
        "PKG-INFO",
        "resources/exercises/5-4-3-2-1.toml",
        "packaging/breathing-room.spec",
        "app/breathingroom/__init__.py",
    ):
        assert f"{top}/{needed}" in members, needed


def test_pipx_gives_the_command_and_it_runs_from_the_install(install: Install, tmp_path) -> None:
    version = run(install.command, "--version", env=install.env, cwd=tmp_path)
    assert version.strip() == f"breathing-room {__version__}"
    listed = run(install.command, "ground", "--list", env=install.env, cwd=tmp_path)
    assert len(listed.splitlines()) == EXERCISES
    where = run(
        install.venv / "bin" / "python",
        "-c",
        "import breathingroom; from breathingroom.services.resources import root; "
        "print(breathingroom.__file__); print(root())",
        env=install.env,
        cwd=tmp_path,
    ).splitlines()
    assert [Path(p).is_relative_to(install.venv) for p in where] == [True, True], where
    assert Path(where[1]) == Path(where[0]).parent / "resources"


def test_the_installed_desktop_files_are_valid(install: Install) -> None:
    share = install.venv / "share"
    run("desktop-file-validate", share / "applications" / f"{APP_ID}.desktop")
    run("appstreamcli", "validate", "--no-net", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()


def desktop_actions(desktop_file: Path) -> dict[str, list[str]]:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(desktop_file, encoding="utf-8")
    actions = [a for a in entry["Desktop Entry"]["Actions"].split(";") if a]
    return {a: shlex.split(entry[f"Desktop Action {a}"]["Exec"]) for a in actions}


def start_under_tray(
    command: Path, display: Display, cwd: Path
) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    env = {
        **display.env,
        "BREATHING_ROOM_DATA_DIR": str(cwd / "data"),
        "XDG_RUNTIME_DIR": os.environ["XDG_RUNTIME_DIR"],  # the test's own, from _fresh_paths
    }
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(
        [str(command)], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return proc, env


def test_the_installed_app_docks_in_the_tray_and_runs_every_desktop_action(
    install: Install, display: Display, tray: TrayHost, tmp_path: Path
) -> None:
    proc, env = start_under_tray(install.command, display, tmp_path)
    try:
        tray.settled_icon()
        actions = desktop_actions(install.venv / "share" / "applications" / f"{APP_ID}.desktop")
        assert set(actions) == set(ACTION_WINDOWS)
        for action, argv in actions.items():
            assert argv[0] == "breathing-room"
            result = subprocess.run(
                [str(install.command), *argv[1:]],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert result.returncode == 0, f"{action}: {result.stderr}"
            wait_for(
                lambda a=action: visible_windows(display, ACTION_WINDOWS[a]),
                what=f"the window of the {action} action",
            )
            assert proc.poll() is None
        assert len([w for w in tray.icons() if w.name == "Breathing Room"]) == 1
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def bundle(install: Install) -> Iterator[Path]:
    """The one-folder bundle, made from the pipx install (not the checkout), deleted after."""
    python = install.venv / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", pinned("pyinstaller"), env=install.env)
    out, work = install.base / "bundle", install.base / "pyinstaller"
    try:
        run(
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            out,
            "--workpath",
            work,
            PACKAGING / "breathing-room.spec",
            env=install.env,
            cwd=install.base,
        )
        yield out / "breathing-room"
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def test_the_bundle_answers_version_and_docks_in_the_tray(
    bundle: Path, display: Display, tray: TrayHost, tmp_path: Path
) -> None:
    command = bundle / "breathing-room"
    # The package inside is the bundle's own copy, with its resources beside it.
    assert (bundle / "_internal" / "breathingroom" / "resources" / "exercises").is_dir()
    version = run(command, "--version", cwd=tmp_path)
    assert version.strip() == f"breathing-room {__version__}"
    assert len(run(command, "ground", "--list", cwd=tmp_path).splitlines()) == EXERCISES
    # The timeline draws with pyqtgraph and numpy: the bundle carries them, and they load.
    picture = tmp_path / "year.png"
    run(command, "timeline", "--year", "2026", "--screenshot", picture, cwd=tmp_path)
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    proc, env = start_under_tray(command, display, tmp_path)
    try:
        tray.settled_icon()
        assert proc.poll() is None
        result = subprocess.run(
            [str(command), "breathe", "--pattern", "box"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        wait_for(lambda: visible_windows(display, "Box · Breathe"), what="the bundle's pacer")
    finally:
        stop(proc)
    assert proc.returncode == 0  # SIGTERM ends the bundled app cleanly
