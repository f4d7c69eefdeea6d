"""SOS latency: from the start of ``breathing-room sos`` to the SOS window mapped on screen.

With the app running in trayer on Xvfb: the first SOS after start-up (what a person in crisis
meets) and the median of the ones after it, each beside ``breathing-room --version`` timed in
the same run. From nothing running: ``sos`` to the window, beside the app's start to the tray.

Environment: BENCH_SOS_RUNS (default 20).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time

from tests.e2e.xtools import Display, TrayHost, app_command, stop

from bench._common import table

RUNS = int(os.environ.get("BENCH_SOS_RUNS", "20"))
TITLE = "SOS · Breathing Room"


def visible(display: Display, name: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env=display.env,
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


def until(predicate, what: str, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.001)
    return time.monotonic()


def embedded(tray: TrayHost) -> bool:
    return any(w.name == "Breathing Room" for w in tray.icons())


def run_cli(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*app_command(), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def timed_sos(display: Display, env: dict[str, str]) -> float:
    """Seconds from starting ``sos`` to the SOS window on screen; then put it away again."""
    start = time.monotonic()
    client = run_cli(env, "sos")
    shown = until(lambda: visible(display, TITLE), "the SOS window")
    client.wait(timeout=30)
    for window in visible(display, TITLE):
        subprocess.run(
            ["xdotool", "windowfocus", "--sync", window, "key", "Escape"], env=display.env
        )
    until(lambda: not visible(display, TITLE), "the SOS window to close")
    return shown - start


def version_seconds(env: dict[str, str], runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run([*app_command(), "--version"], env=env, capture_output=True, check=True)
        times.append(time.monotonic() - start)
    return statistics.median(times)


def main() -> None:
    display = Display()
    tray = TrayHost(display)
    data = tempfile.mkdtemp()
    env = {**display.env, "BREATHING_ROOM_DATA_DIR": data, "XDG_RUNTIME_DIR": data}
    app = None
    rows = []
    try:
        version = version_seconds(env)
        # From nothing running: sos starts the app straight into the question.
        start = time.monotonic()
        app = run_cli(env, "sos")
        cold = until(lambda: visible(display, TITLE), "the SOS window") - start
        stop(app)
        until(lambda: not embedded(tray), "the icon to leave the tray")
        start = time.monotonic()
        app = run_cli(env)
        to_tray = until(lambda: embedded(tray), "the tray icon") - start
        time.sleep(3)  # the app settles (and builds the SOS window ahead) before the first SOS
        first = timed_sos(display, env)
        later = [timed_sos(display, env) for _ in range(RUNS)]
        version_after = version_seconds(env)
        version = (version + version_after) / 2
        median = statistics.median(later)

        def row(label: str, seconds: float, base: float, base_name: str) -> list[object]:
            return [label, f"{seconds * 1000:.0f} ms", f"{seconds / base:.2f}x {base_name}"]

        rows = [
            ["breathing-room --version", f"{version * 1000:.0f} ms", "1.00x --version"],
            row("first SOS, app running", first, version, "--version"),
            row(f"later SOS (median of {RUNS})", median, version, "--version"),
            ["app start to tray icon", f"{to_tray * 1000:.0f} ms", "1.00x start to tray"],
            row("SOS with nothing running", cold, to_tray, "start to tray"),
        ]
        print("From the start of the command to the SOS window mapped (Xvfb, trayer)\n")
        table(["what", "time", "ratio"], rows)
        print(f"\nlater SOS: best {min(later) * 1000:.0f} ms, worst {max(later) * 1000:.0f} ms")
    finally:
        stop(app)
        tray.close()
        display.close()


if __name__ == "__main__":
    main()
