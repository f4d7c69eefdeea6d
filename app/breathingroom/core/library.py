"""Looking patterns up by id, presets first, then the user's own."""

from __future__ import annotations

from collections.abc import Iterable

from breathingroom.core.patterns import PRESETS, Pattern, PatternError


def all_patterns(custom: Iterable[Pattern] = ()) -> list[Pattern]:
    return [*PRESETS.values(), *custom]


def find_pattern(pattern_id: str, custom: Iterable[Pattern] = ()) -> Pattern:
    for pattern in all_patterns(custom):
        if pattern.id == pattern_id:
            return pattern
    known = ", ".join(p.id for p in all_patterns(custom))
    raise PatternError(f"Unknown pattern {pattern_id!r}. Known patterns: {known}.")
