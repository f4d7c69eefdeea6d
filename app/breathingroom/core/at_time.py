"""``--at``: the time a person gives for a check-in, checked for what they could not have meant.

Refused, each with a one-line reason: an empty value, digits other than 0-9, a time more than a
day ahead or before 1900, a UTC offset beyond ±14:00 (the widest any zone uses) or one that is not
whole minutes (``+01:00:30.5`` would otherwise be quietly moved). A local time that does not exist
(the hour the clocks skip in spring) is moved forward, as ``zoneinfo`` resolves it with
``fold=0``, and :attr:`AtTime.note` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

#: The widest UTC offset in use (Kiribati, +14:00; the furthest west is -12:00).
MAX_OFFSET = timedelta(hours=14)
EARLIEST_YEAR = 1900
#: How far ahead a check-in may be dated: a clock a little behind, another zone's "today".
AHEAD = timedelta(days=1)


class AtTimeError(ValueError):
    """A time that was refused; the message is one line, ready to show."""


@dataclass(frozen=True)
class AtTime:
    moment: datetime
    #: One line to show when the time was moved; empty when it is what was typed.
    note: str = ""


def parse_at(text: str, now: datetime, local_zone: tzinfo | None = None) -> AtTime:
    """``text`` as an aware time; without an offset it is wall-clock time in ``local_zone``
    (None: the computer's zone). ``now`` (aware) bounds how far ahead it may be."""
    example = "an ISO 8601 time such as 2026-11-26T09:15"
    if not text.strip():
        raise AtTimeError(f"--at needs {example}; it was empty")
    if not all(not ch.isdigit() or "0" <= ch <= "9" for ch in text):
        raise AtTimeError(f"--at takes digits 0-9 only (got {text!r})")
    try:
        typed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AtTimeError(f"--at needs {example} (got {text!r})") from None
    if typed.year < EARLIEST_YEAR:
        raise AtTimeError(f"--at {text!r} is before {EARLIEST_YEAR}")
    note = ""
    if typed.tzinfo is None:
        moment, note = _attach(typed, local_zone)
    else:
        offset = typed.utcoffset()
        assert offset is not None
        if offset % timedelta(minutes=1):
            raise AtTimeError(
                f"--at {text!r}: a UTC offset is hours and minutes, such as +01:00 or -05:30"
            )
        if abs(offset) > MAX_OFFSET:
            raise AtTimeError(f"--at {text!r}: UTC offsets run from -12:00 to +14:00")
        moment = typed
    try:
        ahead = moment.astimezone(UTC) - now.astimezone(UTC)
    except (OverflowError, ValueError):
        raise AtTimeError(f"--at {text!r} is out of range") from None
    if ahead > AHEAD:
        raise AtTimeError(f"--at {text!r} is in the future")
    return AtTime(moment, note)


def _attach(naive: datetime, zone: tzinfo | None) -> tuple[datetime, str]:
    """``naive`` made aware in ``zone``; a time in a spring gap moves forward, with a note."""
    try:
        if zone is None:
            moment = _in_local_zone(naive)
        else:
            moment = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    except (OverflowError, OSError, ValueError):
        raise AtTimeError(f"--at {naive.isoformat()} is out of range") from None
    if moment.replace(tzinfo=None) == naive:
        return moment, ""
    return moment, (
        f"{naive:%Y-%m-%d %H:%M} does not exist here (the clocks went forward); "
        f"saved as {moment:%H:%M}."
    )


def _in_local_zone(naive: datetime) -> datetime:
    """As ``naive.replace(tzinfo=ZoneInfo(<the computer's zone>))`` would, with ``fold=0``: the
    offset from before a change when the time is ambiguous or does not exist."""
    before = (naive - timedelta(hours=26)).astimezone().utcoffset()
    after = (naive + timedelta(hours=26)).astimezone().utcoffset()
    assert before is not None and after is not None
    for offset in (before, after):
        moment = (naive - offset).replace(tzinfo=UTC).astimezone()
        if moment.replace(tzinfo=None) == naive:
            return moment
    return (naive - before).replace(tzinfo=UTC).astimezone()
