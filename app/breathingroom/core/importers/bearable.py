"""Bearable's CSV export, both header generations::

    date,weekday,time of day,category,rating/amount,detail,notes
    date,date formatted,weekday,time of day,category,rating/amount,detail,notes

``date`` is written with English ordinals (``22nd Sep 2020``); the ISO ``date formatted``
column is preferred where there is one. ``time of day`` is a clock time (``3:04``, ``03:00``), a
slot (``pre``, ``am``, ``mid``, ``pm``), ``all day``, ``Day 7`` (period tracking) or empty.

- Each ``Mood`` row is one check-in at its own time. Mood is 1–10 (read onto the 1–9 grid); its
  detail, ``Meh | Anxious``, gives the feelings; its notes, the note.
- An ``Energy`` row within :data:`NEAR` of a mood that day gives that check-in its energy;
  otherwise it goes to the nearest mood of that day that has none yet; with no mood that day it
  is kept as a day fact. Energy is 1–10, or 1–5 in older exports: the scale is read from the
  file (or named with ``energy_scale``) and the summary says which.
- Every other row (symptoms, factors, medication, sleep, food, gratitude, custom ratings…) is
  kept as a day fact, as written. Nothing is left out.

Slots are placed at ``pre`` 05:00, ``am`` 09:00, ``mid`` 13:00, ``pm`` 19:00; a mood with no
clock time (``all day`` or empty) at noon. The file is read as a stream.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from breathingroom.core.dayfacts import DayFact
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    Source,
    csv_header,
    csv_rows,
    five_point,
    html_to_text,
    open_text,
    system_zone,
    ten_point,
    wall_time,
)
from breathingroom.core.importers.daylio import parse_time
from breathingroom.core.journal import GRID_MID, CheckIn, JournalError

SLOTS: dict[str, time] = {
    "pre": time(5, 0),
    "am": time(9, 0),
    "mid": time(13, 0),
    "pm": time(19, 0),
}
NOON = time(12, 0)
#: An energy rating this close to a mood belongs to that check-in.
NEAR = timedelta(minutes=10)
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ENERGY_WORDS = {"good", "ok", "poor"}


def looks_like(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"date", "category", "rating/amount"} <= names


def parse_date(text: str) -> date:
    """``2020-09-22`` or ``22nd Sep 2020`` (also ``1 May 2024``, ``3rd January 2021``)."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _ORDINAL.match(text):
            month = _MONTHS.get(match[2][:3].lower())
            if month is not None:
                return date(int(match[3]), month, int(match[1]))
    except ValueError:
        pass
    raise ValueError(f"{text[:20]!r} is not a date such as 22nd Sep 2020")


def clock_time(text: str) -> time | None:
    """The time of day a row was logged at, or None for a whole-day row."""
    key = " ".join(text.split()).lower()
    if key in SLOTS:
        return SLOTS[key]
    if not key or key == "all day" or key.startswith("day "):
        return None
    return parse_time(key)


