"""Check-ins: how someone felt at a moment, on the Affect Grid, with words, body and a note.

A check-in is stored as a UTC instant plus the local UTC offset at that moment, so a week reads the
same after travel or a clock change. Pleasantness and energy are the two axes of the Affect Grid
(1–9 each, Russell, Weiss & Mendelsohn 1989); distress is the optional 0–10 SUDS rating.

Everything here is pure: no clock is read unless a caller passes one, nothing touches the disk.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from breathingroom.core.records import SESSION_KINDS, SessionRecord, session_kind

GRID_MIN = 1
GRID_MAX = 9
GRID_MID = 5
DISTRESS_MIN = 0
DISTRESS_MAX = 10
MAX_WORD_LENGTH = 40
MAX_WORDS = 50
MAX_NOTE_LENGTH = 20_000
MAX_SOURCE_LENGTH = 40
#: Real UTC offsets lie between -12:00 and +14:00; leave some room.
MAX_OFFSET_MINUTES = 16 * 60


class JournalError(ValueError):
    """A check-in or session the journal cannot keep; the message says which value and why."""


class Quadrant(enum.Enum):
    """The four corners of the Affect Grid / Mood Meter."""

    UNPLEASANT_HIGH = "unpleasant-high"
    PLEASANT_HIGH = "pleasant-high"
    UNPLEASANT_LOW = "unpleasant-low"
    PLEASANT_LOW = "pleasant-low"

    @property
    def corner_word(self) -> str:
        return CORNER_WORDS[self]


#: The anchor word at each corner of the grid (Russell et al. 1989).
CORNER_WORDS: dict[Quadrant, str] = {
    Quadrant.UNPLEASANT_HIGH: "stressed",
    Quadrant.PLEASANT_HIGH: "excited",
    Quadrant.UNPLEASANT_LOW: "low",
    Quadrant.PLEASANT_LOW: "relaxed",
}

#: Built-in feeling words, grouped by quadrant; the user may add their own.
FEELINGS: dict[Quadrant, tuple[str, ...]] = {
    Quadrant.UNPLEASANT_HIGH: (
        "anxious",
        "angry",
        "frustrated",
        "tense",
        "overwhelmed",
        "irritated",
        "scared",
        "restless",
        "worried",
        "on edge",
    ),
    Quadrant.PLEASANT_HIGH: (
        "joyful",
        "excited",
        "hopeful",
        "proud",
        "playful",
        "energised",
        "curious",
        "inspired",
        "grateful",
        "connected",
    ),
    Quadrant.UNPLEASANT_LOW: (
        "sad",
        "tired",
        "lonely",
        "numb",
        "hurt",
        "disappointed",
        "empty",
        "ashamed",
        "drained",
        "discouraged",
    ),
    Quadrant.PLEASANT_LOW: (
        "calm",
        "content",
        "safe",
        "relaxed",
        "peaceful",
        "relieved",
        "at ease",
        "cared for",
        "settled",
        "thoughtful",
    ),
}

#: Built-in body sensations; the user may add their own.
SENSATIONS: tuple[str, ...] = (
    "tight chest",
    "racing heart",
    "shallow breath",
    "knot in stomach",
    "tense shoulders",
    "clenched jaw",
    "headache",
    "restless legs",
    "heavy limbs",
    "warmth",
    "lightness",
    "tingling",
    "sweaty hands",
    "lump in throat",
    "soft belly",
    "slow breath",
)


def quadrants_for(pleasant: int, energy: int) -> list[Quadrant]:
    """The quadrants of a grid cell; a cell on a middle line touches two (the centre, all)."""
    sides_p = [False, True] if pleasant == GRID_MID else [pleasant > GRID_MID]
    sides_e = [True, False] if energy == GRID_MID else [energy > GRID_MID]
    table = {
        (False, True): Quadrant.UNPLEASANT_HIGH,
        (True, True): Quadrant.PLEASANT_HIGH,
        (False, False): Quadrant.UNPLEASANT_LOW,
        (True, False): Quadrant.PLEASANT_LOW,
    }
    return [table[(p, e)] for e in sides_e for p in sides_p]


def grid_in_words(pleasant: int, energy: int) -> str:
    """A grid position as words: ``grid_in_words(7, 3)`` is "fairly pleasant, fairly low energy"."""
    degree = {1: "very", 2: "very", 3: "fairly", 4: "a little", 6: "a little", 7: "fairly"}
    degree |= {8: "very", 9: "very"}
    if pleasant == GRID_MID:
        feel = "neither pleasant nor unpleasant"
    else:
        feel = f"{degree[pleasant]} {'pleasant' if pleasant > GRID_MID else 'unpleasant'}"
    if energy == GRID_MID:
        level = "middling energy"
    else:
        level = f"{degree[energy]} {'high' if energy > GRID_MID else 'low'} energy"
    return f"{feel}, {level}"


def suggested_feelings(pleasant: int, energy: int) -> list[str]:
    """Feeling words to offer for a grid cell, nearest quadrant first."""
    words: list[str] = []
    for quadrant in quadrants_for(pleasant, energy):
        words.extend(w for w in FEELINGS[quadrant] if w not in words)
    return words


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_words(words: Iterable[str], what: str = "word") -> tuple[str, ...]:
    """Trim, collapse spaces, drop repeats (first spelling wins); reject unusable words."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in words:
        if not isinstance(raw, str):
            raise JournalError(f"each {what} must be text (got {raw!r})")
        word = " ".join(raw.split())
        if not word:
            continue
        if len(word) > MAX_WORD_LENGTH:
            raise JournalError(f"{what} {word[:20]!r}… is longer than {MAX_WORD_LENGTH} characters")
        if "|" in word or _CONTROL.search(word):
            raise JournalError(f"{what} {word!r} contains '|' or a control character")
        key = word.casefold()
        if key not in seen:
            seen.add(key)
            result.append(word)
    if len(result) > MAX_WORDS:
        raise JournalError(f"at most {MAX_WORDS} {what}s per entry (got {len(result)})")
    return tuple(result)


