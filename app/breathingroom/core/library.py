"""Looking patterns up by id, presets first, then the user's own."""

from __future__ import annotations

from collections.abc import Iterable

from breathingroom.core.patterns import DEFAULT_PATTERN_ID, PRESETS, Pattern, PatternError


def all_patterns(custom: Iterable[Pattern] = ()) -> list[Pattern]:
    return [*PRESETS.values(), *custom]


def find_pattern(pattern_id: str, custom: Iterable[Pattern] = ()) -> Pattern:
    for pattern in all_patterns(custom):
        if pattern.id == pattern_id:
            return pattern
    known = ", ".join(p.id for p in all_patterns(custom))
    raise PatternError(f"Unknown pattern {pattern_id!r}. Known patterns: {known}.")


def pattern_to_start(
    asked: str | None, last_used: str | None, custom: Iterable[Pattern] = ()
) -> Pattern:
    """The pattern a new session uses: the one ``asked`` for, else the last used, else coherent.

    A pattern that was asked for by id and does not exist is an error (PatternError); a last
    used pattern that has since been deleted quietly falls back to the default.
    """
    custom = list(custom)
    if asked:
        return find_pattern(asked, custom)
    try:
        return find_pattern(last_used or DEFAULT_PATTERN_ID, custom)
    except PatternError:
        return find_pattern(DEFAULT_PATTERN_ID)
