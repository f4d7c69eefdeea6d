"""Start-up to the tray icon embedded in trayer, idle CPU and memory, against a bare PySide6 tray.

Environment: BENCH_RUNS (default 7), BENCH_IDLE_SECONDS (default 60).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from tests.e2e.xtools import Display, TrayHost, app_command, stop

from bench._common import ROOT, cpu_seconds, rss_mb, table

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
IDLE = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
ICON = str(ROOT / "resources" / "icons" / "breathing-room.svg")


def embedded(tray: TrayHost, name: str) -> bool:
    return any(w.name == name for w in tray.icons())


def time_to_icon(display: Display, tray: TrayHost, cmd: list[str], name: str, env: dict[str, str]):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not embedded(tray, name):
        if time.monotonic() - start > 30:
            stop(proc)
            raise RuntimeError(f"{cmd} never docked")
        time.sleep(0.002)
    return time.monotonic() - start, proc


def main() -> None:
    display = Display()
    tray = TrayHost(display)
    results: dict[str, list[float]] = {"minimal PySide6 tray": [], "breathing-room": []}
    procs = {}
    try:
        for run in range(RUNS):
            for label in results:
                data = tempfile.mkdtemp()
                env = {**display.env, "BREATHING_ROOM_DATA_DIR": data, "XDG_RUNTIME_DIR": data}
                if label == "breathing-room":
                    cmd, name = app_command(), "Breathing Room"
                else:
                    cmd, name = (
                        [sys.executable, str(ROOT / "bench" / "minimal_tray.py"), ICON],
                        ("minimal_tray.py"),
                    )
                seconds, proc = time_to_icon(display, tray, cmd, name, env)
                results[label].append(seconds)
                if run == RUNS - 1:
                    procs[label] = proc
                else:
                    stop(proc)
                    while embedded(tray, name):
                        time.sleep(0.01)
        base = statistics.median(results["minimal PySide6 tray"])
        rows = []
        for label, values in results.items():
            med = statistics.median(values)
            rows.append(
                [
                    label,
                    f"{med * 1000:.0f} ms",
                    f"{min(values) * 1000:.0f} ms",
                    f"{max(values) * 1000:.0f} ms",
                    f"{med / base:.2f}x",
                ]
            )
        print(f"Process start to icon embedded in trayer ({RUNS} runs each, alternating)\n")
        table(["app", "median", "best", "worst", "vs minimal"], rows)

        # Let both settle after start-up (the app builds its SOS window 1.5 s in) before idle.
        time.sleep(3)
        before = {label: cpu_seconds(p.pid) for label, p in procs.items()}
        time.sleep(IDLE)
        rows = []
        for label, p in procs.items():
            used = cpu_seconds(p.pid) - before[label]
            rows.append(
                [
                    label,
                    f"{IDLE:.0f} s",
                    f"{used * 1000:.0f} ms",
                    f"{100 * used / IDLE:.2f} %",
                    f"{rss_mb(p.pid):.1f} MB",
                ]
            )
        print("\nIdle in the tray\n")
        table(["app", "idle for", "CPU time", "CPU", "resident memory"], rows)
        mem = {label: rss_mb(p.pid) for label, p in procs.items()}
        print(
            f"\nmemory over the minimal tray app: "
            f"{mem['breathing-room'] - mem['minimal PySide6 tray']:+.1f} MB"
        )
    finally:
        for p in procs.values():
            stop(p)
        tray.close()
        display.close()


if __name__ == "__main__":
    main()
