"""What works for this person, where an SOS goes, and what to offer when something did not help.

Everything here is a pure function of the stored sessions (and the user's pins): no Qt, no
clock, no files. Distress is the 0-10 rating (SUDS) asked before and after a session; its *drop*
is ``before - after``, so a positive drop means the person felt better and a negative one that
the exercise made things worse.

Which sessions count
    Every breathing or grounding session that has **both** ratings, whether it was completed or
    stopped early. A session stopped early because it was not helping (or because the person
    already felt better) is exactly the evidence this list is for; counting only completed
    sessions would hide the exercises people abandon and flatter the rest. Sessions without both
    ratings and breaks are not counted.

Routing an SOS (the research notes, "When distress is high")
    At very high distress thinking-based skills stop working and the body comes first; as it
    eases, the senses; when calm enough, reflective exercises. :func:`sos_choice` first follows
    what has helped this person at the same level, and otherwise the default for the band.
    A choice that made things worse (a median drop below zero) is never recommended.

Pins
    The user's own ordered list of choice keys (``"grounding:5-4-3-2-1"``), kept in the
    ``helps_pinned`` setting. Pins come first in :func:`what_helps`, whatever their numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from breathingroom.core.exercises import Band
from breathingroom.core.records import SessionRecord

__all__ = [
    "BAND_CHOICES",
    "BAND_DEFAULTS",
    "KNOWN_BANDS",
    "MAX_PINNED",
    "MIN_SESSIONS",
    "Choice",
    "ChoiceKind",
    "Helpfulness",
    "escalation",
    "is_choice_key",
    "should_escalate",
    "sos_choice",
    "what_helps",
]

ChoiceKind = Literal["breathing", "grounding"]
_KINDS: tuple[ChoiceKind, ...] = ("breathing", "grounding")

#: Sessions needed before a choice is ranked or trusted by the SOS.
MIN_SESSIONS = 3
#: At most this many pins are kept in the settings.
MAX_PINNED = 20
#: A drop (before - after) under this after a session offers something else.
ESCALATE_BELOW = 2
#: The longest id a session stores (see ``core.journal.validate_session``).
_MAX_ID = 80


@dataclass(frozen=True)
class Choice:
    """Something to start: a breathing pattern or a grounding exercise, by id."""

    kind: ChoiceKind
    #: Pattern id for breathing, exercise id for grounding.
    id: str

    @property
    def key(self) -> str:
        """``"kind:id"``, e.g. ``"grounding:5-4-3-2-1"``: how pins and ``available`` name it."""
        return f"{self.kind}:{self.id}"

    @property
    def label(self) -> str:
        """``"Breathing: long-exhale"``, for plain lists."""
        return f"{self.kind.capitalize()}: {self.id}"

    @classmethod
    def from_key(cls, key: str) -> Choice:
        """The choice ``key`` names, or ValueError when it is not shaped ``kind:id``."""
        kind, sep, ident = key.partition(":")
        for known in _KINDS:
            if kind == known and sep and _valid_id(ident):
                return cls(known, ident)
        raise ValueError(f"not a choice key (breathing:ID or grounding:ID): {key!r}")

    @classmethod
    def of(cls, record: SessionRecord) -> Choice | None:
        """What ``record`` ran, or None for a session that is not a choice (a break)."""
        for known in _KINDS:
            if record.kind == known and _valid_id(record.exercise):
                return cls(known, record.exercise)
        return None


def _valid_id(ident: str) -> bool:
    return 0 < len(ident) <= _MAX_ID and ident == ident.strip() and ident.isprintable()


def is_choice_key(value: object) -> bool:
    """True when ``value`` is a string shaped ``breathing:ID`` or ``grounding:ID``."""
    if not isinstance(value, str):
        return False
    try:
        Choice.from_key(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Helpfulness:
    """How one choice has gone for this person."""

    choice: Choice
    #: Sessions counted (both ratings, within the band when one was asked for).
    n: int
    #: Median of before - after over those sessions; None when n is 0.
    median_drop: float | None
    #: In the user's pins.
    pinned: bool
    #: When it was last started (any of its sessions, rated or not); None when never.
    last_used: datetime | None

    @property
    def key(self) -> str:
        return self.choice.key

    @property
    def helped(self) -> bool:
        """Tried at least :data:`MIN_SESSIONS` times and, in the middle, distress came down.

        A pin or a ranked choice may have made things worse; only these should be called
        helpful (e.g. "helps you" in a menu)."""
        return _helped(self, MIN_SESSIONS)


#: The default for each band, first; the rest of the band after it, for when the first cannot
#: be started. HIGH: body first (docs/sources.md: cold water, long-exhale breathing, paired muscle
#: relaxation). Long-exhale breathing is the default because it needs nothing at hand: no cold
#: water, no second person, no lying down.
BAND_CHOICES: Mapping[Band, tuple[Choice, ...]] = {
    Band.HIGH: (
        Choice("breathing", "long-exhale"),
        Choice("grounding", "cold-water"),
        Choice("grounding", "paired-relaxation"),
    ),
    Band.MIDDLE: (
        Choice("grounding", "5-4-3-2-1"),
        Choice("grounding", "orienting"),
        Choice("grounding", "butterfly-hug"),
    ),
    Band.LOW: (
        Choice("grounding", "validate-feeling"),
        Choice("grounding", "safe-place"),
        Choice("grounding", "micro-safety"),
        Choice("grounding", "repair-prep"),
    ),
}
#: The default for each band: long-exhale, 5-4-3-2-1, validate-feeling.
BAND_DEFAULTS: Mapping[Band, Choice] = {band: picks[0] for band, picks in BAND_CHOICES.items()}
#: The band of every choice named above, for building the ``available`` mapping
#: :func:`escalation` takes (the exercise library knows the bands of the rest).
KNOWN_BANDS: Mapping[str, Band] = {
    choice.key: band for band, picks in BAND_CHOICES.items() for choice in picks
}
#: Bands from the most to the least stirred up (the body first, reflection last).
_AROUSAL: tuple[Band, ...] = (Band.HIGH, Band.MIDDLE, Band.LOW)


def _median(values: Sequence[int]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def _rating(value: int | None) -> int | None:
    return value if value is not None and 0 <= value <= 10 else None


def _pinned_choices(pinned: Iterable[str]) -> list[Choice]:
    """Pins in order, without duplicates; keys that are not shaped ``kind:id`` are ignored."""
    seen: list[Choice] = []
    for key in pinned:
        try:
            choice = Choice.from_key(key)
        except ValueError:
            continue
        if choice not in seen:
            seen.append(choice)
    return seen


def what_helps(
    sessions: Iterable[SessionRecord],
    pinned: Sequence[str] = (),
    min_n: int = MIN_SESSIONS,
    band: Band | None = None,
) -> list[Helpfulness]:
    """What has helped this person, best first: the pins, then every choice tried ``min_n`` times.

    Counted: breathing and grounding sessions with both distress ratings, completed or stopped
    early (see the module's docstring for why), and when ``band`` is given only those whose
    distress *before* fell in it. For each choice: how many (n) and the median drop.

    Order:
    1. Pinned keys, in the user's order, whatever their numbers (n and median as far as known;
       a pin never tried has n 0 and no median).
    2. Every other choice with n >= ``min_n``, by median drop (highest first), then n (more
       first), then most recent use (latest first), then key, so the order is always the same.
       A choice that made things worse has a negative median and so comes last.
    Choices tried fewer than ``min_n`` times are left out: too few to say.
    """
    drops: dict[Choice, list[int]] = {}
    last: dict[Choice, datetime] = {}
    for record in sessions:
        choice = Choice.of(record)
        if choice is None:
            continue
        if choice not in last or record.start > last[choice]:
            last[choice] = record.start
        before, after = _rating(record.distress_before), _rating(record.distress_after)
        if before is None or after is None:
            continue
        if band is not None and Band.for_distress(before) is not band:
            continue
        drops.setdefault(choice, []).append(before - after)

    def row(choice: Choice, pinned: bool) -> Helpfulness:
        values = drops.get(choice, [])
        return Helpfulness(
            choice=choice,
            n=len(values),
            median_drop=_median(values) if values else None,
            pinned=pinned,
            last_used=last.get(choice),
        )

    pins = _pinned_choices(pinned)
    ranked = [
        row(c, False) for c, values in drops.items() if c not in pins and len(values) >= min_n
    ]
    ranked.sort(key=lambda h: h.choice.key)
    ranked.sort(key=lambda h: h.last_used.timestamp() if h.last_used else 0.0, reverse=True)
    ranked.sort(key=lambda h: (h.median_drop or 0.0, h.n), reverse=True)  # stable: ties keep
    return [row(c, True) for c in pins] + ranked


def _helped(h: Helpfulness, min_n: int) -> bool:
    """Tried at least ``min_n`` times and, in the middle, it brought distress down."""
    return h.n >= min_n and h.median_drop is not None and h.median_drop > 0


def _made_worse(h: Helpfulness, min_n: int) -> bool:
    return h.n >= min_n and h.median_drop is not None and h.median_drop < 0


def _default_for(band: Band, can_start: Callable[[str], bool]) -> Choice:
    """The band's default, or the next of its band that can be started; then the nearest bands
    (of two as near, the more body-first one: from MIDDLE, HIGH before LOW).

    When nothing known can be started, the band's default anyway: breathing patterns are built
    in, so long-exhale always exists where the SOS is offered.
    """
    start = _AROUSAL.index(band)
    nearest = sorted(_AROUSAL, key=lambda b: (abs(_AROUSAL.index(b) - start), _AROUSAL.index(b)))
    for near in nearest:
        for choice in BAND_CHOICES[near]:
            if can_start(choice.key):
                return choice
    return BAND_DEFAULTS[band]


def sos_choice(
    distress: int | None,
    sessions: Iterable[SessionRecord],
    pinned: Sequence[str] = (),
    available: Collection[str] | None = None,
    min_n: int = MIN_SESSIONS,
) -> Choice:
    """What an SOS starts, for ``distress`` 0-10 (None: the person skipped the question).

    With a rating: what has helped this person most at that level (the best median drop above
    zero over at least ``min_n`` sessions whose distress before was in the same band), otherwise
    the band's default: HIGH long-exhale breathing (body first, and it needs nothing at hand),
    MIDDLE grounding 5-4-3-2-1, LOW grounding validate-feeling.

    Skipped: the personal default: the first pin that can be started (unless it has made things
    worse over ``min_n`` sessions), else the best helper over all sessions (n >= ``min_n``,
    median above zero), else the MIDDLE default.

    ``distress`` outside 0-10 is a ValueError. Only keys in ``available`` (what exists now, e.g.
    ``"breathing:long-exhale"``; None: anything may be started) are chosen; when a default
    cannot be started, the next of its band is, then the nearest band's (see
    :data:`BAND_CHOICES` and :func:`_default_for`).
    """
    history = list(sessions)
    worse = {h.key for h in what_helps(history, min_n=min_n) if _made_worse(h, min_n)}

    def can_start(key: str) -> bool:
        return available is None or key in available

    def can_offer(key: str) -> bool:
        """Startable, and not something this person's ratings say made things worse."""
        return can_start(key) and key not in worse

    if distress is not None:
        band = Band.for_distress(distress)
        for h in what_helps(history, min_n=min_n, band=band):
            if _helped(h, min_n) and can_start(h.key):
                return h.choice
        return _default_for(band, can_offer)
    overall = what_helps(history, pinned=pinned, min_n=min_n)
    for h in overall:
        if h.pinned and can_start(h.key) and not _made_worse(h, min_n):
            return h.choice
    for h in overall:
        if not h.pinned and _helped(h, min_n) and can_start(h.key):
            return h.choice
    return _default_for(Band.MIDDLE, can_offer)


