"""Breathing patterns: phases, presets and validation of the user's own patterns.

A pattern is an ordered list of phases, repeated cycle after cycle. The values of the presets come
from the sources in ``docs/sources.md``; the descriptions are written for this project.
"""

from __future__ import annotations

import enum
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Custom phase lengths move in steps of this many seconds.
STEP_SECONDS = 0.5
#: Longest phase a custom pattern may have.
MAX_PHASE_SECONDS = 30.0
#: Shortest cycle a custom pattern may have.
MIN_CYCLE_SECONDS = 2.0
#: Longest name a custom pattern may have.
MAX_NAME_LENGTH = 40


class PatternError(ValueError):
    """A pattern the app cannot run; the message says which phase and why."""


class PhaseKind(enum.Enum):
    INHALE = "inhale"
    HOLD_IN = "hold-in"
    EXHALE = "exhale"
    HOLD_OUT = "hold-out"
    TOP_UP = "top-up"

    @property
    def label(self) -> str:
        """The words the pacer shows during this phase."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """A one-word name used in lists and error messages."""
        return _SHORT[self]

    @property
    def is_hold(self) -> bool:
        return self in (PhaseKind.HOLD_IN, PhaseKind.HOLD_OUT)


_LABELS = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.HOLD_IN: "Hold",
    PhaseKind.EXHALE: "Breathe out",
    PhaseKind.HOLD_OUT: "Hold",
    PhaseKind.TOP_UP: "Top up",
}
_SHORT = {
    PhaseKind.INHALE: "in",
    PhaseKind.HOLD_IN: "hold",
    PhaseKind.EXHALE: "out",
    PhaseKind.HOLD_OUT: "hold",
    PhaseKind.TOP_UP: "top-up",
}


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float


@dataclass(frozen=True)
class Pattern:
    id: str
    name: str
    phases: tuple[Phase, ...]
    description: str = ""
    caution: str = ""
    builtin: bool = False
    #: Cycles per round for patterns that are practised in short rounds (4-7-8).
    suggested_cycles: int | None = field(default=None, compare=False)

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    @property
    def label(self) -> str:
        """Name and phases, as menus and lists show a pattern: ``Box  (in 4 · hold 4 · …)``."""
        return f"{self.name}  ({self.summary()})"

    def summary(self) -> str:
        """Phases in words, for example ``in 4 · hold 4 · out 4 · hold 4``."""
        return " · ".join(f"{p.kind.short} {format_seconds(p.seconds)}" for p in self.phases)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "phases": [{"kind": p.kind.value, "seconds": p.seconds} for p in self.phases],
        }


def format_seconds(seconds: float) -> str:
    """``4`` for whole seconds, ``4.5`` otherwise."""
    return f"{seconds:g}"


def _phases(*pairs: tuple[PhaseKind, float]) -> tuple[Phase, ...]:
    return tuple(Phase(kind, seconds) for kind, seconds in pairs)


I, HI, E, HO, T = (
    PhaseKind.INHALE,
    PhaseKind.HOLD_IN,
    PhaseKind.EXHALE,
    PhaseKind.HOLD_OUT,
    PhaseKind.TOP_UP,
)

PRESETS: dict[str, Pattern] = {
    p.id: p
    for p in (
        Pattern(
            "coherent",
            "Coherent",
            _phases((I, 5), (E, 5)),
            "Even, slow breaths at six a minute. A steady place to start.",
            builtin=True,
        ),
        Pattern(
            "long-exhale",
            "Long exhale",
            _phases((I, 4), (E, 6)),
            "A breath out that is longer than the breath in, which tends to settle the body.",
            builtin=True,
        ),
        Pattern(
            "box",
            "Box",
            _phases((I, 4), (HI, 4), (E, 4), (HO, 4)),
            "Four equal sides: in, hold, out, hold.",
            caution="Skip the holds if they make you uneasy.",
            builtin=True,
        ),
        Pattern(
            "4-7-8",
            "4-7-8",
            _phases((I, 4), (HI, 7), (E, 8)),
            "A long hold and a long, slow breath out. Practise it in short rounds of about four "
            "breaths.",
            caution="Feeling light-headed at first is common. If you do, breathe normally for a "
            "while.",
            builtin=True,
            suggested_cycles=4,
        ),
        Pattern(
            "cyclic-sigh",
            "Cyclic sigh",
            _phases((I, 2), (T, 1), (E, 6)),
            "A full breath in through the nose, a small second sip of air, then a long, easy "
            "breath out.",
            builtin=True,
        ),
        Pattern(
            "tipp-paced",
            "Paced (TIPP)",
            _phases((I, 4), (E, 7)),
            "Slow breathing with a longer breath out, for a minute or two when feelings run high.",
            builtin=True,
        ),
    )
}

DEFAULT_PATTERN_ID = "coherent"

#: How a comma-separated list of seconds maps onto phases, by length.
_LAYOUTS: dict[int, tuple[PhaseKind, ...]] = {
    2: (I, E),
    3: (I, HI, E),
    4: (I, HI, E, HO),
}


def parse_seconds_list(text: str) -> list[float]:
    """Parse ``"4,4,4,4"`` into numbers, refusing anything that is not a number."""
    parts = [part.strip() for part in text.split(",")]
    values: list[float] = []
    for index, part in enumerate(parts, start=1):
        try:
            value = float(part)
        except ValueError:
            raise PatternError(f"Value {index} ({part!r}) is not a number of seconds.") from None
        if not math.isfinite(value):
            raise PatternError(f"Value {index} ({part!r}) is not a number of seconds.")
        values.append(value)
    return values


def phases_from_seconds(values: Sequence[float]) -> tuple[Phase, ...]:
    """Map 2, 3 or 4 numbers onto in/out, in/hold/out or in/hold/out/hold.

    Holds of 0 seconds are left out, so ``4,0,6,0`` is the same as ``4,6``.
    """
    layout = _LAYOUTS.get(len(values))
    if layout is None:
        raise PatternError(
            "Give 2, 3 or 4 numbers: in,out or in,hold,out or in,hold,out,hold "
            f"(got {len(values)})."
        )
    phases = [Phase(kind, float(seconds)) for kind, seconds in zip(layout, values, strict=True)]
    validate_phases(phases)
    return tuple(p for p in phases if p.seconds > 0 or not p.kind.is_hold)


def validate_phases(phases: Iterable[Phase]) -> None:
    """Refuse a pattern the pacer cannot run, saying which phase is wrong and why."""
    phases = list(phases)
    if not phases:
        raise PatternError("A pattern needs at least one breath in and one breath out.")
    for number, phase in enumerate(phases, start=1):
        where = f"Phase {number} ({phase.kind.short})"
        if not math.isfinite(phase.seconds) or phase.seconds < 0:
            raise PatternError(f"{where}: the length must be 0 seconds or more.")
        if phase.seconds > MAX_PHASE_SECONDS:
            raise PatternError(
                f"{where}: {format_seconds(phase.seconds)} s is longer than the "
                f"{format_seconds(MAX_PHASE_SECONDS)} s a phase may last."
            )
        steps = phase.seconds / STEP_SECONDS
        if abs(steps - round(steps)) > 1e-9:
            raise PatternError(
                f"{where}: {format_seconds(phase.seconds)} s is not a multiple of "
                f"{format_seconds(STEP_SECONDS)} s."
            )
        if phase.kind in (PhaseKind.INHALE, PhaseKind.EXHALE, PhaseKind.TOP_UP) and (
            phase.seconds == 0
        ):
            raise PatternError(f"{where}: a breath needs at least {STEP_SECONDS:g} s.")
    kinds = [p.kind for p in phases]
    if PhaseKind.INHALE not in kinds or PhaseKind.EXHALE not in kinds:
        raise PatternError("A pattern needs at least one breath in and one breath out.")
    if kinds[0] is not PhaseKind.INHALE:
        raise PatternError(f"Phase 1 ({phases[0].kind.short}): a cycle starts with a breath in.")
    for number, (before, kind) in enumerate(itertools.pairwise(kinds), start=2):
        if kind is PhaseKind.TOP_UP and before is not PhaseKind.INHALE:
            raise PatternError(f"Phase {number} (top-up): a top-up follows a breath in.")
    cycle = sum(p.seconds for p in phases)
    if cycle < MIN_CYCLE_SECONDS:
        raise PatternError(
            f"The whole cycle lasts {format_seconds(cycle)} s; it must last at least "
            f"{format_seconds(MIN_CYCLE_SECONDS)} s."
        )


def slug(name: str) -> str:
    """An id made from a name: ``"My Calm 4/6"`` becomes ``"my-calm-4-6"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "pattern"


