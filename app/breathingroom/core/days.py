"""Per-day summaries of check-ins, for views that show one value per local day.

``daily_means(checkins) -> dict[date, float]``: the mean pleasantness (1–9) of each local day
that has at least one check-in. A check-in counts on the day its own wall clock showed
(``CheckIn.local.date()``, at the offset stored with it), so an evening in New York and a
night in Berlin each land where the person lived them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from breathingroom.core.journal import CheckIn


def daily_means(checkins: Iterable[CheckIn]) -> dict[date, float]:
    """The mean pleasantness per local day, for days with check-ins only."""
    sums: dict[date, list[int]] = {}
    for entry in checkins:
        acc = sums.setdefault(entry.local.date(), [0, 0])
        acc[0] += entry.pleasant
        acc[1] += 1
    return {day: total / count for day, (total, count) in sorted(sums.items())}
