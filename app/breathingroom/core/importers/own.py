"""Read back the app's own JSON and CSV exports (docs/formats.md), with or without day facts."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from breathingroom.core.dayfacts import DayFact, check_fact
from breathingroom.core.exporters import (
    CSV_COLUMNS,
    FACT_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LIST_SEPARATOR,
    plain_cell,
)
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    decode_text,
    load_json,
)
from breathingroom.core.journal import (
    SESSION_KINDS_TEXT,
    CheckIn,
    JournalError,
    validate_session,
)
from breathingroom.core.records import SessionRecord, session_kind


def _time(value: object, what: str, file: str, line: int) -> datetime:
    if not isinstance(value, str):
        raise ImportFormatError(file, line, f"{what} must be an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFormatError(
            file, line, f"{what} {value[:40]!r} is not an ISO 8601 time"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ImportFormatError(file, line, f"{what} {value[:40]!r} has no UTC offset")
    return moment


def _words(value: object, what: str, file: str, line: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ImportFormatError(file, line, f"{what} must be a list of words")
    return cast(list[str], value)


def _opt_int(value: object, what: str, file: str, line: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFormatError(file, line, f"{what} must be a whole number or null")
    return value


def _checkin(item: dict[str, Any], file: str, line: int, default_source: str) -> CheckIn:
    at = _time(item.get("at"), "at", file, line)
    pleasant = _opt_int(item.get("pleasant"), "pleasant", file, line)
    energy = _opt_int(item.get("energy"), "energy", file, line)
    if pleasant is None or energy is None:
        raise ImportFormatError(file, line, "pleasant and energy are required")
    note = item.get("note", "")
    source = item.get("source", default_source)
    if not isinstance(note, str) or not isinstance(source, str):
        raise ImportFormatError(file, line, "note and source must be text")
    try:
        return CheckIn.create(
            at=at,
            pleasant=pleasant,
            energy=energy,
            distress=_opt_int(item.get("distress"), "distress", file, line),
            feelings=_words(item.get("feelings", []), "feelings", file, line),
            sensations=_words(item.get("sensations", []), "sensations", file, line),
            tags=_words(item.get("tags", []), "tags", file, line),
            note=note,
            source=source,
        )
    except JournalError as exc:
        raise ImportFormatError(file, line, str(exc)) from None


def _session(item: dict[str, Any], file: str, line: int, default_source: str) -> SessionRecord:
    exercise = item.get("exercise")
    completed = item.get("completed")
    params = item.get("params", {})
    source = item.get("source", default_source)
    kind = session_kind(item.get("kind"))
    if kind is None:
        raise ImportFormatError(file, line, f"kind must be {SESSION_KINDS_TEXT}")
    if not isinstance(exercise, str) or not isinstance(source, str):
        raise ImportFormatError(file, line, "exercise and source must be text")
    if not isinstance(completed, bool):
        raise ImportFormatError(file, line, "completed must be true or false")
    if not isinstance(params, dict):
        raise ImportFormatError(file, line, "params must be an object")
    try:
        return validate_session(
            SessionRecord(
                kind=kind,
                exercise=exercise,
                start=_time(item.get("start"), "start", file, line),
                end=_time(item.get("end"), "end", file, line),
                completed=completed,
                params=params,
                distress_before=_opt_int(
                    item.get("distress_before"), "distress_before", file, line
                ),
                distress_after=_opt_int(item.get("distress_after"), "distress_after", file, line),
                source=source,
            )
        )
    except JournalError as exc:
        raise ImportFormatError(file, line, str(exc)) from None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fact(item: dict[str, Any], file: str, line: int, default_source: str) -> DayFact:
    day = item.get("day")
    if not isinstance(day, str) or not _ISO_DAY.fullmatch(day):
        raise ImportFormatError(file, line, f"day {str(day)[:20]!r} is not a date (YYYY-MM-DD)")
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise ImportFormatError(file, line, f"day {day!r} is not a date that exists") from None
    values = {name: item.get(name, "") for name in FACT_FIELDS[1:]}
    if values["source"] == "":
        values["source"] = default_source
    wrong = [name for name, value in values.items() if not isinstance(value, str)]
    if wrong:
        raise ImportFormatError(file, line, f"{', '.join(wrong)} must be text")
    if not values["category"]:
        raise ImportFormatError(file, line, "a day fact needs a category")
    try:
        return check_fact(DayFact(day=when, **values))
    except JournalError as exc:
        raise ImportFormatError(file, line, str(exc)) from None


def parse_json(data: bytes, file: str) -> ImportBatch:
    document = load_json(data, file)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFormatError(
            file, 1, f'not a Breathing Room export (no "format": "{FORMAT_NAME}")'
        )
    version = document.get("version")
    if isinstance(version, bool) or version not in range(1, FORMAT_VERSION + 1):
        raise ImportFormatError(file, 1, f"export version {version!r} is not known")
    checkins = document.get("checkins", [])
    sessions = document.get("sessions", [])
    facts = document.get("day_facts", [])
    if not all(isinstance(part, list) for part in (checkins, sessions, facts)):
        raise ImportFormatError(file, 1, "checkins, sessions and day_facts must be lists")
    batch = ImportBatch(format="json")
    readers: tuple[tuple[str, list[Any], Callable[..., Any], list[Any]], ...] = (
        ("check-in", checkins, _checkin, batch.checkins),
        ("session", sessions, _session, batch.sessions),
        ("day fact", facts, _fact, batch.facts),
    )
    for what, items, read, into in readers:
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise ImportFormatError(file, 0, f"{what} {index + 1} is not an object")
            try:
                into.append(read(item, file, 0, "import"))
            except ImportFormatError as exc:
                raise ImportFormatError(file, 0, f"{what} {index + 1}: {exc.reason}") from None
    return batch


def _csv_int(text: str, what: str, file: str, line: int) -> int | None:
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise ImportFormatError(file, line, f"{what} {text[:20]!r} is not a whole number") from None


def _csv_words(text: str) -> list[str]:
    return [w for w in text.split(LIST_SEPARATOR.strip()) if w.strip()] if text else []


def parse_csv(data: bytes, file: str) -> ImportBatch:
    text = decode_text(data, file)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    batch = ImportBatch(format="csv")
    try:
        header = reader.fieldnames or []
        missing = [c for c in ("record", "at", "pleasant", "energy") if c not in header]
        if missing:
            raise ImportFormatError(file, 1, f"not a Breathing Room CSV (missing {missing})")
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise ImportFormatError(file, line, "the row has a different number of columns")
            get: dict[str, Any] = {c: plain_cell(row.get(c) or "") for c in CSV_COLUMNS}
            kind = get["record"]
            if kind == "checkin":
                pleasant = _csv_int(get["pleasant"], "pleasant", file, line)
                energy = _csv_int(get["energy"], "energy", file, line)
                item = {
                    "at": get["at"],
                    "pleasant": pleasant,
                    "energy": energy,
                    "distress": _csv_int(get["distress"], "distress", file, line),
                    "feelings": _csv_words(get["feelings"]),
                    "sensations": _csv_words(get["sensations"]),
                    "tags": _csv_words(get["tags"]),
                    "note": get["note"],
                    "source": get["source"] or "import",
                }
                batch.checkins.append(_checkin(item, file, line, "import"))
            elif kind == "session":
                if get["completed"] not in ("true", "false"):
                    raise ImportFormatError(file, line, "completed must be true or false")
                try:
                    params = json.loads(get["params"]) if get["params"] else {}
                except (ValueError, RecursionError):
                    raise ImportFormatError(file, line, "params is not valid JSON") from None
                item = {
                    "kind": get["kind"],
                    "exercise": get["exercise"],
                    "start": get["start"],
                    "end": get["end"],
                    "completed": get["completed"] == "true",
                    "params": params,
                    "distress_before": _csv_int(
                        get["distress_before"], "distress_before", file, line
                    ),
                    "distress_after": _csv_int(get["distress_after"], "distress_after", file, line),
                    "source": get["source"] or "import",
                }
                batch.sessions.append(_session(item, file, line, "import"))
            elif kind == "dayfact":
                item = {
                    "day": get["at"],
                    "category": get["category"],
                    "item": get["item"],
                    "amount": get["amount"],
                    "time": get["time_of_day"],
                    "note": get["note"],
                    "source": get["source"],
                }
                batch.facts.append(_fact(item, file, line, "import"))
            else:
                raise ImportFormatError(
                    file, line, f"record must be checkin, session or dayfact ({kind[:20]!r})"
                )
    except csv.Error as exc:
        raise ImportFormatError(file, reader.line_num, f"broken CSV ({exc})") from None
    return batch
