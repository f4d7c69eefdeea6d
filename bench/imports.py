"""Importing large exports: a 50 MB Daylio file (400,000 rows), 10 years of Bearable (every
category) and 10 years of Pixels, each read by the real ``breathing-room import`` command.

Run: ``python -m bench.imports [FOLDER]``. The files are generated here (nothing large is kept in
the repository) into FOLDER (default: a temporary folder). Prints, for each file, its size, the
wall time and the command's peak memory (max RSS, from ``wait4``), for a dry run and for a real
import into an empty journal. Budget: peak memory under 200 MB for the 50 MB Daylio dry run.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench._common import ROOT, table

START = date(2016, 1, 1)
DAYS = 3653  # ten years
BUDGET_MB = 200.0
MOODS = ["rad", "good", "meh", "bad", "awful"]
ACTIVITIES = ["work", "friends", "reading", "walk", "family", "music", "cleaning", "sport"]


def daylio(path: Path, rows: int, rng: random.Random) -> None:
    header = "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
    per_day = max(1, rows // DAYS + 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        n = 0
        day = START
        while n < rows:
            for k in range(per_day):
                if n >= rows:
                    break
                acts = " | ".join(rng.sample(ACTIVITIES, rng.randint(0, 3)))
                note = "<p>Went out &amp; came back</p><ul><li>tea</li><li>rain</li></ul>"
                scales = f"Sleep Quality: {rng.randint(1, 10)}/10 points" if k == 0 else ""
                out.write(
                    f'{day.isoformat()},"{day:%B} {day.day}",{day:%A},'
                    f"{k // 6}:{k % 6 * 10 + 1:02d},"
                    f'{rng.choice(MOODS)},"{acts}","{scales}",,"{note}"\n'
                )
                n += 1
            day += timedelta(days=1)


def bearable(path: Path, rng: random.Random) -> None:
    header = "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
    rows = [header]
    for d in range(DAYS):
        day = START + timedelta(days=d)
        words = f'"{day.day}{_ordinal(day.day)} {day:%b %Y}","{day.isoformat()}","{day:%A}"'

        def row(
            slot: str, category: str, amount: str, detail: str, note: str = "", w: str = words
        ) -> None:
            rows.append(f'{w},"{slot}","{category}","{amount}","{detail}","{note}"\n')

        for hour in (8, 13, 20):
            minute = rng.randint(0, 59)
            row(f"{hour}:{minute:02d}", "Mood", str(rng.randint(1, 10)), "Meh | Anxious")
            row(f"{hour}:{max(0, minute - 1):02d}", "Energy", str(rng.randint(1, 10)), "")
        row("all day", "Symptom", "2", "Headache (Moderate)")
        row("am", "Factors", "", "☕ Caffeine - Little")
        row("pm", "Meds/Supplements", "1", "Vitamin D")
        row("", "Sleep", "7.5", "")
        row("", "Sleep quality", "4", "")
        row("mid", "Food Diary", "", "Lunch", "soup")
        row("all day", "Gratitudes", "", "A walk")
        row("all day", "Productivity", "3", "")
    path.write_text("".join(rows), encoding="utf-8")


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def pixels(path: Path, rng: random.Random) -> None:
    days = []
    for d in range(DAYS):
        day = START + timedelta(days=d)
        days.append(
            {
                "date": f"{day.year}-{day.month}-{day.day}",
                "type": "Mood",
                "scores": [rng.randint(1, 5) for _ in range(rng.randint(1, 2))],
                "notes": "A day like others, with a walk.",
                "tags": [
                    {"type": "Emotions", "entries": rng.sample(["joy", "fear", "calm"], 2)},
                    {"type": "Weather", "entries": ["rain"]},
                ],
            }
        )
    path.write_text(json.dumps(days), encoding="utf-8")


def run(data_dir: Path, *args: str) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one ``breathing-room`` command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "app"), "TZ": "Europe/Berlin"}
    command = [sys.executable, "-m", "breathingroom", "--data-dir", str(data_dir), *args]
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - began, usage.ru_maxrss / 1024, child.returncode


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="br-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    files = {
        "Daylio, 400,000 rows": (folder / "daylio_export.csv", lambda p: daylio(p, 400_000, rng)),
        "Bearable, 10 years": (folder / "bearable.csv", lambda p: bearable(p, rng)),
        "Pixels, 10 years": (folder / "PIXELS-BACKUP-1.json", lambda p: pixels(p, rng)),
    }
    rows: list[list[object]] = []
    over = False
    for name, (path, make) in files.items():
        make(path)
        size = path.stat().st_size / (1024 * 1024)
        for mode in ("dry run", "import"):
            data = folder / f"data-{path.stem}-{mode.replace(' ', '-')}"
            extra = ["--dry-run"] if mode == "dry run" else []
            seconds, peak, code = run(data, "import", str(path), *extra)
            rows.append([name, f"{size:.1f} MB", mode, f"{seconds:.1f} s", f"{peak:.0f} MB", code])
            if code != 0 or (name.startswith("Daylio") and mode == "dry run" and peak > BUDGET_MB):
                over = True
    table(["file", "size", "", "time", "peak memory", "exit"], rows)
    print(f"\nbudget: the Daylio dry run under {BUDGET_MB:.0f} MB")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
