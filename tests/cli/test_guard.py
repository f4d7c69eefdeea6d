"""Issue 10, part B: the command line refuses what a person would not mean, says why in one line,
and never reports a save that did not happen. Each test runs the real command in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.tmpfs import Tmpfs, mounted


def run(
    data_dir: Path | str | bytes, *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TZ": "Europe/Berlin", **(env or {})}
    environment.pop("BREATHING_ROOM_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", data_dir, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def small_disk() -> Iterator[Tmpfs]:
    """A 256 KiB tmpfs of its own (the shared helper), unmounted afterwards."""
    with mounted("256k") as disk:
        yield disk


# -- 7. patterns --save that cannot be saved ----------------------------------------------------


def test_patterns_save_on_a_full_disk_says_so_and_exits_1(small_disk: Tmpfs) -> None:
    data = small_disk.path / "data"
    assert run(data, "patterns", "--save", "First", "--custom", "4,6").returncode == 0
    before = (data / "settings.json").read_bytes()
    small_disk.fill()
    result = run(data, "patterns", "--save", "Second", "--custom", "4,2,8")
    assert result.returncode == 1
    assert "Saved" not in result.stdout
    assert "not saved" in one_line(result)
    assert (data / "settings.json").read_bytes() == before
    assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]


def test_patterns_save_and_delete_on_a_read_only_disk_say_so_and_exit_1(small_disk: Tmpfs) -> None:
    data = small_disk.path / "data"
    assert run(data, "patterns", "--save", "First", "--custom", "4,6").returncode == 0
    small_disk.remount("ro")
    saved = run(data, "patterns", "--save", "Second", "--custom", "4,2,8")
    assert saved.returncode == 1 and "Saved" not in saved.stdout
    assert "not saved" in one_line(saved)
    deleted = run(data, "patterns", "--delete", "custom-first")
    assert deleted.returncode == 1 and "Deleted" not in deleted.stdout
    assert "not saved" in one_line(deleted)
    rows = json.loads(run(data, "patterns", "--json").stdout)
    assert [r["id"] for r in rows if not r["builtin"]] == ["custom-first"]


# -- 8. a data folder where the lock cannot be made ---------------------------------------------


@pytest.mark.parametrize("how", ["read-only", "full"])
def test_starting_the_app_in_a_folder_that_cannot_be_written_says_so_at_once(
    small_disk: Tmpfs, how: str
) -> None:
    data = small_disk.path / "data"
    data.mkdir()
    if how == "full":
        small_disk.fill()
    else:
        small_disk.remount("ro")
    result = run(data, "breathe", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    line = one_line(result)
    assert "cannot be written" in line and str(data) in line
    assert "another copy" not in line


# -- 9. bytes that are not UTF-8 ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"log", b"--pleasant", b"5", b"--energy", b"5", b"--note", b"caf\xe9"],
        [b"log", b"--pleasant", b"5", b"--energy", b"5", b"--tags", b"walk,\xff"],
        [b"patterns", b"--save", b"\xffname", b"--custom", b"4,6"],
        [b"breathe", b"--pattern", b"bo\xffx"],
    ],
)
def test_bytes_that_are_not_utf8_are_refused_with_one_line(
    tmp_path: Path, args: list[bytes]
) -> None:
    data = tmp_path / "data"
    result = run(data, *args)
    assert result.returncode == 2, result.stderr
    assert "UTF-8" in one_line(result)
    assert not (data / "journal.sqlite3").exists()
    assert not (data / "settings.json").exists()


# -- 19. a shared folder as the data folder -----------------------------------------------------


def test_a_shared_folder_is_refused_and_its_mode_kept(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    result = run(shared, "log", "--pleasant", "5", "--energy", "5")
    assert result.returncode == 2
    assert "shared" in one_line(result)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []
    started = run(shared, "breathe", env={"QT_QPA_PLATFORM": "offscreen"})
    assert started.returncode == 2 and stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_a_folder_of_your_own_keeps_its_mode(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(0o750)
    assert run(mine, "log", "--pleasant", "5", "--energy", "5").returncode == 0
    assert run(mine, "patterns", "--save", "Mine", "--custom", "4,6").returncode == 0
    assert stat.S_IMODE(mine.stat().st_mode) == 0o750


# -- 15. settings saved by several processes at once ----------------------------------------------


def test_patterns_saved_at_the_same_time_are_all_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    names = [f"Pattern {i}" for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(lambda name: run(data, "patterns", "--save", name, "--custom", "4,6"), names)
        )
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    rows = json.loads(run(data, "patterns", "--json").stdout)
    assert sorted(r["name"] for r in rows if not r["builtin"]) == names


# -- loose input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["breathe", "--pattern", ""], "--pattern"),
        (["breathe", "--custom", ""], "--custom"),
        (["breathe", "--minutes", "\uff15"], "minutes"),
        (["breathe", "--custom", "\uff14,\uff16"], "--custom"),
        (["log", "--pleasant", "\uff15", "--energy", "5"], "pleasantness"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", ""], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "\uff12026-07-01T09:15"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "9999-12-31T23:59"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "9999-12-31T23:59+14:00"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "0001-01-01T00:00"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "2026-07-01T09:15+15:00"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "2026-07-01T09:15-14:30"], "--at"),
        (["log", "--pleasant", "5", "--energy", "5", "--at", "2026-07-01T09:15+01:00:30"], "--at"),
        (
            ["log", "--pleasant", "5", "--energy", "5", "--at", "2026-07-01T09:15+01:00:00.5"],
            "--at",
        ),
        (["patterns", "--save", "", "--custom", "4,6"], "--save"),
    ],
)
def test_loose_input_is_refused_with_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    data = tmp_path / "data"
    result = run(data, *args, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = one_line(result)
    assert line.startswith("breathing-room") and message in line
    assert not (data / "journal.sqlite3").exists()
    assert not (data / "instance.lock").exists()  # nothing started


def test_an_empty_data_folder_is_refused(tmp_path: Path) -> None:
    result = run("", "patterns", "--save", "X", "--custom", "4,6", env={"HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "--data-dir" in one_line(result)
    assert not any(tmp_path.rglob("settings.json"))


def test_the_extremes_a_person_means_are_still_accepted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for at in ("2026-07-01T09:15+14:00", "2026-07-01T09:15-12:00", "2026-07-01T09:15:30+05:45"):
        result = run(data, "log", "--pleasant", "5", "--energy", "5", "--at", at)
        assert result.returncode == 0, result.stderr
    exported = json.loads(run(data, "export").stdout)
    assert sorted(c["at"] for c in exported["checkins"]) == sorted(
        ["2026-07-01T09:15:00+14:00", "2026-07-01T09:15:30+05:45", "2026-07-01T09:15:00-12:00"]
    )


def test_a_time_in_the_spring_gap_moves_forward_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run(data, "log", "--pleasant", "5", "--energy", "5", "--at", "2026-03-29T02:30")
    assert result.returncode == 0, result.stderr
    assert "does not exist" in one_line(result) and "03:30" in one_line(result)
    [entry] = json.loads(run(data, "export").stdout)["checkins"]
    assert entry["at"] == "2026-03-29T03:30:00+02:00"
    # An hour that happens twice in autumn is an ordinary time: nothing to say.
    quiet = run(data, "log", "--pleasant", "5", "--energy", "5", "--at", "2026-10-25T02:30")
    assert quiet.returncode == 0 and quiet.stderr == ""


# -- no display ---------------------------------------------------------------------------------


def test_breathe_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(tmp_path / "d"), "breathe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no display" in one_line(result)


def _xcb_cursor_library() -> Path:
    found = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in found.splitlines():
        if "libxcb-cursor.so.0 " in line:
            return Path(line.split("=>")[1].strip()).resolve()
    raise AssertionError("libxcb-cursor0 is not installed (tools/system-deps installs it)")


def test_a_missing_system_library_is_named(tmp_path: Path) -> None:
    """As on a fresh Ubuntu: the X display is there, the xcb plugin's library is not. A private
    mount namespace hides the library from this one command."""
    library = _xcb_cursor_library()
    script = (
        f"mount --bind /dev/null {library} && "
        f"DISPLAY=:99 {sys.executable} -m breathingroom --data-dir {tmp_path / 'd'} breathe"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    assert shutil.which("unshare")
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1, result.stderr
    line = one_line(result)
    assert "libxcb-cursor" in line and "libxcb-cursor0" in line


# -- 17. a runtime folder another user made -----------------------------------------------------


def test_starting_with_another_users_runtime_folder_says_so(tmp_path: Path) -> None:
    base = tmp_path / "tmp"
    base.mkdir(mode=0o1777)
    planted = base / f"breathing-room-{os.getuid()}"
    planted.mkdir(mode=0o777)
    os.chown(planted, 65534, 65534)
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env.update(TMPDIR=str(base), QT_QPA_PLATFORM="offscreen")
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(tmp_path / "d"), "breathe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "belongs to another user" in one_line(result)
    assert list(planted.iterdir()) == []


def test_a_runtime_folder_that_cannot_be_made_is_said_in_one_line(tmp_path: Path) -> None:
    from tests.tmpfs import mounted

    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    with mounted() as tmpdir:
        tmpdir.remount("ro")  # where the private folder would go can not be written
        env["TMPDIR"] = str(tmpdir.path)
        result = subprocess.run(
            [sys.executable, "-m", "breathingroom", "--data-dir", str(tmp_path / "d"), "breathe"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 1
    line = one_line(result)
    assert "cannot make" in line and "TMPDIR" in line


def test_breathe_with_a_display_nobody_serves_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    env["DISPLAY"] = ":987"  # no X server has this number
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(tmp_path / "d"), "breathe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    line = one_line(result)
    assert "no display" in line and ":987" in line
