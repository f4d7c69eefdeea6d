"""What `make dist` makes: the wheel's, sdist's and bundle's sizes, and how fast the bundle starts
compared with the installed app (`--version`, and process start to the icon embedded in trayer).

Measures dist/ as `make dist` left it, and runs `make dist` first when it holds no bundle.
Environment: BENCH_RUNS (default 7).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tests.e2e.xtools import Display, TrayHost, app_command, stop

from bench._common import ROOT, table
from bench.startup import embedded

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
DIST = ROOT / "dist"
BUNDLE = DIST / "breathing-room" / "breathing-room"


def size_mb(path: Path) -> float:
    # A bundle links some libraries to others: count each file once, links not at all.
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    files = [p for p in files if not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6


def seconds_to_version(cmd: list[str]) -> float:
    start = time.monotonic()
    subprocess.run([*cmd, "--version"], check=True, capture_output=True)
    return time.monotonic() - start


def seconds_to_icon(tray: TrayHost, cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not embedded(tray, "Breathing Room"):
            if time.monotonic() - start > 30:
                raise RuntimeError(f"{cmd} never docked")
            time.sleep(0.002)
        return time.monotonic() - start
    finally:
        stop(proc)
        while embedded(tray, "Breathing Room"):
            time.sleep(0.01)


def main() -> None:
    if not BUNDLE.exists():
        subprocess.run(["make", "dist"], cwd=ROOT, check=True)
    [wheel] = DIST.glob("breathing_room-*.whl")
    [sdist] = DIST.glob("breathing_room-*.tar.gz")
    print("Sizes of what `make dist` made\n")
    table(
        ["file", "size"],
        [[p.relative_to(ROOT), f"{size_mb(p):.2f} MB"] for p in (wheel, sdist, BUNDLE.parent)],
    )

    commands = {"bundle": [str(BUNDLE)], "installed (venv)": app_command()}
    display = Display()
    tray = TrayHost(display)
    version: dict[str, list[float]] = {label: [] for label in commands}
    icon: dict[str, list[float]] = {label: [] for label in commands}
    try:
        for _ in range(RUNS):
            for label, cmd in commands.items():
                with tempfile.TemporaryDirectory() as data:
                    env = {**display.env, "BREATHING_ROOM_DATA_DIR": data, "XDG_RUNTIME_DIR": data}
                    version[label].append(seconds_to_version(cmd))
                    icon[label].append(seconds_to_icon(tray, cmd, env))
    finally:
        tray.close()
        display.close()
    print(f"\nStart-up ({RUNS} runs each, alternating; median, best, worst)\n")
    rows = []
    for label in commands:
        for what, values in (("--version", version[label]), ("icon in tray", icon[label])):
            rows.append(
                [
                    label,
                    what,
                    f"{statistics.median(values) * 1000:.0f} ms",
                    f"{min(values) * 1000:.0f} ms",
                    f"{max(values) * 1000:.0f} ms",
                ]
            )
    table(["app", "until", "median", "best", "worst"], rows)


if __name__ == "__main__":
    main()