def split_words(text: str) -> list[str]:
    """``"a, b ,c"`` → ``["a", "b", "c"]`` (empty parts dropped)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise JournalError(f"{name} must be a whole number from {low} to {high} (got {value!r})")
    if not low <= value <= high:
        raise JournalError(f"{name} must be from {low} to {high} (got {value})")
    return value


def check_distress(value: object, name: str = "distress") -> int | None:
    if value is None:
        return None
    return _check_int(value, name, DISTRESS_MIN, DISTRESS_MAX)


def check_note(note: object) -> str:
    if not isinstance(note, str):
        raise JournalError(f"the note must be text (got {type(note).__name__})")
    if "\x00" in note:
        raise JournalError("the note contains a NUL character")
    if len(note) > MAX_NOTE_LENGTH:
        raise JournalError(f"the note is longer than {MAX_NOTE_LENGTH} characters")
    return note


def check_source(source: object) -> str:
    if not isinstance(source, str) or not source or len(source) > MAX_SOURCE_LENGTH:
        raise JournalError(f"source must be a short name (got {source!r})")
    return source


def to_utc_and_offset(moment: datetime) -> tuple[datetime, int]:
    """Split an aware datetime into a whole-second UTC instant and its offset in whole minutes."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise JournalError(f"the time {moment.isoformat()} has no UTC offset")
    offset = moment.utcoffset()
    assert offset is not None
    minutes = round(offset.total_seconds() / 60)
    if abs(minutes) > MAX_OFFSET_MINUTES:
        raise JournalError(f"the UTC offset of {moment.isoformat()} is out of range")
    try:
        utc = moment.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        raise JournalError(f"the time {moment.isoformat()} is out of range") from None
    return utc, minutes


def local_time(utc: datetime, offset_minutes: int) -> datetime:
    return utc.astimezone(timezone(timedelta(minutes=offset_minutes)))


