"""Pixels' JSON backup: a list of days, each with one or more scores (1–5), notes and tags.

Both shapes seen in the wild are read::

    [{"date": "2026-11-26", "scores": [4], "notes": "…", "tags": [{"type": "Emotions",
      "entries": ["calm"]}]}]
    [{"date": "2026-11-26", "entries": [{"value": 4, "notes": "…", "tags": ["calm"]}]}]

A score of 1–5 gives pleasantness 1, 3, 5, 7, 9; energy is the middle (5). Pixels records days,
not times: the first entry of a day is placed at noon local time, further ones a minute apart.
Tags in a group whose type mentions emotions or feelings become feeling words; others are tags.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    five_point,
    load_json,
)
from breathingroom.core.journal import GRID_MID, CheckIn, attach_local_zone

NOON = time(12, 0)


def _date(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError("the day has no date")
    parts = value.strip()[:10].split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{value[:20]!r} is not a date such as 2026-11-26")
    return date(int(parts[0]), int(parts[1]), int(parts[2]))


def _tags(value: object) -> tuple[list[str], list[str]]:
    """(feelings, tags)"""
    feelings: list[str] = []
    tags: list[str] = []
    if value is None:
        return feelings, tags
    if not isinstance(value, list):
        raise ValueError("tags must be a list")
    for item in value:
        if isinstance(item, str):
            tags.append(item)
        elif isinstance(item, dict):
            kind = item.get("type", "")
            entries = item.get("entries", [])
            if not isinstance(kind, str) or not isinstance(entries, list):
                raise ValueError("a tag group needs a type and a list of entries")
            if not all(isinstance(e, str) for e in entries):
                raise ValueError("tag entries must be text")
            low = kind.lower()
            target = feelings if ("emotion" in low or "feeling" in low) else tags
            target.extend(entries)
        else:
            raise ValueError("a tag must be text or a group")
    return feelings, tags


def _score(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"score {value!r} is not a number")
    if not 1 <= value <= 5:
        raise ValueError(f"score {value!r} is not from 1 to 5")
    return five_point(value)


def _entries(day: dict[str, Any]) -> list[tuple[int, str, object]]:
    """(pleasant, notes, tags) for each entry of a day."""
    notes = day.get("notes", "")
    if "entries" in day:
        items = day["entries"]
        if not isinstance(items, list):
            raise ValueError("entries must be a list")
        result = []
        for item in items:
            if not isinstance(item, dict):
                raise ValueError("each entry must be an object")
            note = item.get("notes", item.get("note", ""))
            if not isinstance(note, str):
                raise ValueError("notes must be text")
            result.append((_score(item.get("value")), note, item.get("tags")))
        return result
    scores = day.get("scores")
    if not isinstance(scores, list) or not scores:
        raise ValueError("the day has no scores")
    if not isinstance(notes, str):
        raise ValueError("notes must be text")
    return [
        (_score(s), notes if i == 0 else "", day.get("tags") if i == 0 else None)
        for i, s in enumerate(scores)
    ]


def parse(
    data: bytes, file: str, *, mood_map: Mapping[str, int] | None = None, zone: tzinfo | None = None
) -> ImportBatch:
    document = load_json(data, file)
    if not isinstance(document, list):
        raise ImportFormatError(file, 1, "not a Pixels backup (expected a list of days)")
    batch = ImportBatch(format="pixels")
    for index, day in enumerate(document):
        where = f"day {index + 1}"
        try:
            if not isinstance(day, dict):
                raise ValueError("each day must be an object")
            when = _date(day.get("date"))
            for n, (pleasant, note, tags) in enumerate(_entries(day)):
                feelings, plain = _tags(tags)
                label = str((pleasant + 1) // 2)
                batch.moods_used[label] += 1
                batch.mood_levels[label] = pleasant
                moment = datetime.combine(when, NOON) + timedelta(minutes=n)
                batch.checkins.append(
                    CheckIn.create(
                        at=attach_local_zone(moment, zone),
                        pleasant=pleasant,
                        energy=GRID_MID,
                        feelings=feelings,
                        tags=plain,
                        note=note,
                        source="pixels",
                    )
                )
        except (ValueError, OverflowError) as exc:  # JournalError is a ValueError
            raise ImportFormatError(file, 0, f"{where}: {exc}") from None
    return batch
