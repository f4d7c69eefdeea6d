"""What a finished session leaves behind, for the journal and the weekly graphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SessionKind = Literal["breathing", "grounding", "break"]
#: Every kind of session, in the order they are described to people.
SESSION_KINDS: tuple[SessionKind, ...] = ("breathing", "grounding", "break")


def session_kind(value: object) -> SessionKind | None:
    """``value`` as a session kind, or None when it is not one."""
    for kind in SESSION_KINDS:
        if value == kind:
            return kind
    return None


@dataclass(frozen=True)
class SessionRecord:
    kind: SessionKind
    #: Pattern id for breathing, exercise id for grounding.
    exercise: str
    #: Timezone-aware instants.
    start: datetime
    end: datetime
    completed: bool
    #: The parameters the session ran with (phases, minutes or cycles, sound).
    params: dict[str, Any] = field(default_factory=dict)
    distress_before: int | None = None
    distress_after: int | None = None
    #: Where the record came from: "app", or the importer's name.
    source: str = "app"
