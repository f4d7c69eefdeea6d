"""Day facts: what an imported app recorded about a day besides the mood check-ins.

Bearable's symptoms, factors, medication, sleep, food and custom ratings, Daylio's scales and a
Pixels day's note are facts about a *day*, not moments of feeling. They are kept as they were
written, one :class:`DayFact` per row, keyed by the local date, so the timeline can later set a
day's facts beside that day's moods. Nothing in a fact is interpreted beyond its category.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from breathingroom.core.journal import JournalError, dedupe_key

#: The category a Pixels day note is kept under; the timeline shows it as the day's note.
DAY_NOTE = "Day note"


@dataclass(frozen=True, slots=True)
class DayFact:
    """One thing recorded about ``day``: ``category`` (as the app named it), ``item`` (what),
    ``amount`` (a rating, amount or text, as written), ``time`` (the app's time of day as written:
    ``"14:30"``, ``"am"``, ``"all day"`` or empty), ``note`` and ``source`` (the app)."""

    day: date
    category: str
    item: str = ""
    amount: str = ""
    time: str = ""
    note: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, str]:
        """Every field as text, the day as an ISO date: the export's and the journal's row."""
        return {
            "day": self.day.isoformat(),
            "category": self.category,
            "item": self.item,
            "amount": self.amount,
            "time": self.time,
            "note": self.note,
            "source": self.source,
        }

    def dedupe_key(self) -> str:
        """Same day and same content → same key; the source does not count."""
        return dedupe_key(
            "dayfact",
            self.day.isoformat(),
            self.category,
            self.item,
            self.amount,
            self.time,
            self.note,
        )


def check_fact(fact: DayFact) -> DayFact:
    """``fact`` if every export can carry it; a NUL character (which no text file may hold) is a
    :class:`~breathingroom.core.journal.JournalError`, as in a check-in's note."""
    texts = (fact.category, fact.item, fact.amount, fact.time, fact.note, fact.source)
    if any("\x00" in text for text in texts):
        raise JournalError(f"the {fact.category[:40]!r} day fact contains a NUL character")
    return fact


def fact_words(fact: DayFact) -> str:
    """A fact in a few words, without its category: ``Headache (Moderate, 2)``, ``7.5``,
    ``Dinner – soup & bread``; empty if the fact says nothing beyond its category."""
    text = fact.item.strip()
    amount = fact.amount.strip()
    if amount:
        if text.endswith(")"):
            text = f"{text[:-1]}, {amount})"
        else:
            text = f"{text} ({amount})" if text else amount
    note = " ".join(fact.note.split())
    if note:
        text = f"{text} – {note}" if text else note
    return text


def day_card(day: date, facts: Iterable[DayFact]) -> str:
    """A day's facts as one card: the day and its note (if any) on the first line, then each
    category with its facts, in the order they were kept; a fact given twice shows ``×2``."""
    notes: list[str] = []
    groups: dict[str, Counter[str]] = {}
    for fact in facts:
        if fact.category == DAY_NOTE:
            if fact.note.strip() and fact.note.strip() not in notes:
                notes.append(fact.note.strip())
            continue
        groups.setdefault(fact.category, Counter())[fact_words(fact)] += 1
    first = f"{day.strftime('%a %d %b %Y')}  ·  " + (
        "day note: " + "\n".join(notes) if notes else "about the day"
    )
    parts = []
    for category, words in groups.items():
        shown = [w if n == 1 else f"{w} ×{n}" for w, n in words.items() if w]
        parts.append(f"{category}: {', '.join(shown)}" if shown else category)
    return "\n".join([first, "  ·  ".join(parts)]) if parts else first
