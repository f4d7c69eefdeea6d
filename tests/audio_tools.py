"""Real audio for tests: a private PulseAudio server with a null sink, and ``parec`` on its monitor.

PortAudio's ALSA ``default`` device plays into the null sink ``cue`` through libasound2-plugins;
``parec`` records ``cue.monitor``. Used by the audio service's tests, the end-to-end test that
runs the app with sound, and the audio benchmarks. The ``pulse`` fixture below reaches every
test through ``pytest_plugins`` in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

RATE = 48000


class Pulse:
    """A private PulseAudio server with one null sink, ``cue``."""

    def __init__(self) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix="br-pulse-"))
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime)}
        self.env.pop("PULSE_SERVER", None)

    def start(self) -> None:
        subprocess.run(
            [
                "pulseaudio",
                "--daemonize=yes",
                "--exit-idle-time=-1",
                "-n",
                "--load=module-null-sink sink_name=cue",
                "--load=module-native-protocol-unix",
            ],
            env=self.env,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode:
            assert time.monotonic() < deadline, "PulseAudio did not come up"
            time.sleep(0.05)

    def pid(self) -> int | None:
        """The server's process id, from the pid file it keeps in its runtime folder."""
        try:
            return int((self.runtime / "pulse" / "pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def kill(self) -> None:
        """Stop this server (by its own pid, never by name) and wait until it is gone."""
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
            assert time.monotonic() < deadline, "PulseAudio did not stop"
            time.sleep(0.05)

    def sink_inputs(self) -> list[str]:
        out = subprocess.run(
            ["pactl", "list", "short", "sink-inputs"],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line for line in out.splitlines() if line.strip()]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@pytest.fixture
def pulse(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pulse]:
    """A private PulseAudio with the null sink ``cue``; this process's sound goes there too."""
    server = Pulse()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(server.runtime))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    server.start()
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(server.runtime, ignore_errors=True)


class Recorder:
    """``parec`` on the sink's monitor, noting when the file grows (to place samples in time)."""

    def __init__(self, pulse: Pulse, path: Path) -> None:
        self.path = path
        self.proc = subprocess.Popen(
            [
                "parec",
                "-d",
                "cue.monitor",
                "--latency-msec=5",
                "--file-format=wav",
                f"--rate={RATE}",
                "--channels=1",
                "--format=s16le",
                str(path),
            ],
            env=pulse.env,
        )
        self.marks: list[tuple[float, int]] = []
        # The monitor delivers nothing for a moment after a recorder attaches (perhaps a first
        # fragment, then a pause of about 2 s): wait until half a second of sound has come.
        deadline = time.monotonic() + 15
        while self._size() <= 44 + RATE:
            assert time.monotonic() < deadline, "the monitor never delivered data"
            time.sleep(0.01)

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def watch(self, seconds: float) -> None:
        """Note (monotonic time, bytes in the file) every few milliseconds for ``seconds``."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.marks.append((time.monotonic(), self._size()))
            time.sleep(0.005)

    def stop(self) -> np.ndarray:
        self.proc.terminate()
        self.proc.wait(10)
        with wave.open(str(self.path)) as w:
            assert w.getframerate() == RATE
            data = w.readframes(w.getnframes())
        return np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0

    def sample_zero_time(self) -> float:
        """The monotonic time of the file's first sample: data arrive no earlier than played."""
        times = np.array([t for t, _ in self.marks])
        samples = (np.array([b for _, b in self.marks]) - 44) / 2
        seen = samples > 0
        return float(np.min(times[seen] - samples[seen] / RATE))


def onsets(x: np.ndarray, quiet: float = 0.05, level: float = 0.01) -> list[int]:
    """Samples where the sound rises above ``level`` after ``quiet`` seconds below it."""
    loud = np.flatnonzero(np.abs(x) > level)
    if loud.size == 0:
        return []
    gaps = np.diff(loud)
    return [int(loud[0])] + [
        int(s) for s, g in zip(loud[1:], gaps, strict=True) if g > quiet * RATE
    ]