def make_custom(name: str, phases: Sequence[Phase], taken_ids: Iterable[str] = ()) -> Pattern:
    """Build and validate a user's pattern; its id never collides with a preset or ``taken_ids``."""
    name = " ".join(name.split())
    if not name:
        raise PatternError("Give the pattern a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise PatternError(f"The name is longer than {MAX_NAME_LENGTH} characters.")
    validate_phases(phases)
    taken = set(PRESETS) | set(taken_ids)
    base = "custom-" + slug(name)
    pattern_id, n = base, 2
    while pattern_id in taken:
        pattern_id, n = f"{base}-{n}", n + 1
    return Pattern(pattern_id, name, tuple(phases))


def pattern_from_dict(data: object) -> Pattern:
    """Read a custom pattern saved by :meth:`Pattern.to_dict`; raise PatternError if malformed."""
    if not isinstance(data, dict):
        raise PatternError("A saved pattern is not an object.")
    pattern_id, name, raw = data.get("id"), data.get("name"), data.get("phases")
    if not isinstance(pattern_id, str) or not isinstance(name, str) or not isinstance(raw, list):
        raise PatternError("A saved pattern lacks an id, a name or its phases.")
    phases = []
    for item in raw:
        if not isinstance(item, dict):
            raise PatternError(f"Pattern {name!r}: a phase is not an object.")
        try:
            kind = PhaseKind(item.get("kind"))
            seconds = item.get("seconds")
            if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                raise ValueError
        except ValueError:
            raise PatternError(f"Pattern {name!r}: a phase is malformed.") from None
        phases.append(Phase(kind, float(seconds)))
    validate_phases(phases)
    return Pattern(pattern_id, name, tuple(phases))


def custom_from_text(text: str) -> Pattern:
    """A one-off pattern from ``--custom 4,4,4,4``."""
    phases = phases_from_seconds(parse_seconds_list(text))
    name = "Custom " + "-".join(format_seconds(p.seconds) for p in phases)
    return Pattern("custom", name, phases)
