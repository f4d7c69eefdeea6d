"""What every importer shares: its one error type, the batch it returns, small parsing helpers."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from breathingroom.core.dayfacts import DayFact, check_fact
from breathingroom.core.journal import CheckIn, JournalError
from breathingroom.core.records import SessionRecord

#: What a parser reads: the file's bytes, or the path of a file it streams from.
Source = bytes | Path

#: The largest file an import reads. The biggest real exports are a few megabytes a year.
MAX_BYTES = 256 * 1024 * 1024


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
        example = ",".join(f"{_quoted_name(name)}={guess_level(name)}" for name in names[:3])
        shown = ", ".join(repr(name) for name in names[:10])
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        super().__init__(
            file,
            0,
            f"{len(names)} moods have no pleasantness level yet: {shown}{more}. Give each a "
            f"level from 1 (least pleasant) to 9 (most pleasant) with --mood-map or "
            f"--mood-map-file, for example --mood-map '{example}'",
        )


def _quoted_name(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ',="') else name


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
    #: What the app recorded about days besides moods (Bearable rows, Daylio scales, Pixels notes).
    facts: list[DayFact] = field(default_factory=list)
    #: Entries that appear more than once in this file; each is added once.
    duplicates_in_file: int = 0
    #: Wall-clock times that do not exist (a daylight-saving gap), moved forward.
    moved_forward: int = 0
    #: The time zone the file's wall-clock times were read in ("" for files with offsets).
    zone_name: str = ""
    #: What the importer assumed, in the user's words ("Energy read on a 1–10 scale").
    assumptions: list[str] = field(default_factory=list)
    #: Tag group → where its words went ("feelings" or "tags"), with a count of words.
    groups: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: False for a dry run: check-ins are counted (per year, first and last) but not kept, so a
    #: large file is reported in little memory.
    keep: bool = True
    #: Called with each check-in as it is read (an import that streams into the journal).
    sink: Callable[[CheckIn], None] | None = None
    counted: int = 0
    years: Counter[int] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None

    def checkin_count(self) -> int:
        return self.counted or len(self.checkins)

    def date_range(self) -> tuple[datetime, datetime] | None:
        moments = [c.local for c in self.checkins] + [s.start for s in self.sessions]
        if self.first is not None and self.last is not None:
            moments += [self.first, self.last]
        if not moments:
            return None
        return min(moments), max(moments)

    def per_year(self) -> dict[int, int]:
        """Check-ins and sessions per local year, oldest first."""
        years: Counter[int] = Counter(self.years)
        if not self.counted:
            years.update(c.local.year for c in self.checkins)
        years.update(s.start.year for s in self.sessions)
        return dict(sorted(years.items()))

    def fact_categories(self) -> dict[str, int]:
        """Day facts per category, most first."""
        return dict(Counter(f.category for f in self.facts).most_common())

    def summary(self) -> str:
        lines = [
            f"format: {self.format}",
            f"check-ins: {self.checkin_count()}",
            f"sessions: {len(self.sessions)}",
        ]
        if self.zone_name:
            lines.append(f"times read in the time zone {self.zone_name}")
        span = self.date_range()
        if span:
            lines.append(f"from {span[0].isoformat()} to {span[1].isoformat()}")
        years = self.per_year()
        if len(years) > 1:
            lines.append("per year: " + ", ".join(f"{y}: {n}" for y, n in years.items()))
        if self.moods_used:
            mapped = ", ".join(
                f"{name} → {self.mood_levels.get(name, '?')} ({count}×)"
                for name, count in sorted(self.moods_used.items())
            )
            lines.append(f"moods: {mapped}")
        for group, (target, count) in self.groups.items():
            lines.append(f"tag group {group!r}: {plural(count, 'word')}, kept as {target}")
        if self.facts:
            lines.append(f"day facts: {len(self.facts)}")
            lines.extend(f"  {name}: {n}" for name, n in self.fact_categories().items())
        lines.extend(self.assumptions)
        if self.moved_forward:
            lines.append(
                f"times in a daylight-saving gap, moved forward to the hour that exists: "
                f"{self.moved_forward}"
            )
        if self.duplicates_in_file:
            lines.append(
                f"entries repeated within this file, taken once: {self.duplicates_in_file}"
            )
        if self.skipped_rows:
            lines.append(f"rows without a mood, left out: {self.skipped_rows}")
        return "\n".join(lines)

    def add_checkin(self, entry: CheckIn, seen: set[bytes]) -> None:
        """Add ``entry`` unless the file already gave the same one (counted as a repeat)."""
        key = bytes.fromhex(entry.dedupe_key())
        if key in seen:
            self.duplicates_in_file += 1
            return
        seen.add(key)
        self.counted += 1
        local = entry.local
        self.years[local.year] += 1
        if self.first is None or local < self.first:
            self.first = local
        if self.last is None or local > self.last:
            self.last = local
        if self.keep:
            self.checkins.append(entry)
        if self.sink is not None:
            self.sink(entry)

    def add_fact(self, fact: DayFact, seen: set[str]) -> None:
        """Add ``fact`` unless the file already gave it; a NUL in it is a ``JournalError``."""
        key = check_fact(fact).dedupe_key()
        if key in seen:
            self.duplicates_in_file += 1
            return
        seen.add(key)
        self.facts.append(fact)


def plural(count: int, one: str, many: str = "") -> str:
    """``plural(1, "word")`` → ``"1 word"``, ``plural(3, "entry", "entries")`` → ``"3 entries"``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- time zones -----------------------------------------------------------------------------


