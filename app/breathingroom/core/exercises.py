"""Grounding exercises: what one is made of (the library's TOML files are read into these).

An :class:`Exercise` is a titled list of :class:`Step`\\ s. A step either lasts ``seconds`` (the
player counts it down and moves on by itself) or waits until the person is ready
(``seconds is None``). A step may ask for a few words (:class:`Prompt`): "five things you can
see" gives five short fields. What is typed stays in memory unless the person chooses to keep it.

``band`` says which level of distress the exercise suits (see :class:`Band`); the SOS uses it
when it has no history of its own to go by.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Band(enum.StrEnum):
    """How stirred up a person is, by distress from 0 to 10, and what kind of exercise fits.

    At very high distress thinking-based skills stop working and the body comes first; as it
    eases, the senses; when calm enough, reflective exercises.
    """

    HIGH = "high"  # 8-10: body first
    MIDDLE = "middle"  # 5-7: senses and orienting
    LOW = "low"  # 0-4: reflective

    @classmethod
    def for_distress(cls, distress: int) -> Band:
        if not 0 <= distress <= 10:
            raise ValueError(f"distress is 0 to 10 (got {distress})")
        if distress >= 8:
            return cls.HIGH
        if distress >= 5:
            return cls.MIDDLE
        return cls.LOW


@dataclass(frozen=True)
class Prompt:
    """A request for a few words during a step."""

    #: What the fields are for, e.g. "Five things you can see".
    label: str
    #: How many short fields (1 to 5), or one larger text box when ``long``.
    fields: int = 1
    #: One large, free text box (a free-write) instead of short fields.
    long: bool = False


@dataclass(frozen=True)
class Step:
    text: str
    #: Seconds the step lasts before the next begins by itself; None waits until ready.
    seconds: float | None = None
    prompt: Prompt | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    #: One line saying what it is and when it helps.
    summary: str
    #: About how long it takes.
    minutes: float
    band: Band
    steps: tuple[Step, ...]
    tags: tuple[str, ...] = ()
    #: Shown before it starts; the person confirms they have read them.
    cautions: tuple[str, ...] = ()
    #: Shipped with the app (False: the person's own file).
    builtin: bool = True

    @property
    def timed_seconds(self) -> float:
        """The seconds of its timed steps together ("when ready" steps not counted)."""
        return sum(s.seconds for s in self.steps if s.seconds is not None)
