"""The one clock, and the rule that nothing else in the app reads the time."""

import ast
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from breathingroom.core.clock import SYSTEM_CLOCK, SystemClock
from tests.fakes import FakeClock, local_zone

APP = Path(__file__).resolve().parents[2] / "app" / "breathingroom"

#: Calls that read the time; only core/clock.py may make them.
TIME_READS = {
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("time", "perf_counter_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
}


def test_the_system_clock_gives_local_time_with_the_offset_of_the_zone_at_that_instant():
    with local_zone("Europe/Berlin"):
        now = SystemClock().now()
        assert now.utcoffset() == ZoneInfo("Europe/Berlin").utcoffset(now.replace(tzinfo=None))
    with local_zone("America/New_York"):
        assert SYSTEM_CLOCK.now().utcoffset() == ZoneInfo("America/New_York").utcoffset(
            SYSTEM_CLOCK.now().replace(tzinfo=None)
        )
    first = SYSTEM_CLOCK.monotonic()
    assert SYSTEM_CLOCK.monotonic() >= first


def test_the_fake_clock_moves_both_readings_together_and_follows_the_zone():
    clock = FakeClock(5.0, wall=datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    clock.advance(90)
    assert clock.monotonic() == 95.0
    with local_zone("Europe/Berlin"):
        assert clock.now().isoformat() == "2026-01-10T13:01:30+01:00"


def _time_reads(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if (name, node.func.attr) in TIME_READS:
                found.append(f"{path.relative_to(APP)}:{node.lineno} {name}.{node.func.attr}()")
            if (name, node.func.attr) == ("time", "strftime") and len(node.args) < 2:
                found.append(f"{path.relative_to(APP)}:{node.lineno} time.strftime() of now")
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            for alias in node.names:
                if ("time", alias.name) in TIME_READS:
                    found.append(
                        f"{path.relative_to(APP)}:{node.lineno} from time import {alias.name}"
                    )
    return found


def test_only_the_clock_reads_the_time():
    files = [p for p in APP.rglob("*.py") if p != APP / "core" / "clock.py"]
    assert len(files) > 40
    reads = [read for path in files for read in _time_reads(path)]
    assert reads == [], "read the time through the Clock you were given:\n" + "\n".join(reads)


def test_the_rule_sees_each_way_of_reading_the_time(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import time, datetime as dt\nfrom datetime import datetime, date\n"
        "from time import monotonic\n"
        "a = time.monotonic()\nb = datetime.now()\nc = dt.datetime.now()\n"
        "d = date.today()\ne = time.strftime('%Y')\nf = time.strftime('%Y', t)\n"
    )
    global APP
    saved, APP = APP, tmp_path
    try:
        reads = _time_reads(sample)
    finally:
        APP = saved
    assert [r.split(" ", 1)[1] for r in reads] == [
        "from time import monotonic",
        "time.monotonic()",
        "datetime.now()",
        "datetime.now()",
        "date.today()",
        "time.strftime() of now",
    ]
