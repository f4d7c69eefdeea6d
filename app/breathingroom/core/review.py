"""The numbers behind "Reviewing the week": days, the week in words, what goes with the mood.

Association, not cause: what these numbers show goes together in the journal; they never say
that one thing caused another (see :data:`CAVEAT`).

Rules every function here keeps:
- A day is the person's local calendar day at each entry's own stored offset (:func:`day_of`),
  so an entry made across a clock change or on a trip lands on the day it happened.
- A period is ``[start, end)``: ``end`` is the first day after it.
- A week starts on Monday unless ``first_weekday`` says otherwise (0 Monday … 6 Sunday; the UI
  passes the locale's).
- Nothing reads the clock: "today" is passed in. Empty days stay empty (``n`` 0, means None);
  nothing is interpolated.

Imported "day facts" (Daylio activities, Bearable factors) are stored as tags on check-ins and
Bearable symptoms as sensations (see ``core/importers``), so :func:`associations` covers them as
tags and sensations. What has helped in sessions is :func:`breathingroom.core.helps.what_helps`.
All of it is plain Python: no Qt, no disk.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any, Literal

from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord

__all__ = [
    "CAVEAT",
    "TIMES_OF_DAY",
    "WEEKDAYS",
    "Association",
    "Bucket",
    "DayChange",
    "DayStats",
    "WeekSummary",
    "WordKind",
    "associations",
    "by_time_of_day",
    "by_weekday",
    "daily",
    "day_of",
    "parse_period",
    "period_noun",
    "previous_period",
    "week_in_words",
    "week_range",
]

#: Shown with every association: they go together; that does not make one the cause.
CAVEAT = (
    "These go together in your journal; that does not mean one causes the other. Other things "
    "in your days may explain both."
)
#: English weekday names, Monday first (``date.weekday()`` order), never locale-dependent.
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Times of day by local hour: (name, first hour, first hour after).
TIMES_OF_DAY: tuple[tuple[str, int, int], ...] = (
    ("night", 0, 6),
    ("morning", 6, 12),
    ("afternoon", 12, 18),
    ("evening", 18, 24),
)
#: A difference of means under this is "about the same"; under :data:`_CLEAR`, "a little".
_SAME = 0.3
_CLEAR = 1.0
#: How many feelings the week in words names.
TOP_FEELINGS = 5

WordKind = Literal["tag", "feeling", "sensation"]


# --- days, weeks and periods -------------------------------------------------------------------


def day_of(entry: CheckIn | SessionRecord) -> date:
    """The local calendar day of ``entry`` at its own stored offset (a session: its start)."""
    if isinstance(entry, CheckIn):
        return entry.local.date()
    return entry.start.date()


def _check_weekday(first_weekday: int) -> int:
    if isinstance(first_weekday, bool) or not isinstance(first_weekday, int):
        raise ValueError(f"first_weekday must be 0 (Monday) to 6 (Sunday), got {first_weekday!r}")
    if not 0 <= first_weekday <= 6:
        raise ValueError(f"first_weekday must be 0 (Monday) to 6 (Sunday), got {first_weekday}")
    return first_weekday


def week_range(day: date, first_weekday: int = 0) -> tuple[date, date]:
    """``(first day, first day after)`` of the week holding ``day``; weeks start on
    ``first_weekday`` (0 Monday … 6 Sunday)."""
    start = day - timedelta(days=(day.weekday() - _check_weekday(first_weekday)) % 7)
    return start, start + timedelta(days=7)


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_LAST_YEAR = 9998  # so the first day after any period still exists


def _year(text: str) -> int:
    year = int(text)
    if not 1 <= year <= _LAST_YEAR:
        raise ValueError(f"the year must be from 0001 to {_LAST_YEAR} (got {text})")
    return year


def _weeks_in(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar().week


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a date such as 2026-11-26") from None


def parse_period(
    period: str | None = None, *, from_day: str | None = None, to_day: str | None = None
) -> tuple[date, date]:
    """``(start, end)`` (end exclusive) of a period written as one of:

    - ``"2026-W47"``: an ISO 8601 week, Monday to Sunday (week 1 holds the year's first
      Thursday; a year has 52 or 53 weeks);
    - ``"2026-11"``: a calendar month; ``"2026"``: a calendar year;
    - ``"2026-11-26"``: one day;
    - ``from_day`` and ``to_day`` (both, without ``period``): dates, ``to_day`` included.

    Anything else is a ValueError whose message says what was expected.
    """
    if period is not None and (from_day is not None or to_day is not None):
        raise ValueError("give either a period or from and to dates, not both")
    if period is None:
        if from_day is None or to_day is None:
            raise ValueError("give a period, or both a from and a to date")
        start = _parse_day(from_day, "from")
        last = _parse_day(to_day, "to")
        if last < start:
            raise ValueError(f"the to date {last} is before the from date {start}")
        if last.year > _LAST_YEAR:
            raise ValueError(f"the to date must be before {_LAST_YEAR + 1}")
        return start, last + timedelta(days=1)
    text = period.strip()
    if match := _WEEK.fullmatch(text):
        year, week = _year(match[1]), int(match[2])
        if not 1 <= week <= _weeks_in(year):
            raise ValueError(f"{year} has ISO weeks 1 to {_weeks_in(year)} (got week {week})")
        monday = date.fromisocalendar(year, week, 1)
        return monday, monday + timedelta(days=7)
    if match := _MONTH.fullmatch(text):
        year, month = _year(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"the month must be 01 to 12 (got {match[2]})")
        first = date(year, month, 1)
        return first, _next_month(first)
    if match := _YEAR.fullmatch(text):
        year = _year(match[1])
        return date(year, 1, 1), date(year + 1, 1, 1)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{period!r} is not a period: use a week (2026-W47), a month (2026-11), a year (2026) "
            f"or a day (2026-11-26)"
        ) from None
    if day.year > _LAST_YEAR:
        raise ValueError(f"the year must be from 0001 to {_LAST_YEAR} (got {day.year})")
    return day, day + timedelta(days=1)


def _is_month(start: date, end: date) -> bool:
    return start.day == 1 and end == _next_month(start)


def _is_year(start: date, end: date) -> bool:
    return start.month == 1 and start.day == 1 and end == date(start.year + 1, 1, 1)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period just before ``[start, end)``: the month before a calendar month, the year
    before a calendar year, otherwise as many days ending where ``start`` begins."""
    _check_range(start, end)
    if _is_year(start, end):
        return date(start.year - 1, 1, 1), start
    if _is_month(start, end):
        before = start - timedelta(days=1)
        return before.replace(day=1), start
    return start - (end - start), start


