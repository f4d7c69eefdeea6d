"""Daylio's CSV export, every header generation.

Columns are matched by name, so any of these headers work::

    year,date,weekday,time,mood,activities,note
    full_date,date,weekday,time,mood,activities,note
    full_date,date,weekday,time,mood,activities,note_title,note
    full_date,date,weekday,time,mood,activities,scales,note_title,note

Daylio stores local wall-clock times with no zone; they are read in ``zone`` (default: the
computer's local zone at that date, so offsets differ either side of a daylight-saving change).
Daylio has no energy axis, so energy is the grid's middle (5).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo

from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    UnmappedMoodsError,
    csv_header,
    csv_rows,
    decode_text,
    html_to_text,
    normalise_map,
)
from breathingroom.core.journal import GRID_MID, CheckIn, JournalError, attach_local_zone

#: Daylio's five default moods on the pleasantness axis.
DEFAULT_MOODS: dict[str, int] = {"rad": 9, "good": 7, "meh": 5, "bad": 3, "awful": 1}
ACTIVITY_SEPARATOR = " | "

_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?\s*[Mm]\.?)?\s*$")
_MONTH_FORMATS = ("%B %d", "%d %B", "%b %d", "%d %b", "%m-%d", "%m/%d", "%d.%m")
_FULL_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y")


def looks_like(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"date", "time", "mood"} <= names and ("full_date" in names or "year" in names)


def parse_time(text: str) -> time:
    """``6:50 pm``, ``6:50 PM``, ``06:50`` or ``14:58``."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"{text[:20]!r} is not a time such as 6:50 pm or 14:58")
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text[:20]!r}: hour {hour} with am/pm")
        pm = match[4].lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{text[:20]!r} is not a valid time")
    return time(hour, minute, second)


def parse_date(row: Mapping[str, str]) -> date:
    full = (row.get("full_date") or "").strip()
    if full:
        for fmt in _FULL_FORMATS:
            try:
                return datetime.strptime(full, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"{full[:20]!r} is not a date such as 2026-11-26")
    year_text = (row.get("year") or "").strip()
    day_text = (row.get("date") or "").strip()
    if not year_text.isdigit() or len(year_text) != 4:
        raise ValueError(f"year {year_text[:20]!r} is not a four-digit year")
    for fmt in _MONTH_FORMATS:
        try:
            parsed = datetime.strptime(f"{year_text} {day_text}", f"%Y {fmt}")
        except ValueError:
            continue
        return parsed.date()
    raise ValueError(f"{day_text[:20]!r} is not a day such as 'November 26'")


def parse(
    data: bytes,
    file: str,
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
) -> ImportBatch:
    text = decode_text(data, file)
    levels = {**DEFAULT_MOODS, **normalise_map(mood_map)}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    batch = ImportBatch(format="daylio")
    unmapped: list[str] = []
    used: Counter[str] = Counter()
    pending: list[tuple[int, date, time, str, list[str], str]] = []
    try:
        columns = csv_header(reader, file)
        if not looks_like(columns):
            raise ImportFormatError(
                file,
                1,
                "not a Daylio export (expected columns full_date or year, date, time, mood)",
            )
        for line, row in csv_rows(reader, columns, file):
            try:
                day = parse_date(row)
                moment = parse_time(row.get("time", ""))
            except ValueError as exc:
                raise ImportFormatError(file, line, str(exc)) from None
            mood = " ".join(row.get("mood", "").split()).casefold()
            if not mood:
                raise ImportFormatError(file, line, "the mood is empty")
            used[mood] += 1
            if mood not in levels and mood not in unmapped:
                unmapped.append(mood)
            activities = [
                a.strip() for a in row.get("activities", "").split(ACTIVITY_SEPARATOR.strip())
            ]
            title = html_to_text(row.get("note_title", ""))
            body = html_to_text(row.get("note", ""))
            note = f"{title}\n{body}" if title and body else title or body
            pending.append((line, day, moment, mood, [a for a in activities if a], note))
    except csv.Error as exc:
        raise ImportFormatError(file, reader.line_num, f"broken CSV ({exc})") from None
    if unmapped:
        raise UnmappedMoodsError(file, unmapped)
    for line, day, moment, mood, activities, note in pending:
        try:
            at = attach_local_zone(datetime.combine(day, moment), zone)
            batch.checkins.append(
                CheckIn.create(
                    at=at,
                    pleasant=levels[mood],
                    energy=GRID_MID,
                    tags=activities,
                    note=note,
                    source="daylio",
                )
            )
        except JournalError as exc:
            raise ImportFormatError(file, line, str(exc)) from None
    batch.moods_used = used
    batch.mood_levels = {name: levels[name] for name in used}
    return batch