def _number(text: str, what: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise ValueError(f"the {what} rating {text[:20]!r} is not a number") from None


@dataclass
class _Mood:
    line: int
    day: date
    at: time
    pleasant: int
    feelings: list[str]
    note: str
    energy: int | None = None


@dataclass
class _Energy:
    line: int
    day: date
    at: time | None
    raw: float
    detail: str
    time_text: str
    note: str


@dataclass
class _Day:
    moods: list[_Mood] = field(default_factory=list)
    energies: list[_Energy] = field(default_factory=list)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def parse(
    data: Source,
    file: str,
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
    zone_name: str = "",
    keep: bool = True,
    sink: Callable[[CheckIn], None] | None = None,
    energy_scale: int | None = None,
) -> ImportBatch:
    if zone is None:
        zone, zone_name = system_zone()
    batch = ImportBatch(format="bearable", zone_name=zone_name, keep=keep, sink=sink)
    days: dict[date, _Day] = {}
    seen_facts: set[str] = set()
    energy_max = 0.0
    energy_words = False
    with open_text(data, file) as stream:
        reader = csv.reader(stream, strict=True)
        columns = csv_header(reader, file)
        if not looks_like(columns):
            raise ImportFormatError(
                file, 1, "not a Bearable export (expected columns date, category, rating/amount)"
            )
        iso = "date formatted" in columns
        for line, row in csv_rows(reader, columns, file):
            try:
                day = parse_date(row["date formatted"] if iso else row["date"])
                time_text = " ".join(row.get("time of day", "").split())
                category = " ".join(row["category"].split())
                amount = row["rating/amount"].strip()
                detail = " ".join(row.get("detail", "").split())
                note = html_to_text(row.get("notes", ""))
                kind = category.lower()
                if kind == "mood":
                    at = clock_time(time_text)
                    value = _number(amount, "mood")
                    if not 1 <= value <= 10:
                        raise ValueError(f"the mood rating {amount[:20]!r} is not from 1 to 10")
                    pleasant = ten_point(value)
                    label = f"{amount} of 10"
                    batch.moods_used[label] += 1
                    batch.mood_levels[label] = pleasant
                    feelings = [f.strip() for f in detail.split("|") if f.strip()]
                    days.setdefault(day, _Day()).moods.append(
                        _Mood(line, day, at or NOON, pleasant, feelings, note)
                    )
                    continue
                if kind == "energy":
                    at = clock_time(time_text)
                    value = _number(amount, "energy")
                    if not 1 <= value <= 10:
                        raise ValueError(f"the energy rating {amount[:20]!r} is not from 1 to 10")
                    energy_max = max(energy_max, value)
                    energy_words = energy_words or detail.lower() in _ENERGY_WORDS
                    days.setdefault(day, _Day()).energies.append(
                        _Energy(line, day, at, value, detail, time_text, note)
                    )
                    continue
            except ValueError as exc:
                raise ImportFormatError(file, line, str(exc)) from None
            batch.add_fact(
                DayFact(
                    day=day,
                    category=category or "(no category)",
                    item=detail,
                    amount=amount,
                    time=time_text,
                    note=note,
                    source="bearable",
                ),
                seen_facts,
            )
    if energy_scale is None:
        energy_scale = 5 if (energy_max and energy_max <= 5 and energy_words) else 10
        how = "found in the file"
    else:
        how = "as asked"
    if energy_max:
        batch.assumptions.append(f"energy read on a 1–{energy_scale} scale ({how})")
        if energy_scale == 5 and energy_max > 5:
            raise ImportFormatError(file, 0, "energy ratings above 5 on a 1–5 scale")
    scale = five_point if energy_scale == 5 else ten_point
    seen: set[bytes] = set()
    attached_near = attached_day = kept_as_fact = 0
    for day in sorted(days):
        found = days[day]
        moods = sorted(found.moods, key=lambda m: _minutes(m.at))
        for energy in found.energies:
            level = scale(energy.raw)
            target = _nearest(moods, energy, near=True)
            if target is not None:
                attached_near += 1
            else:
                target = _nearest([m for m in moods if m.energy is None], energy, near=False)
                attached_day += target is not None
            if target is None:
                kept_as_fact += 1
                batch.add_fact(
                    DayFact(
                        day=day,
                        category="Energy",
                        item=energy.detail,
                        amount=f"{energy.raw:g}",
                        time=energy.time_text,
                        note=energy.note,
                        source="bearable",
                    ),
                    seen_facts,
                )
            else:
                target.energy = level
        for mood in moods:
            try:
                moment, moved = wall_time(datetime.combine(day, mood.at), zone)
                batch.moved_forward += moved
                batch.add_checkin(
                    CheckIn.create(
                        at=moment,
                        pleasant=mood.pleasant,
                        energy=mood.energy or GRID_MID,
                        feelings=mood.feelings,
                        note=mood.note,
                        source="bearable",
                    ),
                    seen,
                )
            except JournalError as exc:
                raise ImportFormatError(file, mood.line, str(exc)) from None
    if attached_near or attached_day or kept_as_fact:
        batch.assumptions.append(
            f"energy ratings: {attached_near} joined the mood logged within "
            f"{int(NEAR.total_seconds() // 60)} minutes, {attached_day} the nearest mood that "
            f"day, {kept_as_fact} kept as day facts (no mood that day)"
        )
    return batch


def _nearest(moods: list[_Mood], energy: _Energy, *, near: bool) -> _Mood | None:
    if not moods:
        return None
    at = energy.at or NOON
    best = min(moods, key=lambda m: abs(_minutes(m.at) - _minutes(at)))
    if near and (energy.at is None or abs(_minutes(best.at) - _minutes(at)) > NEAR.seconds // 60):
        return None
    if near and best.energy is not None:
        return None
    return best
