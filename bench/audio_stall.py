"""GUI-thread stalls while sound starts, pauses, resumes and stops.

A real QApplication (offscreen) runs a ``BreathingRun`` with a ``SoundControl`` playing into a
private PulseAudio null sink (the tests' helper), as the app does. A 1 ms PreciseTimer notes every
turn of the event loop; for each control call the table gives the wall time of the call itself and
the longest gap between two turns of the loop from the call until 0.6 s later (so work the call
leaves for later, such as draining the audio thread's news, counts too). A frame is 16 ms.

Environment: BENCH_AUDIO_STALL_ROUNDS (default 4): how many start/pause/resume/stop rounds.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import time
from collections.abc import Callable

from tests.audio_tools import Pulse

from bench._common import table

ROUNDS = int(os.environ.get("BENCH_AUDIO_STALL_ROUNDS", "4"))
#: How long after each call the event loop is watched (and the sound left to play).
SETTLE_MS = 600


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    pulse = Pulse()
    pulse.start()
    os.environ["XDG_RUNTIME_DIR"] = str(pulse.runtime)
    os.environ.pop("PULSE_SERVER", None)
    try:
        rows = _measure()
    finally:
        pulse.kill()
        shutil.rmtree(pulse.runtime, ignore_errors=True)
    print(
        f"{ROUNDS} rounds of start/pause/resume/stop (coherent, sound 'both'), offscreen Qt,\n"
        "PortAudio into a PulseAudio null sink. 'call' is the wall time of the call; 'stall' the\n"
        f"longest gap between event-loop turns within {SETTLE_MS} ms of it. "
        "The first start loads PortAudio.\n"
    )
    table(["step", "call median ms", "call worst ms", "stall median ms", "stall worst ms"], rows)


def _measure() -> list[list[object]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from breathingroom.core.patterns import PRESETS
    from breathingroom.ui.pacer.run import BreathingRun
    from breathingroom.ui.sound.control import SoundControl

    app = QApplication([])
    turns: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(1)
    probe.timeout.connect(lambda: turns.append(time.perf_counter()))
    probe.start()

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(SETTLE_MS, loop.quit)
        loop.exec()

    calls: dict[str, list[float]] = {}
    stalls: dict[str, list[float]] = {}

    def step(name: str, action: Callable[[], object]) -> None:
        turns.clear()
        started = time.perf_counter()
        turns.append(started)
        action()
        calls.setdefault(name, []).append(1000 * (time.perf_counter() - started))
        settle()
        gaps = [b - a for a, b in itertools.pairwise(turns)]
        stalls.setdefault(name, []).append(1000 * max(gaps))

    sound = SoundControl()
    lost: list[object] = []
    sound.lost.connect(lost.append)
    sound.trouble.connect(lambda message: print("trouble:", message))
    try:
        for n in range(ROUNDS):
            run = BreathingRun.of(PRESETS["coherent"], minutes=1)
            start = "first start" if n == 0 else "start"
            step(start, lambda run=run: sound.play(run, "both", 60, fresh=True))
            step("pause", run.pause)
            step("resume", run.resume)
            step("stop", run.stop)
            run.deleteLater()
        step("close", sound.close)
    finally:
        probe.stop()
        sound.close()
    assert not lost, "the sound was lost during the benchmark"
    app.processEvents()

    def ms(value: float) -> str:
        return f"{value:.1f}"

    return [
        [
            name,
            ms(statistics.median(calls[name])),
            ms(max(calls[name])),
            ms(statistics.median(stalls[name])),
            ms(max(stalls[name])),
        ]
        for name in calls
    ]


if __name__ == "__main__":
    main()