def should_escalate(before: int | None, after: int | None) -> bool:
    """True when both ratings are known and distress fell by less than 2 (or rose)."""
    if before is None or after is None:
        return False
    return before - after < ESCALATE_BELOW


def escalation(
    choice: Choice,
    band: Band,
    available: Collection[str],
    sessions: Iterable[SessionRecord],
    *,
    before: int | None = None,
    after: int | None = None,
    bands: Mapping[str, Band] | None = None,
    min_n: int = MIN_SESSIONS,
) -> Choice | None:
    """Something from another band to offer after ``choice`` did not help, or None.

    ``band`` is the level it was tried at (``Band.for_distress(before)``); ``available`` the keys
    that can be started now; ``before`` and ``after`` the ratings around the session (pass them:
    without them distress counts as not having come down). A choice's band comes from ``bands``
    (e.g. ``{f"grounding:{e.id}": e.band for e in library}``), else :data:`KNOWN_BANDS`; an
    available key whose band is not known is not offered.

    The rule:
    - Distress came down somewhat (``after < before``): a calmer, lower-arousal band, the
      nearest first (from HIGH: MIDDLE, then LOW); when no lower band has anything to start
      (or from LOW, where there is none), the nearest higher band (from LOW: MIDDLE, then HIGH).
    - It did not come down at all (same, higher, or a rating missing): the body first, HIGH,
      and only HIGH: thinking-based and reflective exercises do not work at that point.
    - Never ``band`` nor the tried choice's own band: when the body first was what did not
      help, there is nothing further to try here.
    Within a band: what helps this person most (median drop above zero over ``min_n``
    sessions, at any level), else the band's defaults in order, else any key of that band by
    name. Never ``choice`` itself nor anything that made things worse. None when nothing fits:
    the UI then offers the safety plan.
    """
    known: dict[str, Band] = {**KNOWN_BANDS, **(bands or {})}
    tried = {band, known.get(choice.key, band)}
    came_down = before is not None and after is not None and after < before
    here = _AROUSAL.index(band)
    calmer, stirred = _AROUSAL[here + 1 :], tuple(reversed(_AROUSAL[:here]))
    targets = (*calmer, *stirred) if came_down else (Band.HIGH,)
    history = what_helps(sessions, min_n=min_n)
    worse = {h.choice for h in history if _made_worse(h, min_n)}
    startable = {key: known[key] for key in available if key in known}
    for target in targets:
        if target in tried:
            continue
        pick = _pick_in(target, history, startable, not_these={choice, *worse}, min_n=min_n)
        if pick is not None:
            return pick
    return None


def _pick_in(
    band: Band,
    history: Sequence[Helpfulness],
    available: Mapping[str, Band],
    not_these: Collection[Choice],
    min_n: int,
) -> Choice | None:
    """The best available choice of ``band``: this person's best helper, else the band's
    defaults in order, else the first of the band's keys by name."""

    def fits(c: Choice) -> bool:
        return c not in not_these and available.get(c.key) is band

    for h in history:
        if _helped(h, min_n) and fits(h.choice):
            return h.choice
    for c in BAND_CHOICES[band]:
        if fits(c):
            return c
    for key in sorted(available):
        if is_choice_key(key) and fits(Choice.from_key(key)):
            return Choice.from_key(key)
    return None
