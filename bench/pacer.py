"""A running pacer at 60 frames a second: CPU used and the spread of frame times, per style.

The window runs in this process on a real X server (Xvfb); paints are timed with an event
filter on the breathing view. Environment: BENCH_PACER_SECONDS (default 10).
"""

from __future__ import annotations

import itertools
import os
import resource
import statistics
import time

from tests.e2e.xtools import Display

from bench._common import cpu_seconds, table

SECONDS = float(os.environ.get("BENCH_PACER_SECONDS", "10"))


def main() -> None:
    display = Display()
    os.environ["DISPLAY"] = display.name
    os.environ.pop("QT_QPA_PLATFORM", None)
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from breathingroom.core.library import all_patterns
    from breathingroom.core.patterns import PRESETS
    from breathingroom.ui.pacer.run import BreathingRun
    from breathingroom.ui.pacer.window import PacerWindow

    app = QApplication([])

    class PaintClock(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.stamps: list[float] = []

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.stamps.append(time.perf_counter())
            return False

    rows = []
    try:
        for style, reduced in (
            ("circle", False),
            ("wave", False),
            ("bar", False),
            ("circle", True),
        ):
            window = PacerWindow(all_patterns())
            window.set_pacer_style(style)
            window.set_reduced_motion(reduced)
            clock = PaintClock()
            window.view.installEventFilter(clock)
            window.show()
            window.show_run(BreathingRun.of(PRESETS["coherent"], minutes=5))
            timer = QElapsedTimer()
            timer.start()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            x_cpu = cpu_seconds(display.proc.pid)
            QTimer.singleShot(int(SECONDS * 1000), app.quit)
            app.exec()
            wall = timer.elapsed() / 1000
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
            x_used = cpu_seconds(display.proc.pid) - x_cpu
            window.close()
            intervals = sorted(1000 * (b - a) for a, b in itertools.pairwise(clock.stamps))

            def p(q: float, intervals: list[float] = intervals) -> float:
                return intervals[min(len(intervals) - 1, int(q * len(intervals)))]

            rows.append(
                [
                    style + (" (reduced motion)" if reduced else ""),
                    f"{len(clock.stamps) / wall:.1f}",
                    f"{100 * cpu / wall:.1f} %",
                    f"{100 * x_used / wall:.1f} %",
                    f"{statistics.median(intervals):.2f}",
                    f"{p(0.05):.2f} / {p(0.95):.2f}",
                    f"{statistics.pstdev(intervals):.2f}",
                    f"{intervals[-1]:.2f}",
                ]
            )
    finally:
        display.close()
    print(f"Pacer running for {SECONDS:.0f} s per style (coherent), 440x560 window on Xvfb\n")
    table(
        [
            "style",
            "frames/s",
            "app CPU",
            "X server CPU",
            "median ms",
            "p5 / p95 ms",
            "stdev ms",
            "worst ms",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
