"""Pixels' JSON backup (``PIXELS-BACKUP-<timestamp>.json``): a top-level list of days.

Three shapes are read::

    {"date": "2019-03-10", "mood": 5, "emotions": ["joy"], "notes": "…"}             (2019)
    {"date": "…", "entries": [{"type": "Mood", "value": 5, "notes": "…",
      "isHighlighted": false, "tags": []}]}                                          (about 2022)
    {"date": "2022-9-20", "type": "Mood", "scores": [2, 5], "notes": "…",
     "tags": [{"type": "Emotions", "entries": ["joy"]}, {"type": "Weather", …}]}    (current)

Dates are ``YYYY-M-D`` (month and day not zero-padded); days may come in any order. A score of
1–5 gives pleasantness 1, 3, 5, 7, 9; energy is the middle (5). Pixels records days, not times:
the first score of a day is placed at noon local time, further ones a minute apart.

A day's note and tags belong to the whole day: the tags go on each of that day's check-ins, and
the note is kept once, as a day fact in the category ``Day note`` (an entry's own note, in the
2022 shape, stays with that check-in). A tag group becomes feelings if it is the group named with
``feelings_group``, or, by default, if its name is the word for emotions or feelings in a common
language (:data:`FEELING_GROUPS`); other groups become tags. The summary lists every group.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from breathingroom.core.dayfacts import DAY_NOTE, DayFact
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    Source,
    five_point,
    load_json,
    read_source,
    system_zone,
    wall_time,
)
from breathingroom.core.journal import GRID_MID, CheckIn

NOON = time(12, 0)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
#: Tag group names read as feelings unless the user names another group: "emotions" and
#: "feelings" in English, Spanish, French, German, Italian and Portuguese.
FEELING_GROUPS = frozenset(
    {
        "emotions", "feelings", "emotion", "feeling",
        "emociones", "sentimientos",
        "émotions", "sentiments",
        "emotionen", "gefühle",
        "emozioni", "sentimenti",
        "emoções", "sentimentos",
    }
)  # fmt: skip


def parse_date(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError("the day has no date")
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"{value[:20]!r} is not a date such as 2022-9-20")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"{value[:20]!r} is not a date that exists") from None


def _score(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"score {str(value)[:20]!r} is not a number")
    if not 1 <= value <= 5:
        raise ValueError(f"score {value!r} is not from 1 to 5")
    return five_point(value)


def _text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    return value.strip()


def _words(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ValueError(f"{what} must be a list of words")
    return [w.strip() for w in value if w.strip()]


class _Groups:
    """Where each tag group goes, counted for the summary."""

    def __init__(self, batch: ImportBatch, feelings_group: str | None) -> None:
        self.batch = batch
        self.chosen = " ".join(feelings_group.split()).casefold() if feelings_group else None

    def split(self, value: object) -> tuple[list[str], list[str]]:
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
                continue
            if not isinstance(item, dict):
                raise ValueError("a tag must be text or a group")
            name = _text(item.get("type"), "a tag group's type") or "(no name)"
            entries = _words(item.get("entries", []), "a tag group's entries")
            key = " ".join(name.split()).casefold()
            is_feelings = key == self.chosen if self.chosen else key in FEELING_GROUPS
            target = "feelings" if is_feelings else "tags"
            (feelings if is_feelings else tags).extend(entries)
            before = self.batch.groups.get(name, (target, 0))[1]
            self.batch.groups[name] = (target, before + len(entries))
        return feelings, tags


_Entry = tuple[int, str, list[str], list[str]]
#: The day facts that keep a day's words when it has no score to carry them.
DAY_FEELINGS = "Feelings"
DAY_TAGS = "Tags"


def _day_entries(
    day: dict[str, Any], groups: _Groups
) -> tuple[list[_Entry], str, list[str], list[str]]:
    """([(pleasant, entry note, feelings, tags)], day note, the day's feelings, its tags): the
    day's words go on every entry (and, on a day without one, into day facts)."""
    day_note = _text(day.get("notes", day.get("note")), "notes")
    feelings, tags = groups.split(day.get("tags"))
    entries, note = _entries(day, groups, day_note, feelings, tags)
    return entries, note, feelings, tags


def _entries(
    day: dict[str, Any], groups: _Groups, day_note: str, feelings: list[str], tags: list[str]
) -> tuple[list[_Entry], str]:
    if "entries" in day:
        items = day["entries"]
        if not isinstance(items, list):
            raise ValueError("entries must be a list")
        scores = []
        for item in items:
            if not isinstance(item, dict):
                raise ValueError("each entry must be an object")
            kind = item.get("type", "Mood")
            if kind != "Mood":
                raise ValueError(f"an entry of type {str(kind)[:20]!r} is not a mood")
            more_feelings, more_tags = groups.split(item.get("tags"))
            note = _text(item.get("notes"), "notes")
            scores.append(
                (_score(item.get("value")), note, feelings + more_feelings, tags + more_tags)
            )
        return scores, day_note
    if "scores" in day:
        raw = day["scores"]
        if not isinstance(raw, list):
            raise ValueError("scores must be a list")
        kind = day.get("type", "Mood")
        if kind != "Mood":
            raise ValueError(f"a day of type {str(kind)[:20]!r} is not a mood")
        return [(_score(s), "", feelings, tags) for s in raw], day_note
    if "mood" in day:
        feelings += _words(day.get("emotions"), "emotions")
        if day.get("emotions"):
            before = groups.batch.groups.get("emotions", ("feelings", 0))[1]
            groups.batch.groups["emotions"] = ("feelings", before + len(day["emotions"]))
        return [(_score(day["mood"]), "", feelings, tags)], day_note
    raise ValueError("the day has no scores")


def parse(
    data: Source,
    file: str,
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
    zone_name: str = "",
    keep: bool = True,
    sink: Callable[[CheckIn], None] | None = None,
    feelings_group: str | None = None,
) -> ImportBatch:
    if zone is None:
        zone, zone_name = system_zone()
    document = load_json(read_source(data, file), file)
    if not isinstance(document, list):
        raise ImportFormatError(file, 1, "not a Pixels backup (expected a list of days)")
    batch = ImportBatch(format="pixels", zone_name=zone_name, keep=keep, sink=sink)
    groups = _Groups(batch, feelings_group)
    seen: set[bytes] = set()
    seen_facts: set[str] = set()
    for index, day in enumerate(document):
        where = f"day {index + 1}"
        try:
            if not isinstance(day, dict):
                raise ValueError("each day must be an object")
            when = parse_date(day.get("date"))
            where = f"day {index + 1} ({when.isoformat()})"
            scores, day_note, day_feelings, day_tags = _day_entries(day, groups)
            for n, (pleasant, note, feelings, tags) in enumerate(scores):
                label = f"{(pleasant + 1) // 2} of 5"
                batch.moods_used[label] += 1
                batch.mood_levels[label] = pleasant
                at, moved = wall_time(datetime.combine(when, NOON) + timedelta(minutes=n), zone)
                batch.moved_forward += moved
                batch.add_checkin(
                    CheckIn.create(
                        at=at,
                        pleasant=pleasant,
                        energy=GRID_MID,
                        feelings=feelings,
                        tags=tags,
                        note=note,
                        source="pixels",
                    ),
                    seen,
                )
            if day_note:
                batch.add_fact(
                    DayFact(day=when, category=DAY_NOTE, note=day_note, source="pixels"),
                    seen_facts,
                )
            if not scores:  # a day with words but no score: the words are kept with the day
                for category, words in ((DAY_FEELINGS, day_feelings), (DAY_TAGS, day_tags)):
                    for word in words:
                        batch.add_fact(
                            DayFact(day=when, category=category, item=word, source="pixels"),
                            seen_facts,
                        )
        except (ValueError, OverflowError) as exc:  # JournalError is a ValueError
            raise ImportFormatError(file, 0, f"{where}: {exc}") from None
    return batch
