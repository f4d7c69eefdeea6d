"""Write the journal as the app's own JSON or CSV (described in docs/formats.md): check-ins,
sessions and the day facts kept from imported apps.

Both formats import back exactly through :mod:`breathingroom.core.importers`. A CSV cell that a
spreadsheet would run as a formula is written with a leading ``'`` (:func:`text_cell`), which the
app's own importer takes off again (:func:`plain_cell`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from breathingroom.core.dayfacts import DayFact
from breathingroom.core.journal import CheckIn, session_to_dict
from breathingroom.core.records import SessionRecord

FORMAT_NAME = "breathing-room"
#: Version 2 added day facts; an export without any is still written as version 1, which every
#: version of the app reads. An older app refuses a version 2 file rather than drop its facts.
FORMAT_VERSION = 2
FORMAT_VERSION_WITHOUT_FACTS = 1
#: Day facts as the JSON's ``day_facts`` objects hold them, in this order.
FACT_FIELDS: tuple[str, ...] = ("day", "category", "item", "amount", "time", "note", "source")

#: The CSV's columns; a row is a check-in, a session or a day fact (``record`` says which). A day
#: fact's day is in ``at``; ``note`` and ``source`` are shared; the last four columns are its own.
#: Columns are only ever added at the end, so older exports still import.
CSV_COLUMNS: tuple[str, ...] = (
    "record",
    "at",
    "pleasant",
    "energy",
    "distress",
    "feelings",
    "sensations",
    "tags",
    "note",
    "source",
    "kind",
    "exercise",
    "start",
    "end",
    "completed",
    "params",
    "distress_before",
    "distress_after",
    "category",
    "item",
    "amount",
    "time_of_day",
)
#: Words in one CSV cell are joined by this (words never contain "|").
LIST_SEPARATOR = " | "
#: A CSV cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a ``'`` before one it would run as a formula.

    A cell that already starts with quotes and then a formula sign gets one more, so
    :func:`plain_cell` gives back exactly what was written, whatever it was.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def plain_cell(cell: str) -> str:
    """The text that :func:`text_cell` wrote as ``cell``."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _sorted(
    checkins: Iterable[CheckIn], sessions: Iterable[SessionRecord]
) -> tuple[list[CheckIn], list[SessionRecord]]:
    return (
        sorted(checkins, key=lambda c: (c.at_utc, c.dedupe_key())),
        sorted(sessions, key=lambda s: (s.start, s.end, s.exercise)),
    )


def _by_day(facts: Iterable[DayFact]) -> list[DayFact]:
    """By day; within a day, in the order given (the order they were kept in)."""
    return sorted(facts, key=lambda f: f.day)


def fact_to_dict(fact: DayFact) -> dict[str, str]:
    return fact.as_dict()


def to_json(
    checkins: Iterable[CheckIn],
    sessions: Iterable[SessionRecord],
    facts: Iterable[DayFact] = (),
) -> str:
    cs, ss = _sorted(checkins, sessions)
    fs = _by_day(facts)
    document: dict[str, object] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION if fs else FORMAT_VERSION_WITHOUT_FACTS,
        "checkins": [c.to_dict() for c in cs],
        "sessions": [session_to_dict(s) for s in ss],
    }
    if fs:
        document["day_facts"] = [fact_to_dict(f) for f in fs]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def to_csv(
    checkins: Iterable[CheckIn],
    sessions: Iterable[SessionRecord],
    facts: Iterable[DayFact] = (),
) -> str:
    cs, ss = _sorted(checkins, sessions)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()

    def write(row: dict[str, object]) -> None:
        writer.writerow({k: text_cell(v) if isinstance(v, str) else v for k, v in row.items()})

    for c in cs:
        write(
            {
                "record": "checkin",
                "at": c.iso_at,
                "pleasant": c.pleasant,
                "energy": c.energy,
                "distress": _num(c.distress),
                "feelings": LIST_SEPARATOR.join(c.feelings),
                "sensations": LIST_SEPARATOR.join(c.sensations),
                "tags": LIST_SEPARATOR.join(c.tags),
                "note": c.note,
                "source": c.source,
            }
        )
    for s in ss:
        write(
            {
                "record": "session",
                "source": s.source,
                "kind": s.kind,
                "exercise": s.exercise,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "completed": "true" if s.completed else "false",
                "params": json.dumps(s.params, ensure_ascii=False, sort_keys=True),
                "distress_before": _num(s.distress_before),
                "distress_after": _num(s.distress_after),
            }
        )
    for f in _by_day(facts):
        write(
            {
                "record": "dayfact",
                "at": f.day.isoformat(),
                "note": f.note,
                "source": f.source,
                "category": f.category,
                "item": f.item,
                "amount": f.amount,
                "time_of_day": f.time,
            }
        )
    return out.getvalue()
