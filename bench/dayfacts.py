"""Day facts at scale: ten years of a Bearable user's day facts (12 a day, about 44 000) with a
check-in a day, exported, read by Review my week, and shown a year at a time.

Prints medians of a few runs, in milliseconds. Goals: the review window opens on its week (two
weeks of facts read) in ≤ 50 ms; reading the rest once it shows (every fact and check-in) ≤ 500 ms;
a year's cards ≤ 300 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench._common import table

YEARS = 10
START = date(2016, 1, 1)
PLUS1 = timezone(timedelta(hours=1))


def median_ms(action: Callable[[], object], runs: int = 5) -> str:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return f"{1000 * statistics.median(times):.1f}"


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from tests.fakes import FakeClock

    from breathingroom.core import exporters
    from breathingroom.core.dayfacts import DAY_NOTE, DayFact
    from breathingroom.core.journal import CheckIn
    from breathingroom.services.store import Store
    from breathingroom.ui.timeline.window import TimelineWindow

    app = QApplication([])
    days = [START + timedelta(days=n) for n in range(int(YEARS * 365.25))]
    facts = []
    checkins = []
    for n, day in enumerate(days):
        checkins.append(
            CheckIn.create(datetime(day.year, day.month, day.day, 20, tzinfo=PLUS1), 5, 5)
        )
        facts.append(
            DayFact(day, DAY_NOTE, note=f"Day {n}: a line of what happened.", source="pixels")
        )
        facts.append(DayFact(day, "Symptom", "Headache (Mild)", "1", "am", source="bearable"))
        facts.append(DayFact(day, "Sleep", "", f"{6 + n % 3}.5", source="bearable"))
        facts.append(DayFact(day, "Sleep quality", "", str(1 + n % 5), source="bearable"))
        facts.append(
            DayFact(day, "Meds/Supplements", "Vitamin D", "1", "all day", source="bearable")
        )
        for item in (
            "☕ Caffeine - Little",
            "Walk",
            "Work",
            "Friends",
            "Reading",
            "Rain",
            "Cooking",
        ):
            facts.append(DayFact(day, "Factors", item, "", "pm", source="bearable"))
    rows: list[list[object]] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "journal.sqlite3", auto_backup=False) as store,
    ):
        began = time.perf_counter()
        store.import_batch(checkins, facts=facts)
        rows.append(
            [
                f"store {len(facts)} facts, {len(checkins)} check-ins",
                f"{1000 * (time.perf_counter() - began):.0f}",
            ]
        )
        rows.append(["store.all_day_facts()", median_ms(store.all_day_facts)])
        rows.append(
            [
                "store.day_facts(two weeks)",
                median_ms(lambda: store.day_facts(date(2025, 3, 3), date(2025, 3, 17))),
            ]
        )
        every = store.all_day_facts()
        rows.append(
            [
                "export JSON with every fact",
                median_ms(lambda: exporters.to_json(checkins, [], every), 3),
            ]
        )
        rows.append(
            [
                "export CSV with every fact",
                median_ms(lambda: exporters.to_csv(checkins, [], every), 3),
            ]
        )
        clock = FakeClock(wall=datetime(2025, 12, 31, 20, tzinfo=PLUS1), tz=PLUS1)

        def opened() -> TimelineWindow:
            return TimelineWindow(store, clock=clock, first_weekday=0)

        rows.append(["Review my week opens on its week", median_ms(lambda: opened().deleteLater())])
        window = opened()
        rows.append(["… then reads everything (finish_loading)", median_ms(window.reload, 3)])

        def year() -> None:
            window.set_period("year")
            window.step(-1)

        rows.append(["a year's cards (step a year)", median_ms(year, 5)])
        window.deleteLater()
        app.processEvents()
    table(["what", "ms"], rows)


if __name__ == "__main__":
    main()
