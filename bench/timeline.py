"""The timeline graph with ten years of data: building it, stepping a week, a year, and zooming.

Ten years of 5 check-ins and 3 sessions a day (about 18 000 check-ins). The graph runs in this
process on the offscreen platform, 900x420; each step is timed up to a rendered frame
(``widget.grab()``). Goals: next week ≤ 50 ms, a year ≤ 300 ms, no zoom frame over 33 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import numpy as np

from bench._common import table

YEARS = 10
PER_DAY = 5
SESSIONS_PER_DAY = 3


def make_data() -> tuple[list[object], list[object]]:
    from breathingroom.core.journal import CheckIn
    from breathingroom.core.records import SessionRecord

    rng = np.random.default_rng(1)
    summer, winter = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))
    start = datetime(2016, 1, 1)
    checkins, sessions = [], []
    for d in range(int(YEARS * 365.25)):
        day = start + timedelta(days=d)
        tz = summer if 4 <= day.month <= 10 else winter
        hours = np.sort(rng.uniform(7, 23, PER_DAY))
        mood = 5 + 2 * np.sin(d / 9)
        for h in hours:
            checkins.append(
                CheckIn.create(
                    (day + timedelta(hours=float(h))).replace(tzinfo=tz),
                    int(np.clip(round(mood + rng.normal(0, 1.2)), 1, 9)),
                    int(np.clip(round(5 + rng.normal(0, 1.5)), 1, 9)),
                    feelings=("calm",),
                    note="A line\nand more",
                )
            )
        for h in (8.5, 13.0, 21.0)[:SESSIONS_PER_DAY]:
            moment = (day + timedelta(hours=h)).replace(tzinfo=tz)
            sessions.append(
                SessionRecord(
                    "breathing",
                    "long-exhale",
                    moment,
                    moment + timedelta(minutes=5),
                    True,
                    {},
                    6,
                    3,
                )
            )
    return checkins, sessions


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f}"


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    checkins, sessions = make_data()
    assert "pyqtgraph" not in sys.modules

    t0 = time.perf_counter()
    from breathingroom.ui.timeline.plot import TimelinePlot

    t_import = time.perf_counter()
    plot = TimelinePlot()
    plot.resize(900, 420)
    t_build = time.perf_counter()
    plot.set_data(checkins, sessions)  # type: ignore[arg-type]
    t_data = time.perf_counter()
    plot.grab()
    t_frame = time.perf_counter()

    def timed(action: object) -> float:
        start = time.perf_counter()
        action()  # type: ignore[operator]
        plot.grab()
        app.processEvents()
        return time.perf_counter() - start

    week0 = datetime(2021, 3, 1)
    weeks = [
        timed(
            lambda n=n: plot.show_range(week0 + timedelta(weeks=n), week0 + timedelta(weeks=n + 1))
        )
        for n in range(1, 21)
    ]
    years = [
        timed(lambda y=y: plot.show_range(datetime(y, 1, 1), datetime(y + 1, 1, 1)))
        for y in range(2016, 2026)
    ]
    data_again = timed(lambda: plot.set_data(checkins, sessions))  # type: ignore[arg-type]

    plot.show_range(datetime(2025, 12, 25), datetime(2026, 1, 1))
    plot.grab()
    end = datetime(2026, 1, 1)
    frames = []
    span = timedelta(weeks=1)
    while span < timedelta(days=YEARS * 365.25):
        span *= 1.06
        frames.append(timed(lambda span=span: plot.show_range(end - span, end)))
    plot.close()

    print(
        f"Timeline graph, {len(checkins)} check-ins and {len(sessions)} sessions over "
        f"{YEARS} years, 900x420 offscreen; each step timed up to a rendered frame\n"
    )
    frames_sorted = sorted(frames)
    table(
        ["step", "ms", "goal"],
        [
            ["import pyqtgraph + plot module", ms(t_import - t0), ""],
            ["TimelinePlot()", ms(t_build - t_import), ""],
            ["set_data (first)", ms(t_data - t_build), ""],
            ["first frame", ms(t_frame - t_data), ""],
            ["first graph in total", ms(t_frame - t0), ""],
            ["set_data again + frame", ms(data_again), ""],
            [
                "next week, median / worst of 20",
                f"{ms(statistics.median(weeks))} / {ms(max(weeks))}",
                "≤ 50",
            ],
            [
                "a year, median / worst of 10",
                f"{ms(statistics.median(years))} / {ms(max(years))}",
                "≤ 300",
            ],
            [
                f"zoom week → {YEARS} years, {len(frames)} frames: median / p95 / worst",
                f"{ms(statistics.median(frames))} / "
                f"{ms(frames_sorted[int(0.95 * len(frames))])} / {ms(frames_sorted[-1])}",
                "≤ 33 each",
            ],
        ],
    )

    # The window in a process of its own, so its time includes importing pyqtgraph.
    subprocess.run([sys.executable, "-m", "bench.timeline", "--window"], check=True)


def window_bench(app: object, checkins: list[object], sessions: list[object]) -> None:
    """Review my week on the same ten years, read from a real journal file."""
    import tempfile
    from pathlib import Path

    from breathingroom.core.clock import SYSTEM_CLOCK
    from breathingroom.services.store import Store

    with (
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "journal.sqlite3", auto_backup=False) as store,
    ):
        if True:
            store.import_batch(checkins, sessions)  # type: ignore[arg-type]
            started = time.perf_counter()
            from breathingroom.ui.timeline.window import TimelineWindow

            window = TimelineWindow(store, clock=SYSTEM_CLOCK)
            window.resize(1100, 760)
            window.show_dates("week", datetime(2025, 12, 1).date(), datetime(2025, 12, 8).date())
            window.show()
            window.grab()
            opened = time.perf_counter() - started
            window.finish_loading()
            window.grab()
            complete = time.perf_counter() - started

            def timed(action: object) -> float:
                start = time.perf_counter()
                action()  # type: ignore[operator]
                window.grab()
                app.processEvents()  # type: ignore[attr-defined]
                return time.perf_counter() - start

            steps = [timed(lambda: window.step(1)) for _ in range(10)]
            year = timed(lambda: window.set_period("year"))
            back = timed(lambda: window.set_period("week"))
            window.close()
    print("\nReview my week on the same data, from a journal file, 1100x760 offscreen\n")
    table(
        ["step", "ms", "goal"],
        [
            ["open on a week: the week on screen (graph, words, cards)", ms(opened), "≤ 400"],
            ["… and the whole journal read, panels filled", ms(complete), ""],
            [
                "next week, median / worst of 10",
                f"{ms(statistics.median(steps))} / {ms(max(steps))}",
                "≤ 50",
            ],
            ["to the year", ms(year), "≤ 300"],
            ["back to a week", ms(back), ""],
        ],
    )


def window_main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    checkins, sessions = make_data()
    assert "pyqtgraph" not in sys.modules
    window_bench(app, checkins, sessions)


if __name__ == "__main__":
    if "--window" in sys.argv:
        window_main()
    else:
        main()