def period_noun(start: date, end: date) -> str:
    """ "day", "week", "month", "year", or "period" for any other length, for sentences."""
    days = (end - start).days
    if days == 1:
        return "day"
    if days == 7:
        return "week"
    if _is_month(start, end):
        return "month"
    if _is_year(start, end):
        return "year"
    return "period"


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")


def _days(start: date, end: date) -> list[date]:
    _check_range(start, end)
    return [start + timedelta(days=i) for i in range((end - start).days)]


def _in(entries: Iterable[CheckIn], start: date, end: date) -> list[CheckIn]:
    return [c for c in entries if start <= day_of(c) < end]


def _mean(values: Sequence[int | float]) -> float | None:
    return sum(values) / len(values) if values else None


# --- days ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayStats:
    """One local calendar day. With no check-ins: ``n`` 0 and every value None."""

    day: date
    n: int
    pleasant_mean: float | None
    pleasant_min: int | None
    pleasant_max: int | None
    energy_mean: float | None
    energy_min: int | None
    energy_max: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "n": self.n,
            "pleasant": {
                "mean": self.pleasant_mean,
                "min": self.pleasant_min,
                "max": self.pleasant_max,
            },
            "energy": {"mean": self.energy_mean, "min": self.energy_min, "max": self.energy_max},
        }


def daily(checkins: Iterable[CheckIn], start: date, end: date) -> list[DayStats]:
    """One :class:`DayStats` per calendar day of ``[start, end)``, empty days included."""
    by_day: dict[date, list[CheckIn]] = {day: [] for day in _days(start, end)}
    for entry in checkins:
        bucket = by_day.get(day_of(entry))
        if bucket is not None:
            bucket.append(entry)
    result = []
    for day, entries in by_day.items():
        pleasant = [c.pleasant for c in entries]
        energy = [c.energy for c in entries]
        result.append(
            DayStats(
                day=day,
                n=len(entries),
                pleasant_mean=_mean(pleasant),
                pleasant_min=min(pleasant, default=None),
                pleasant_max=max(pleasant, default=None),
                energy_mean=_mean(energy),
                energy_min=min(energy, default=None),
                energy_max=max(energy, default=None),
            )
        )
    return result


