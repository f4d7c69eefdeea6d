"""Bearable's CSV export: ``date,weekday,time of day,category,rating/amount,detail,notes``.

Rows are grouped by date and time of day. A group with a ``Mood`` row becomes one check-in:
the mood rating (1–5) gives pleasantness (1, 3, 5, 7, 9), an ``Energy`` rating gives energy (else
the middle, 5), ``Symptoms`` details become body sensations, other details become tags, and notes
are joined. Groups with no mood are counted as skipped. Bearable's time-of-day slots are read as
``pre`` 05:00, ``am`` 09:00, ``mid`` 13:00, ``pm`` 19:00; a clock time such as ``14:30`` is used as
it is; an empty slot is noon.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo

from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    csv_header,
    csv_rows,
    decode_text,
    five_point,
    html_to_text,
)
from breathingroom.core.importers.daylio import parse_time
from breathingroom.core.journal import GRID_MID, CheckIn, JournalError, attach_local_zone

COLUMNS = ("date", "time of day", "category", "rating/amount", "detail", "notes")
SLOTS: dict[str, time] = {
    "pre": time(5, 0),
    "am": time(9, 0),
    "mid": time(13, 0),
    "pm": time(19, 0),
    "": time(12, 0),
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d")


def looks_like(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"date", "category", "rating/amount"} <= names


def _date(text: str) -> date:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # Bearable sometimes writes a full timestamp.
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a date such as 2026-11-26") from None


def _slot(text: str) -> time:
    key = text.strip().lower()
    if key in SLOTS:
        return SLOTS[key]
    return parse_time(key)


def _rating(text: str) -> int:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"rating {text[:20]!r} is not a number") from None
    if not 1 <= value <= 5:
        raise ValueError(f"rating {text[:20]!r} is not from 1 to 5")
    return five_point(value)


class _Group:
    def __init__(self, line: int) -> None:
        self.line = line
        self.pleasant: int | None = None
        self.energy: int | None = None
        self.sensations: list[str] = []
        self.tags: list[str] = []
        self.notes: list[str] = []


def parse(
    data: bytes, file: str, *, mood_map: Mapping[str, int] | None = None, zone: tzinfo | None = None
) -> ImportBatch:
    text = decode_text(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    batch = ImportBatch(format="bearable")
    groups: dict[tuple[date, time], _Group] = {}
    try:
        columns = csv_header(reader, file)
        if not looks_like(columns):
            raise ImportFormatError(
                file, 1, "not a Bearable export (expected columns date, category, rating/amount)"
            )
        for line, row in csv_rows(reader, columns, file):
            try:
                key = (_date(row["date"]), _slot(row.get("time of day", "")))
                group = groups.setdefault(key, _Group(line))
                category = row["category"].strip().lower()
                amount = row["rating/amount"]
                detail = " ".join(row.get("detail", "").split())
                if category == "mood":
                    group.pleasant = _rating(amount)
                    batch.moods_used[amount.strip()] += 1
                    batch.mood_levels[amount.strip()] = group.pleasant
                elif category == "energy":
                    group.energy = _rating(amount)
                elif category in ("symptoms", "symptom") and detail:
                    group.sensations.extend(d.strip() for d in detail.split("|"))
                elif detail and category not in ("notes", "note"):
                    group.tags.extend(d.strip() for d in detail.split("|"))
                note = html_to_text(row.get("notes", ""))
                if category in ("notes", "note") and detail and not note:
                    note = detail
                if note:
                    group.notes.append(note)
            except ValueError as exc:
                raise ImportFormatError(file, line, str(exc)) from None
    except csv.Error as exc:
        raise ImportFormatError(file, reader.line_num, f"broken CSV ({exc})") from None
    for (day, moment), group in sorted(groups.items()):
        if group.pleasant is None:
            batch.skipped_rows += 1
            continue
        try:
            batch.checkins.append(
                CheckIn.create(
                    at=attach_local_zone(datetime.combine(day, moment), zone),
                    pleasant=group.pleasant,
                    energy=group.energy or GRID_MID,
                    sensations=[s for s in group.sensations if s],
                    tags=[t for t in group.tags if t],
                    note="\n".join(group.notes),
                    source="bearable",
                )
            )
        except JournalError as exc:
            raise ImportFormatError(file, group.line, str(exc)) from None
    return batch