def parse_iso_time(text: str, local_zone: tzinfo | None = None) -> datetime:
    """An ISO 8601 time; without an offset it is taken as wall-clock time in ``local_zone``.

    ``local_zone=None`` means the computer's local time zone (the ``TZ`` the process runs under).
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, TypeError):
        raise JournalError(f"{text!r} is not an ISO 8601 time such as 2026-11-26T09:15") from None
    if moment.tzinfo is None:
        moment = attach_local_zone(moment, local_zone)
    return moment


def attach_local_zone(naive: datetime, zone: tzinfo | None = None) -> datetime:
    """A wall-clock time made aware in ``zone`` (or the computer's zone), DST included."""
    try:
        if zone is None:
            return naive.astimezone()
        return naive.replace(tzinfo=zone)
    except (OverflowError, OSError, ValueError):
        raise JournalError(f"the time {naive.isoformat()} is out of range") from None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One check-in. Build with :meth:`create` (validates) or :func:`validate_checkin`."""

    #: Whole-second UTC instant.
    at_utc: datetime
    #: The local UTC offset at that moment, in minutes.
    offset_minutes: int
    pleasant: int
    energy: int
    distress: int | None = None
    feelings: tuple[str, ...] = ()
    sensations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    #: Where the entry came from: "app", "cli", "daylio", "bearable", "pixels", "import".
    source: str = "app"
    #: The store's row id, once stored.
    id: int | None = field(default=None, compare=False)

    @classmethod
    def create(
        cls,
        at: datetime,
        pleasant: int,
        energy: int,
        distress: int | None = None,
        feelings: Iterable[str] = (),
        sensations: Iterable[str] = (),
        tags: Iterable[str] = (),
        note: str = "",
        source: str = "app",
        id: int | None = None,
    ) -> CheckIn:
        """A validated check-in at the aware local time ``at``; raises :class:`JournalError`."""
        utc, offset = to_utc_and_offset(at)
        return validate_checkin(
            cls(
                at_utc=utc,
                offset_minutes=offset,
                pleasant=pleasant,
                energy=energy,
                distress=distress,
                feelings=tuple(feelings),
                sensations=tuple(sensations),
                tags=tuple(tags),
                note=note,
                source=source,
                id=id,
            )
        )

    @property
    def local(self) -> datetime:
        """The moment as the clock on the wall showed it."""
        return local_time(self.at_utc, self.offset_minutes)

    @property
    def iso_at(self) -> str:
        return self.local.isoformat()

    @property
    def quadrants(self) -> list[Quadrant]:
        return quadrants_for(self.pleasant, self.energy)

    def with_id(self, id: int | None) -> CheckIn:
        return replace(self, id=id)

    def dedupe_key(self) -> str:
        """Same instant and same content → same key; the source and id do not count."""
        return dedupe_key(
            "checkin",
            int(self.at_utc.timestamp()),
            self.offset_minutes,
            self.pleasant,
            self.energy,
            self.distress,
            sorted(self.feelings),
            sorted(self.sensations),
            sorted(self.tags),
            self.note,
        )

    def to_dict(self) -> dict[str, Any]:
        """The export shape (see docs/formats.md)."""
        return {
            "at": self.iso_at,
            "pleasant": self.pleasant,
            "energy": self.energy,
            "distress": self.distress,
            "feelings": list(self.feelings),
            "sensations": list(self.sensations),
            "tags": list(self.tags),
            "note": self.note,
            "source": self.source,
        }


def validate_checkin(entry: CheckIn) -> CheckIn:
    """``entry`` with words cleaned, or :class:`JournalError` naming the first bad value."""
    if entry.at_utc.tzinfo is None:
        raise JournalError("the check-in time has no UTC offset")
    utc = entry.at_utc.astimezone(UTC).replace(microsecond=0)
    if isinstance(entry.offset_minutes, bool) or not isinstance(entry.offset_minutes, int):
        raise JournalError("the UTC offset must be a whole number of minutes")
    if abs(entry.offset_minutes) > MAX_OFFSET_MINUTES:
        raise JournalError(f"the UTC offset {entry.offset_minutes} min is out of range")
    _check_int(entry.pleasant, "pleasantness", GRID_MIN, GRID_MAX)
    _check_int(entry.energy, "energy", GRID_MIN, GRID_MAX)
    check_distress(entry.distress)
    return replace(
        entry,
        at_utc=utc,
        feelings=clean_words(entry.feelings, "feeling"),
        sensations=clean_words(entry.sensations, "sensation"),
        tags=clean_words(entry.tags, "tag"),
        note=check_note(entry.note),
        source=check_source(entry.source),
    )


#: "breathing, grounding or break", for messages.
SESSION_KINDS_TEXT = f"{', '.join(SESSION_KINDS[:-1])} or {SESSION_KINDS[-1]}"


def validate_session(record: SessionRecord) -> SessionRecord:
    """``record`` with whole-second times, or :class:`JournalError`."""
    if session_kind(record.kind) is None:
        raise JournalError(f"session kind must be {SESSION_KINDS_TEXT} (got {record.kind!r})")
    if not isinstance(record.exercise, str) or not record.exercise or len(record.exercise) > 80:
        raise JournalError(f"session exercise must be a short id (got {record.exercise!r})")
    for moment in (record.start, record.end):
        to_utc_and_offset(moment)
    if record.end < record.start:
        raise JournalError("a session cannot end before it starts")
    if not isinstance(record.completed, bool):
        raise JournalError("completed must be true or false")
    check_distress(record.distress_before, "distress before")
    check_distress(record.distress_after, "distress after")
    try:
        json.dumps(record.params, allow_nan=False)
    except (TypeError, ValueError):
        raise JournalError("session parameters must be plain JSON values") from None
    check_source(record.source)
    return replace(
        record, start=record.start.replace(microsecond=0), end=record.end.replace(microsecond=0)
    )


def session_dedupe_key(record: SessionRecord) -> str:
    return dedupe_key(
        "session",
        record.kind,
        record.exercise,
        int(record.start.timestamp()),
        int(record.end.timestamp()),
    )


def session_to_dict(record: SessionRecord) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "exercise": record.exercise,
        "start": record.start.isoformat(),
        "end": record.end.isoformat(),
        "completed": record.completed,
        "params": record.params,
        "distress_before": record.distress_before,
        "distress_after": record.distress_after,
        "source": record.source,
    }


def dedupe_key(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# --- summaries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekMean:
    """Means over the check-ins of one local ISO week (Monday first)."""

    monday: date
    count: int
    pleasant: float
    energy: float
    #: ``None`` when no check-in of that week had a distress rating.
    distress: float | None


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly_means(entries: Iterable[CheckIn]) -> list[WeekMean]:
    """One :class:`WeekMean` per local week that has entries, oldest first."""
    sums: dict[date, list[float]] = {}
    for entry in entries:
        monday = week_start(entry.local.date())
        acc = sums.setdefault(monday, [0, 0.0, 0.0, 0, 0.0])
        acc[0] += 1
        acc[1] += entry.pleasant
        acc[2] += entry.energy
        if entry.distress is not None:
            acc[3] += 1
            acc[4] += entry.distress
    return [
        WeekMean(
            monday=monday,
            count=int(acc[0]),
            pleasant=acc[1] / acc[0],
            energy=acc[2] / acc[0],
            distress=acc[4] / acc[3] if acc[3] else None,
        )
        for monday, acc in sorted(sums.items())
    ]


_VALIDATING_LINES: tuple[str, ...] = (
    "Saved. Whatever you are feeling, it makes sense that you feel it.",
    "Saved. Noticing how you feel is already a kind thing to do for yourself.",
    "Saved. Your feelings are information, not a verdict.",
    "Saved. You took a moment to listen to yourself.",
    "Saved. It is all right to feel this way right now.",
)


def validating_line(entry: CheckIn, choose: Callable[[Sequence[str]], str] | None = None) -> str:
    """A short, calm line to show after saving; deterministic unless ``choose`` is given."""
    lines = _VALIDATING_LINES
    if choose is not None:
        return choose(lines)
    return lines[int(entry.at_utc.timestamp()) % len(lines)]