def system_zone() -> tuple[tzinfo, str]:
    """The computer's time zone and its name: ``TZ`` if set, else ``/etc/localtime``."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.readlink("/etc/localtime")
        except OSError:
            target = ""
        marker = "zoneinfo/"
        name = target.split(marker, 1)[1] if marker in target else ""
    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        return ZoneInfo("localtime"), "localtime"
    except (ZoneInfoNotFoundError, ValueError):
        return UTC, "UTC"


def zone_by_name(name: str) -> tzinfo:
    """``ZoneInfo(name)``; raises ValueError with a plain reason."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name[:40]!r} is not a time zone such as Europe/Berlin") from None


def wall_time(naive: datetime, zone: tzinfo) -> tuple[datetime, bool]:
    """A wall-clock time made aware in ``zone``, and whether it fell in a daylight-saving gap.

    A time the clocks skipped (02:30 on the night they go forward) is moved forward by the gap,
    as ``zoneinfo`` with ``fold=0`` reads it (02:30 → 03:30+02:00). A time that happened twice
    is the first of the two.
    """
    try:
        aware = naive.replace(tzinfo=zone, fold=0)
        resolved = aware.astimezone(UTC).astimezone(zone)
    except (OverflowError, OSError, ValueError):
        raise JournalError(f"the time {naive.isoformat()} is out of range") from None
    return resolved, resolved.replace(tzinfo=None) != naive


# --- reading files ------------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    """The file's content hash, read in blocks: how a re-import of the same file is known."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_input(path: Path) -> None:
    """Refuse what is not a regular file, or is larger than any real export (one line why)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ImportFormatError(str(path), 0, f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportFormatError(str(path), 0, "this is not a regular file")
    if info.st_size > MAX_BYTES:
        raise ImportFormatError(
            str(path),
            0,
            f"the file is {info.st_size // (1024 * 1024)} MB; exports larger than "
            f"{MAX_BYTES // (1024 * 1024)} MB are not read",
        )


def read_source(source: Source, file: str) -> bytes:
    """The whole file, at most :data:`MAX_BYTES` (for JSON, which is read in one piece)."""
    if isinstance(source, bytes):
        return source
    check_input(source)
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFormatError(file, 0, f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ImportFormatError(file, 0, "the file is larger than any export")
    return data


def open_text(source: Source, file: str) -> IO[str]:
    """A text stream over ``source`` (UTF-8, byte-order mark dropped, newlines kept for CSV)."""
    if isinstance(source, bytes):
        return io.StringIO(decode_text(source, file), newline="")
    check_input(source)
    try:
        raw = source.open("rb")
    except OSError as exc:
        raise ImportFormatError(file, 0, f"cannot read it: {exc.strerror or exc}") from None
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def head_of(source: Source, size: int = 4096) -> bytes:
    if isinstance(source, bytes):
        return source[:size]
    check_input(source)
    try:
        with source.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise ImportFormatError(str(source), 0, f"cannot read it: {exc.strerror or exc}") from None


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


_BREAK = re.compile(
    r"<\s*br\s*/?\s*>|</\s*(?:p|div|ul|ol|h[1-6])\s*>|<\s*li(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"[ \t]+\n")
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
    try:
        header = next(iter(reader), None)
    except csv.Error as exc:
        raise ImportFormatError(file, 1, f"broken CSV ({exc})") from None
    except UnicodeDecodeError:
        raise ImportFormatError(file, 1, "the file is not UTF-8 text") from None
    if header is None:
        raise ImportFormatError(file, 1, "the file is empty")
    return [h.strip().lower() for h in header]


def csv_rows(
    reader: _Reader, columns: list[str], file: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank row of a CSV ``reader`` as (line number, {column: value}).

    Broken CSV, text that is not UTF-8 and NUL characters are reported with their line.
    """
    records = iter(reader)
    while True:
        try:
            record = next(records, None)
        except csv.Error as exc:
            raise ImportFormatError(file, reader.line_num, f"broken CSV ({exc})") from None
        except UnicodeDecodeError:
            raise ImportFormatError(
                file, reader.line_num + 1, "the file is not UTF-8 text"
            ) from None
        if record is None:
            return
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if any("\x00" in cell for cell in record):
            raise ImportFormatError(file, line, "the file contains a NUL character")
        if len(record) != len(columns):
            raise ImportFormatError(
                file, line, f"{len(record)} columns where the header has {len(columns)}"
            )
        yield line, dict(zip(columns, record, strict=True))


