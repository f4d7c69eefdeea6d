"""What every importer shares: its one error type, the batch it returns, small parsing helpers."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from breathingroom.core.journal import CheckIn, JournalError
from breathingroom.core.records import SessionRecord


class ImportFormatError(Exception):
    """A file that cannot be imported: which file, which line (1-based, 0 if none) and why."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


class UnmappedMoodsError(ImportFormatError):
    """Mood names with no pleasantness level; ``names`` lists every one of them."""

    def __init__(self, file: str, names: list[str]) -> None:
        self.names = names
        example = ",".join(f"{name}=5" for name in names[:3])
        quoted = ", ".join(repr(name) for name in names)
        super().__init__(
            file,
            0,
            f"these moods have no pleasantness level yet: {quoted}. Give each a level from 1 "
            f"(least pleasant) to 9 (most pleasant) with --mood-map, for example "
            f"--mood-map '{example}'",
        )


@dataclass
class ImportBatch:
    """What a file holds, ready for the store (one transaction) or for a dry-run report."""

    format: str
    checkins: list[CheckIn] = field(default_factory=list)
    sessions: list[SessionRecord] = field(default_factory=list)
    #: Mood name → level, for the moods this file used (Daylio, Bearable, Pixels).
    moods_used: Counter[str] = field(default_factory=Counter)
    mood_levels: dict[str, int] = field(default_factory=dict)
    #: Rows read but not turned into entries (for example Bearable rows without a mood).
    skipped_rows: int = 0

    def date_range(self) -> tuple[datetime, datetime] | None:
        moments = [c.local for c in self.checkins] + [s.start for s in self.sessions]
        if not moments:
            return None
        return min(moments), max(moments)

    def summary(self) -> str:
        lines = [
            f"format: {self.format}",
            f"check-ins: {len(self.checkins)}",
            f"sessions: {len(self.sessions)}",
        ]
        span = self.date_range()
        if span:
            lines.append(f"from {span[0].isoformat()} to {span[1].isoformat()}")
        if self.moods_used:
            mapped = ", ".join(
                f"{name} → {self.mood_levels.get(name, '?')} ({count}×)"
                for name, count in sorted(self.moods_used.items())
            )
            lines.append(f"moods: {mapped}")
        if self.skipped_rows:
            lines.append(f"rows without a mood, left out: {self.skipped_rows}")
        return "\n".join(lines)


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(file, line, "the file is not UTF-8 text") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFormatError(file, line, "the file contains a NUL character") from None
    return text


_BREAK = re.compile(r"<\s*br\s*/?\s*>|</\s*p\s*>|</\s*div\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def load_json(data: bytes, file: str) -> object:
    """The JSON document in ``data``, or an ImportFormatError saying where it broke."""
    text = decode_text(data, file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(file, exc.lineno, f"not valid JSON ({exc.msg})") from None
    except (RecursionError, ValueError):
        raise ImportFormatError(file, 0, "not valid JSON") from None


class _Reader(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


def csv_header(reader: _Reader, file: str) -> list[str]:
    """The header row's column names, lower-cased; an empty file is an error."""
    header = next(iter(reader), None)
    if header is None:
        raise ImportFormatError(file, 1, "the file is empty")
    return [h.strip().lower() for h in header]


def csv_rows(
    reader: _Reader, columns: list[str], file: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank row of a CSV ``reader`` as (line number, {column: value})."""
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            raise ImportFormatError(
                file, line, f"{len(record)} columns where the header has {len(columns)}"
            )
        yield line, dict(zip(columns, record, strict=True))


def html_to_text(text: str) -> str:
    """``<br>`` and paragraph ends become newlines, other tags go, entities are decoded."""
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text).replace("\x00", "").strip()


def parse_mood_map(text: str) -> dict[str, int]:
    """``"sleepy=4,fine=6"`` → ``{"sleepy": 4, "fine": 6}``; raises ValueError with a reason."""
    result: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, level = part.rpartition("=")
        name = " ".join(name.split()).casefold()
        if not sep or not name:
            raise ValueError(f"{part.strip()!r} is not NAME=LEVEL")
        try:
            value = int(level.strip())
        except ValueError:
            raise ValueError(f"the level in {part.strip()!r} is not a whole number") from None
        if not 1 <= value <= 9:
            raise ValueError(f"the level in {part.strip()!r} must be from 1 to 9")
        result[name] = value
    return result


def normalise_map(mood_map: Mapping[str, int] | None) -> dict[str, int]:
    return {" ".join(k.split()).casefold(): v for k, v in (mood_map or {}).items()}


def journal_error(file: str, line: int, exc: JournalError) -> ImportFormatError:
    return ImportFormatError(file, line, str(exc))


def five_point(value: float) -> int:
    """A 1–5 rating on the 1–9 grid: 1, 3, 5, 7, 9."""
    return 1 + (round(value) - 1) * 2