# --- the week in words --------------------------------------------------------------------------


@dataclass(frozen=True)
class DayChange:
    """The mean pleasantness of ``day`` against the day before it (both with check-ins)."""

    day: date
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def _day_name(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _count_words(words: Iterable[str]) -> list[tuple[str, int]]:
    """(word, count), most frequent first, then alphabetical; spelling as first seen."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for word in words:
        key = word.casefold()
        spelling.setdefault(key, word)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return [(spelling[k], counts[k]) for k in ordered]


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _drop_text(value: float) -> str:
    return f"{value:g}"


def _compare(now: float, before: float, more: str, less: str, same: str) -> str:
    diff = now - before
    if abs(diff) < _SAME:
        return same
    word = more if diff > 0 else less
    return f"a little {word}" if abs(diff) < _CLEAR else word


def _and_list(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class WeekSummary:
    """What :func:`week_in_words` found; :meth:`sentences` says it in words."""

    start: date
    end: date
    previous_start: date
    previous_end: date
    #: Check-ins in the period, and on how many days.
    checkins: int
    days_with_checkins: int
    pleasant: float | None
    energy: float | None
    previous_pleasant: float | None
    previous_energy: float | None
    #: Up to five (feeling, times named), most frequent first.
    top_feelings: tuple[tuple[str, int], ...]
    sessions: int
    #: Sessions with both distress ratings, and the median of before - after over them.
    rated_sessions: int
    median_drop: float | None
    biggest_change: DayChange | None

    @property
    def is_empty(self) -> bool:
        return self.checkins == 0 and self.sessions == 0

    def sentences(self) -> list[str]:
        """Plain sentences in the second person: one for an empty period; otherwise the
        check-ins, how the days felt, the feelings named, the sessions and the biggest change
        from one day to the next (3 to 5 when there are check-ins)."""
        noun = period_noun(self.start, self.end)
        if self.is_empty:
            return [f"Nothing is in your journal for this {noun}, and that is all right."]
        said = [self._checkins_sentence(noun)]
        if self.pleasant is not None and self.energy is not None:
            said.append(self._feel_sentence(noun, self.pleasant, self.energy))
        if self.top_feelings:
            named = [f"{word} ({count})" for word, count in self.top_feelings]
            most = (
                "The feeling you named most often was"
                if len(named) == 1
                else "The feelings you named most often were"
            )
            said.append(f"{most} {_and_list(named)}.")
        said.append(self._sessions_sentence(noun))
        if self.biggest_change is not None:
            c = self.biggest_change
            said.append(
                f"The biggest change from one day to the next came on {_day_name(c.day)}: "
                f"pleasantness went from {_fmt(c.before)} to {_fmt(c.after)}."
            )
        return said

    def _checkins_sentence(self, noun: str) -> str:
        if self.checkins == 0:
            return f"No check-ins are in your journal for this {noun}."
        if self.checkins == 1:
            return f"You checked in once this {noun}."
        if self.days_with_checkins == 1:
            return f"You checked in {self.checkins} times this {noun}, all on one day."
        return (
            f"You checked in {self.checkins} times on {self.days_with_checkins} days this {noun}."
        )

    def _feel_sentence(self, noun: str, pleasant: float, energy: float) -> str:
        if self.previous_pleasant is None or self.previous_energy is None:
            return (
                f"On average, pleasantness was {_fmt(pleasant)} and energy {_fmt(energy)}, "
                f"on the 1 to 9 grid."
            )
        felt = _compare(
            pleasant, self.previous_pleasant, "more pleasant", "less pleasant", "about as pleasant"
        )
        than = "as" if felt == "about as pleasant" else "than"
        level = _compare(energy, self.previous_energy, "higher", "lower", "about the same")
        return (
            f"Your days felt {felt} {than} the {noun} before: {_fmt(pleasant)} against "
            f"{_fmt(self.previous_pleasant)}; energy was {level}: {_fmt(energy)} against "
            f"{_fmt(self.previous_energy)}."
        )

    def _sessions_sentence(self, noun: str) -> str:
        if self.sessions == 0:
            return f"No breathing or grounding sessions are in your journal for this {noun}."
        took = (
            "You took one break to breathe or ground yourself"
            if self.sessions == 1
            else f"You took {self.sessions} breaks to breathe or ground yourself"
        )
        if self.median_drop is None:
            return f"{took}."
        drop = self.median_drop
        if drop > 0:
            moved = f"distress came down by {_drop_text(drop)}"
        elif drop < 0:
            moved = f"distress went up by {_drop_text(-drop)}"
        else:
            moved = "distress stayed where it was"
        if self.rated_sessions == 1:
            where = "in the one you rated" if self.sessions > 1 else "in it"
            return f"{took}; {moved} {where}."
        if self.rated_sessions < self.sessions:
            return f"{took}; of the {self.rated_sessions} you rated, {moved} in the middle."
        return f"{took}; {moved} in the middle of them."

    def to_dict(self) -> dict[str, Any]:
        change = self.biggest_change
        return {
            "from": self.start.isoformat(),
            "to": (self.end - timedelta(days=1)).isoformat(),
            "previous_from": self.previous_start.isoformat(),
            "previous_to": (self.previous_end - timedelta(days=1)).isoformat(),
            "checkins": self.checkins,
            "days_with_checkins": self.days_with_checkins,
            "pleasant": self.pleasant,
            "energy": self.energy,
            "previous_pleasant": self.previous_pleasant,
            "previous_energy": self.previous_energy,
            "top_feelings": [{"feeling": w, "count": n} for w, n in self.top_feelings],
            "sessions": self.sessions,
            "rated_sessions": self.rated_sessions,
            "median_drop": self.median_drop,
            "biggest_change": None
            if change is None
            else {
                "day": change.day.isoformat(),
                "before": change.before,
                "after": change.after,
                "change": change.change,
            },
            "sentences": self.sentences(),
        }


def _biggest_change(days: Sequence[DayStats]) -> DayChange | None:
    """The largest change in mean pleasantness between two neighbouring days that both have
    check-ins (the earliest of equal changes); None when no such pair differs at all."""
    best: DayChange | None = None
    for before, after in pairwise(days):
        if before.pleasant_mean is None or after.pleasant_mean is None:
            continue
        change = DayChange(after.day, before.pleasant_mean, after.pleasant_mean)
        if change.change != 0 and (best is None or abs(change.change) > abs(best.change)):
            best = change
    return best


def week_in_words(
    checkins: Iterable[CheckIn],
    sessions: Iterable[SessionRecord],
    start: date,
    end: date,
    previous_start: date,
    previous_end: date,
) -> WeekSummary:
    """The period ``[start, end)`` against ``[previous_start, previous_end)``, from any list
    of check-ins and sessions (those outside both periods are ignored)."""
    everything = list(checkins)
    now = _in(everything, start, end)
    before = _in(everything, previous_start, previous_end)
    _check_range(previous_start, previous_end)
    days = daily(now, start, end)
    mine = [s for s in sessions if start <= day_of(s) < end]
    drops = [
        s.distress_before - s.distress_after
        for s in mine
        if s.distress_before is not None and s.distress_after is not None
    ]
    feelings = _count_words(word for c in now for word in c.feelings)
    return WeekSummary(
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        checkins=len(now),
        days_with_checkins=sum(1 for d in days if d.n),
        pleasant=_mean([c.pleasant for c in now]),
        energy=_mean([c.energy for c in now]),
        previous_pleasant=_mean([c.pleasant for c in before]),
        previous_energy=_mean([c.energy for c in before]),
        top_feelings=tuple(feelings[:TOP_FEELINGS]),
        sessions=len(mine),
        rated_sessions=len(drops),
        median_drop=float(statistics.median(drops)) if drops else None,
        biggest_change=_biggest_change(days),
    )


# --- what goes with the mood --------------------------------------------------------------------


@dataclass(frozen=True)
class Association:
    """Mean daily pleasantness on days with ``word`` against days without it."""

    kind: WordKind
    word: str
    with_mean: float
    without_mean: float
    #: Days with check-ins that have the word (in any entry of the day), and that do not.
    days_with: int
    days_without: int

    @property
    def difference(self) -> float:
        return self.with_mean - self.without_mean

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "word": self.word,
            "with": {"mean_pleasant": self.with_mean, "days": self.days_with},
            "without": {"mean_pleasant": self.without_mean, "days": self.days_without},
            "difference": self.difference,
        }


def _words(entry: CheckIn, kind: WordKind) -> tuple[str, ...]:
    if kind == "tag":
        return entry.tags
    if kind == "feeling":
        return entry.feelings
    return entry.sensations


_WORD_KINDS: tuple[WordKind, ...] = ("tag", "feeling", "sensation")


def associations(checkins: Iterable[CheckIn], min_days: int = 3) -> list[Association]:
    """For each tag, feeling and sensation (imported day facts included): mean daily
    pleasantness on days with it against days with check-ins but without it.

    A day's pleasantness is the mean of its check-ins; a word counts for a day when any check-in
    of the day has it (compared without case). Only words with at least ``min_days`` days on each
    side are kept. Sorted by the size of the difference (largest first), then kind and word.
    Association, not cause: show :data:`CAVEAT` with it.
    """
    if isinstance(min_days, bool) or not isinstance(min_days, int) or min_days < 1:
        raise ValueError(f"min_days must be a whole number of at least 1 (got {min_days!r})")
    by_day: dict[date, list[CheckIn]] = {}
    for entry in checkins:
        by_day.setdefault(day_of(entry), []).append(entry)
    day_mean = {day: sum(c.pleasant for c in es) / len(es) for day, es in by_day.items()}
    found: list[Association] = []
    for kind in _WORD_KINDS:
        days_with: dict[str, set[date]] = {}
        spelling: dict[str, str] = {}
        for day, entries in sorted(by_day.items()):
            for entry in entries:
                for word in _words(entry, kind):
                    key = word.casefold()
                    spelling.setdefault(key, word)
                    days_with.setdefault(key, set()).add(day)
        for key, with_days in days_with.items():
            without = [m for day, m in day_mean.items() if day not in with_days]
            if len(with_days) < min_days or len(without) < min_days:
                continue
            with_values = [day_mean[day] for day in with_days]
            found.append(
                Association(
                    kind=kind,
                    word=spelling[key],
                    with_mean=sum(with_values) / len(with_values),
                    without_mean=sum(without) / len(without),
                    days_with=len(with_days),
                    days_without=len(without),
                )
            )
    order = {kind: i for i, kind in enumerate(_WORD_KINDS)}
    found.sort(key=lambda a: (-abs(a.difference), order[a.kind], a.word.casefold()))
    return found


@dataclass(frozen=True)
class Bucket:
    """Check-ins on one weekday or in one time of day: ``n`` of them, their mean pleasantness
    and energy (None when ``n`` is 0)."""

    name: str
    n: int
    pleasant: float | None
    energy: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "n": self.n, "pleasant": self.pleasant, "energy": self.energy}


def _bucket(name: str, entries: Sequence[CheckIn]) -> Bucket:
    return Bucket(
        name=name,
        n=len(entries),
        pleasant=_mean([c.pleasant for c in entries]),
        energy=_mean([c.energy for c in entries]),
    )


def by_weekday(checkins: Iterable[CheckIn], first_weekday: int = 0) -> list[Bucket]:
    """Seven buckets, one per weekday of each check-in's own local day, starting on
    ``first_weekday`` (0 Monday … 6 Sunday); a weekday without check-ins has ``n`` 0."""
    first = _check_weekday(first_weekday)
    groups: list[list[CheckIn]] = [[] for _ in WEEKDAYS]
    for entry in checkins:
        groups[day_of(entry).weekday()].append(entry)
    order = [(first + i) % 7 for i in range(7)]
    return [_bucket(WEEKDAYS[i], groups[i]) for i in order]


def by_time_of_day(checkins: Iterable[CheckIn]) -> list[Bucket]:
    """Four buckets by local hour: night 0-6, morning 6-12, afternoon 12-18, evening 18-24."""
    groups: list[list[CheckIn]] = [[] for _ in TIMES_OF_DAY]
    for entry in checkins:
        hour = entry.local.hour
        for i, (_, first, after) in enumerate(TIMES_OF_DAY):
            if first <= hour < after:
                groups[i].append(entry)
    return [_bucket(name, groups[i]) for i, (name, _, _) in enumerate(TIMES_OF_DAY)]