def html_to_text(text: str) -> str:
    """Line breaks, paragraphs and list items become lines; other tags go; entities
    (``&amp;``, ``&nbsp;``, ``&#233;``) are decoded and a no-break space becomes a space."""
    if "<" not in text and "&" not in text:
        return text.replace("\xa0", " ").strip()
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\x00", "").replace("\xa0", " ")
    return _LINE_END.sub("\n", text).strip()


def parse_mood_map(text: str) -> dict[str, int]:
    """``'sleepy=4,"good, mostly"=6'`` → ``{"sleepy": 4, "good, mostly": 6}``.

    A name with a comma is written in double quotes. Raises ValueError with a reason.
    """
    result: dict[str, int] = {}
    try:
        parts = next(csv.reader([text], skipinitialspace=True), [])
    except csv.Error as exc:
        raise ValueError(f"cannot read it ({exc})") from None
    for part in parts:
        _map_entry(part, result)
    return result


def parse_mood_map_file(text: str) -> dict[str, int]:
    """One ``NAME=LEVEL`` a line (the name may hold commas); blank lines and ``#`` lines skipped."""
    result: dict[str, int] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            _map_entry(line, result)
    return result


def _map_entry(part: str, result: dict[str, int]) -> None:
    if not part.strip():
        return
    name, sep, level = part.rpartition("=")
    name = " ".join(name.strip().strip('"').split()).casefold()
    shown = part.strip()[:40]
    if not sep or not name:
        raise ValueError(f"{shown!r} is not NAME=LEVEL")
    level = level.strip()
    if not (level.isascii() and level.isdigit()):
        raise ValueError(f"the level in {shown!r} is not a whole number")
    value = int(level)
    if not 1 <= value <= 9:
        raise ValueError(f"the level in {shown!r} must be from 1 to 9")
    result[name] = value


#: Words in mood names and the level they suggest, for a first guess the user then checks.
_GUESS_WORDS: tuple[tuple[str, int], ...] = (
    ("awful", 1),
    ("terrible", 1),
    ("horrible", 1),
    ("worst", 1),
    ("lausig", 1),
    ("very bad", 2),
    ("bad", 3),
    ("sad", 3),
    ("low", 3),
    ("schlecht", 3),
    ("male", 3),
    ("meh", 5),
    ("ok", 5),
    ("okay", 5),
    ("fine", 5),
    ("so-so", 5),
    ("neutral", 5),
    ("good", 7),
    ("gut", 7),
    ("buono", 7),
    ("happy", 7),
    ("great", 9),
    ("rad", 9),
    ("super", 9),
    ("amazing", 9),
    ("excellent", 9),
    ("ottimo", 9),
)


def guess_level(name: str) -> int:
    """A first guess at a mood name's level (1–9): a known word in it, else the middle (5)."""
    words = " ".join(name.casefold().replace("_", " ").split())
    for word, level in sorted(_GUESS_WORDS, key=lambda wl: -len(wl[0])):
        if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", words):
            return level
    return 5


def normalise_map(mood_map: Mapping[str, int] | None) -> dict[str, int]:
    return {" ".join(k.split()).casefold(): v for k, v in (mood_map or {}).items()}


def journal_error(file: str, line: int, exc: JournalError) -> ImportFormatError:
    return ImportFormatError(file, line, str(exc))


def ten_point(value: float) -> int:
    """A 1–10 rating on the 1–9 grid: 1 → 1, 10 → 9, evenly between."""
    return round(1 + (value - 1) * 8 / 9)


def five_point(value: float) -> int:
    """A 1–5 rating on the 1–9 grid: 1, 3, 5, 7, 9."""
    return 1 + (round(value) - 1) * 2
