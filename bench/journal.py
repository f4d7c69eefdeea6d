"""Journal speed with 10 years of data: 5 check-ins and 3 sessions a day.

Run: ``python bench/journal.py [FOLDER]``; FOLDER is where the files go (default: the temp
folder, which may be RAM-backed, so give a folder on a real disk to time fsync honestly). Prints
a table of medians. Reading one week must stay under 5 ms. Nothing touches the user's journal.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from breathingroom.core import importers
from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.services.store import Store

YEARS = 10
CHECKINS_PER_DAY = 5
SESSIONS_PER_DAY = 3
ZONE = ZoneInfo("Europe/Berlin")
START = date(2016, 1, 1)
WEEK_LIMIT_MS = 5.0


def generate(days: int, rng: random.Random) -> tuple[list[CheckIn], list[SessionRecord]]:
    feelings = ["calm", "tired", "anxious", "content", "hopeful", "sad"]
    checkins: list[CheckIn] = []
    sessions: list[SessionRecord] = []
    for n in range(days):
        day = START + timedelta(days=n)
        for k in range(CHECKINS_PER_DAY):
            at = datetime(day.year, day.month, day.day, 8 + 3 * k, rng.randrange(60), tzinfo=ZONE)
            checkins.append(
                CheckIn.create(
                    at,
                    rng.randint(1, 9),
                    rng.randint(1, 9),
                    distress=rng.choice([None, rng.randint(0, 10)]),
                    feelings=rng.sample(feelings, 2),
                    note=rng.choice(["", "a short note", "walked, then tea"]),
                )
            )
        for k in range(SESSIONS_PER_DAY):
            start = datetime(day.year, day.month, day.day, 9 + 4 * k, 30, tzinfo=ZONE)
            sessions.append(
                SessionRecord(
                    "breathing",
                    rng.choice(["coherent", "box", "4-7-8"]),
                    start,
                    start + timedelta(minutes=5),
                    True,
                    {"minutes": 5},
                    rng.randint(0, 10),
                    rng.randint(0, 10),
                )
            )
    return checkins, sessions


def daylio_csv(days: int, rng: random.Random) -> bytes:
    moods = ["rad", "good", "meh", "bad", "awful"]
    lines = ["full_date,date,weekday,time,mood,activities,scales,note_title,note"]
    for n in range(days):
        day = START + timedelta(days=n)
        for k in range(CHECKINS_PER_DAY):
            hour = 8 + 3 * k
            clock = f"{(hour - 1) % 12 + 1}:{rng.randrange(60):02d} {'pm' if hour >= 12 else 'am'}"
            lines.append(
                f"{day.isoformat()},{day.strftime('%B %d')},{day.strftime('%A')},{clock},"
                f'{rng.choice(moods)},work | friends,,,"a note<br>with ""quotes"", and commas"'
            )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> int:
    rng = random.Random(4)
    days = (START.replace(year=START.year + YEARS) - START).days
    rows: list[tuple[str, str]] = []
    # An optional folder argument puts the files on that disk (/tmp may be RAM-backed).
    parent = sys.argv[1] if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory(dir=parent) as folder:
        db = Path(folder) / "journal.sqlite3"
        began = time.perf_counter()
        checkins, sessions = generate(days, rng)
        with Store(db, auto_backup=False) as store:
            store.import_batch(checkins, sessions)
        fill_s = time.perf_counter() - began
        rows.append(
            (
                f"generate and store {len(checkins)} check-ins, {len(sessions)} sessions",
                f"{fill_s:.2f} s",
            )
        )
        size = db.stat().st_size / 1e6

        def open_close() -> None:
            Store(db, auto_backup=False).close()

        rows.append(("open the journal (with quick_check)", f"{median_ms(open_close, 15):.2f} ms"))

        store = Store(db, auto_backup=False)
        counter = iter(range(10**6))

        def save_one() -> None:
            at = datetime(2030, 1, 1, tzinfo=ZONE) + timedelta(minutes=next(counter))
            store.add_checkin(CheckIn.create(at, 5, 5, note="bench"))

        rows.append(("save one check-in durably (fsync)", f"{median_ms(save_one, 30):.2f} ms"))

        weeks = [START + timedelta(days=rng.randrange(days)) for _ in range(200)]
        week_iter = iter(weeks)
        week_ms = median_ms(lambda: store.week(next(week_iter)), 200)
        assert len(store.week(weeks[0])) >= 30
        rows.append(("read one week", f"{week_ms:.3f} ms"))

        year_start = date(2020, 1, 1)
        year_ms = median_ms(
            lambda: store.weekly_means(year_start, year_start.replace(year=2021)), 20
        )
        rows.append(("weekly means for a year (SQL)", f"{year_ms:.2f} ms"))
        recent_ms = median_ms(lambda: store.recent_checkins(200), 20)
        rows.append(("history list: newest 200", f"{recent_ms:.2f} ms"))
        store.close()

        data = daylio_csv(days, rng)
        parse_began = time.perf_counter()
        batch = importers.parse(data, "daylio.csv", zone=ZONE)
        parse_s = time.perf_counter() - parse_began
        fresh = Path(folder) / "fresh.sqlite3"
        import_began = time.perf_counter()
        with Store(fresh, auto_backup=False) as target:
            result = target.import_batch(batch.checkins, file="daylio.csv", format="daylio")
        import_s = time.perf_counter() - import_began
        assert result.added_checkins == len(batch.checkins)
        rows.append(
            (
                f"import a 10-year Daylio CSV "
                f"({len(batch.checkins)} rows, {len(data) / 1e6:.1f} MB)",
                f"{parse_s + import_s:.2f} s (parse {parse_s:.2f} s, store {import_s:.2f} s)",
            )
        )
        rows.append(("journal file size", f"{size:.1f} MB"))

    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 30}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if week_ms >= WEEK_LIMIT_MS:
        print(f"FAIL: reading one week took {week_ms:.2f} ms (limit {WEEK_LIMIT_MS} ms)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
