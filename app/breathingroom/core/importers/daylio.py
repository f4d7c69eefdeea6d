"""Daylio's CSV export, every header generation.

Columns are matched by name, so any of these headers work::

    year,date,weekday,time,mood,activities,note
    full_date,date,weekday,time,mood,activities,note
    full_date,date,weekday,time,mood,activities,note_title,note
    full_date,date,weekday,time,mood,activities,scales,note_title,note

Daylio stores local wall-clock times with no zone; they are read in ``zone`` (default: the
computer's zone, so offsets differ either side of a daylight-saving change; a time the clocks
skipped moves forward). Daylio has no energy axis, so energy is the grid's middle (5). The
``scales`` column becomes day facts; notes are HTML and become plain lines. The file is read as
a stream, row by row.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo

from breathingroom.core.dayfacts import DayFact
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    Source,
    UnmappedMoodsError,
    csv_header,
    csv_rows,
    html_to_text,
    normalise_map,
    open_text,
    system_zone,
    wall_time,
)
from breathingroom.core.journal import GRID_MID, CheckIn, JournalError

#: Daylio's five default moods on the pleasantness axis, in the languages we could check against
#: public parsers of real exports (docs/formats.md, docs/format-sources.md). Levels 9, 7, 5, 3, 1.
DEFAULT_MOODS: dict[str, int] = {
    # English
    "rad": 9,
    "good": 7,
    "meh": 5,
    "bad": 3,
    "awful": 1,
    # German (and "einfach scheiße", the lowest mood's name in older German versions)
    "super": 9,
    "gut": 7,
    "ok": 5,
    "schlecht": 3,
    "lausig": 1,
    "einfach scheiße": 1,
    # French
    "bien": 7,
    "mouais": 5,
    "mauvais": 3,
    "horrible": 1,
    # Italian
    "ottimo": 9,
    "buono": 7,
    "così così": 5,
    "male": 3,
    "terribile": 1,
}
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
    if len(full) == 10 and full[4] == "-" and full[7] == "-" and full.isascii():
        try:
            return date.fromisoformat(full)
        except ValueError:
            pass
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


def _scales(text: str) -> list[tuple[str, str]]:
    """``Sleep Quality: 8/10 points | Sleep Time: 8:00`` → [(name, value), …]."""
    result = []
    for part in text.replace("\xa0", " ").split(ACTIVITY_SEPARATOR.strip()):
        name, sep, value = part.partition(":")
        if not part.strip():
            continue
        if sep:
            result.append((" ".join(name.split()), value.strip()))
        else:
            result.append(("Scale", part.strip()))
    return result


def parse(
    data: Source,
    file: str,
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
    zone_name: str = "",
    keep: bool = True,
    sink: Callable[[CheckIn], None] | None = None,
) -> ImportBatch:
    if zone is None:
        zone, zone_name = system_zone()
    levels = {**DEFAULT_MOODS, **normalise_map(mood_map)}
    batch = ImportBatch(format="daylio", zone_name=zone_name, keep=keep, sink=sink)
    unmapped: list[str] = []
    used: Counter[str] = Counter()
    seen: set[bytes] = set()
    seen_facts: set[str] = set()
    activity_names: dict[str, str] = {}
    with open_text(data, file) as stream:
        reader = csv.reader(stream, strict=True)
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
            if mood not in levels:
                if mood not in unmapped:
                    unmapped.append(mood)
                continue  # keep reading, to name every unknown mood at once
            if unmapped:
                continue
            activities = [
                activity_names.setdefault(a, a)  # one string per activity name, not per row
                for a in (a.strip() for a in row.get("activities", "").split("|"))
                if a
            ]
            title = html_to_text(row.get("note_title", ""))
            body = html_to_text(row.get("note", ""))
            note = f"{title}\n{body}" if title and body else title or body
            try:
                at, moved = wall_time(datetime.combine(day, moment), zone)
                batch.moved_forward += moved
                batch.add_checkin(
                    CheckIn.create(
                        at=at,
                        pleasant=levels[mood],
                        energy=GRID_MID,
                        tags=activities,
                        note=note,
                        source="daylio",
                    ),
                    seen,
                )
            except JournalError as exc:
                raise ImportFormatError(file, line, str(exc)) from None
            for name, value in _scales(row.get("scales", "")):
                batch.add_fact(
                    DayFact(
                        day=day,
                        category=name,
                        amount=value,
                        time=moment.strftime("%H:%M"),
                        source="daylio",
                    ),
                    seen_facts,
                )
    if unmapped:
        raise UnmappedMoodsError(file, unmapped)
    batch.moods_used = used
    batch.mood_levels = {name: levels[name] for name in used}
    return batch
