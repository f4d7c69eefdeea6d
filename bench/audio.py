"""Audio benchmark: time spent in each output callback and CPU of an audio-only session.

Plays a ``coherent`` session with sound for 60 s (``--seconds``) through the app's AudioService,
as an audio-only session would, and prints a table. Uses the default output device; where there
is none (CI, a headless machine) it starts a private PulseAudio with a null sink for the run.

    python bench/audio.py [--seconds 60] [--sound both]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

# Also runnable as ``python bench/audio.py``: the app and the tests' audio helpers.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from tests.audio_tools import Pulse

from breathingroom.core.cues import MODES, CueTrack
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.patterns import PRESETS
from breathingroom.services.audio import AudioService


def _private_pulse() -> Pulse:
    """The tests' private PulseAudio null sink, with this process pointed at it."""
    pulse = Pulse()
    pulse.start()
    os.environ["XDG_RUNTIME_DIR"] = str(pulse.runtime)
    os.environ.pop("PULSE_SERVER", None)
    return pulse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sound", choices=MODES, default="both")
    args = parser.parse_args()

    # A session a little longer than the measurement, so it is still playing at the end.
    session = Session.for_minutes(PRESETS["coherent"], min(60, math.ceil(args.seconds / 60) + 1))
    started = time.perf_counter()
    CueTrack(session, args.sound)
    synth_ms = (time.perf_counter() - started) * 1000

    service = AudioService(measure=True)
    pulse: Pulse | None = None
    ok, message = service.check()
    if not ok:
        print(f"({message} Using a private PulseAudio null sink.)")
        pulse = _private_pulse()
    try:
        clock = SessionClock()
        opened = time.perf_counter()
        if not service.start(session, args.sound, 60, clock, restart_clock=True):
            print(service.message, file=sys.stderr)
            return 1
        start_ms = (time.perf_counter() - opened) * 1000
        cpu0, wall0 = time.process_time(), time.monotonic()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        while time.monotonic() - wall0 < args.seconds:
            service.poll_events()  # as the GUI's timer would, four times a second
            time.sleep(0.25)
        cpu = time.process_time() - cpu0
        wall = time.monotonic() - wall0
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        latency = service.latency  # the stream opened on the service's audio thread
        service.close()
    finally:
        if pulse is not None:
            pulse.kill()
            shutil.rmtree(pulse.runtime, ignore_errors=True)

    times = sorted(service.callback_seconds or [])
    block_ms = 1000 * service._block / service.rate
    rows = [
        ("sound", args.sound),
        ("session played", f"{wall:.1f} s"),
        ("cue track built in", f"{synth_ms:.1f} ms"),
        ("start() returned after", f"{start_ms:.0f} ms"),
        ("buffers", f"{len(times)} of {block_ms:.0f} ms"),
        ("callback median", f"{statistics.median(times) * 1e6:.0f} µs"),
        ("callback p99", f"{times[int(len(times) * 0.99)] * 1e6:.0f} µs"),
        ("callback worst", f"{times[-1] * 1e6:.0f} µs"),
        ("underruns", str(service.underruns)),
        ("output latency (reported)", f"{latency * 1000:.1f} ms"),
        ("CPU (process)", f"{100 * cpu / wall:.2f} %"),
        ("involuntary switches", str(ru1.ru_nivcsw - ru0.ru_nivcsw)),
    ]
    title = "audio-only session"
    width = max(len(title), *(len(k) for k, _ in rows))
    print(f"{title:<{width}}  value")
    print(f"{'-' * width}  {'-' * 16}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
