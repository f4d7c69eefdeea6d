"""``review``: the week (or a month, a year, any dates) in words, and what goes with the mood.

Prints, for the period asked for (this week by default, from ``common.clock``):
- the week in words (:func:`breathingroom.core.review.week_in_words`) against the period before;
- what helps (:func:`breathingroom.core.helps.what_helps`), with what a choice still needs while
  it has fewer than 3 rated sessions;
- what goes with the mood, and the mood by weekday and by time of day, over every check-in up to
  the end of the period, with the caveat that this is association, not cause.

``--json`` prints the same as data. A bad period is a one-line error with exit status 2.
Importing this module is light: the store (and sqlite3) loads only when the command runs.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.core.helps import Helpfulness
    from breathingroom.core.review import Association, Bucket

#: Days with a word, and without it, before "what goes with your mood" shows it.
MIN_DAYS = 3


def add_commands(sub: common.Subcommands) -> None:
    review = sub.add_parser(
        "review",
        help="review the week: how it felt, what helps, what goes with your mood",
        description="Review a week (this week by default), a month, a year or any dates: the "
        "period in words against the one before, what has brought your distress down, and what "
        "goes with your mood (association, not cause).",
        epilog="Example: breathing-room review --month 2026-11",
    )
    which = review.add_mutually_exclusive_group()
    which.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W47")
    which.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-11")
    which.add_argument("--year", metavar="YYYY", help="a year, e.g. 2026")
    which.add_argument("--from", dest="from_day", metavar="DATE", help="first day (with --to)")
    review.add_argument("--to", dest="to_day", metavar="DATE", help="last day, included")
    review.add_argument("--json", action="store_true", help="print JSON instead of text")
    review.set_defaults(handler=_cmd_review)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    """The period the options ask for, or UsageError with a one-line reason."""
    from breathingroom.core.review import parse_period, period_noun, week_range

    if args.to_day is not None and args.from_day is None:
        raise common.UsageError("--to needs --from")
    try:
        if args.from_day is not None:
            if args.to_day is None:
                raise common.UsageError("--from needs --to")
            return parse_period(from_day=args.from_day, to_day=args.to_day)
        for option, noun, example in (
            ("week", "week", "2026-W47"),
            ("month", "month", "2026-11"),
            ("year", "year", "2026"),
        ):
            text = getattr(args, option)
            if text is not None:
                start, end = parse_period(text)
                if period_noun(start, end) != noun:
                    raise common.UsageError(f"--{option}: {text!r} is not a {noun} like {example}")
                return start, end
    except ValueError as exc:
        raise common.UsageError(str(exc)) from None
    return week_range(common.clock.now().date())


def _helps_rows(
    ranked: list[Helpfulness], tried: list[Helpfulness]
) -> list[tuple[int | None, Helpfulness]]:
    """The ranked list (pins first) numbered, then what has been rated too few times to rank."""
    seen = {h.choice for h in ranked}
    return [(rank, h) for rank, h in enumerate(ranked, 1)] + [
        (None, h) for h in tried if h.choice not in seen
    ]


def _cmd_review(args: argparse.Namespace) -> int:
    from breathingroom.core.helps import MIN_SESSIONS, what_helps
    from breathingroom.core.review import (
        CAVEAT,
        associations,
        by_time_of_day,
        by_weekday,
        daily,
        day_of,
        previous_period,
        week_in_words,
    )

    start, end = _period(args)
    previous = previous_period(start, end)
    pinned = common.load_settings().get("helps_pinned")
    store = common.open_store()
    try:
        checkins, sessions = store.all_checkins(), store.all_sessions()
    finally:
        store.close()
    summary = week_in_words(checkins, sessions, start, end, *previous)
    # What helps and what goes with the mood: everything up to the end of the period.
    past = [c for c in checkins if day_of(c) < end]
    past_sessions = [s for s in sessions if day_of(s) < end]
    helps = _helps_rows(
        what_helps(past_sessions, pinned=pinned), what_helps(past_sessions, min_n=1)
    )
    found = associations(past, min_days=MIN_DAYS)
    weekdays, times = by_weekday(past), by_time_of_day(past)
    through = end - timedelta(days=1)
    if args.json:
        data: dict[str, Any] = {
            "week": summary.to_dict(),
            "days": [d.to_dict() for d in daily(checkins, start, end)],
            "what_helps": [
                {
                    "rank": rank,
                    "kind": h.choice.kind,
                    "id": h.choice.id,
                    "n": h.n,
                    "median_drop": h.median_drop,
                    "pinned": h.pinned,
                    "needs": max(0, MIN_SESSIONS - h.n),
                }
                for rank, h in helps
            ],
            "mood": {
                "through": through.isoformat(),
                "caveat": CAVEAT,
                "min_days": MIN_DAYS,
                "associations": [a.to_dict() for a in found],
                "by_weekday": [b.to_dict() for b in weekdays],
                "by_time_of_day": [b.to_dict() for b in times],
            },
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return common.EXIT_OK
    print(f"{start.isoformat()} to {through.isoformat()}")
    print()
    for sentence in summary.sentences():
        print(sentence)
    print()
    _print_helps(helps, MIN_SESSIONS)
    print()
    print(f"What goes with your mood (your check-ins up to {through.isoformat()})")
    print(CAVEAT)
    _print_associations(found)
    print()
    _print_buckets("By weekday", weekdays)
    print()
    _print_buckets("By time of day", times)
    return common.EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _print_helps(rows: list[tuple[int | None, Helpfulness]], min_n: int) -> None:
    print("What helps")
    if not any(h.n >= min_n for _, h in rows):
        print(
            f"Not enough ratings yet: a choice is ranked once you have rated your distress "
            f"before and after {min_n} of its sessions."
        )
    for rank, h in rows:
        median = "-" if h.median_drop is None else f"{h.median_drop:g}"
        line = f"{rank or '-':>3}  {h.choice.label}: n {h.n}, median drop {median}"
        if h.pinned:
            line += ", pinned"
        if h.n < min_n:
            line += f"; needs {_plural(min_n - h.n, 'more rated session')} to be ranked"
        print(line)


def _print_associations(found: list[Association]) -> None:
    if not found:
        print(
            f"Nothing to show yet: a tag or feeling needs at least {MIN_DAYS} days with it and "
            f"{MIN_DAYS} without."
        )
    for a in found:
        print(
            f"  {a.word} ({a.kind}): pleasantness {a.with_mean:.1f} on "
            f"{_plural(a.days_with, 'day')} with it, {a.without_mean:.1f} on "
            f"{_plural(a.days_without, 'day')} without"
        )


def _print_buckets(title: str, buckets: list[Bucket]) -> None:
    print(title)
    width = max(len(b.name) for b in buckets)
    for b in buckets:
        if b.pleasant is None or b.energy is None:
            print(f"  {b.name:<{width}}  n {b.n}")
        else:
            print(
                f"  {b.name:<{width}}  n {b.n}, pleasantness {b.pleasant:.1f}, "
                f"energy {b.energy:.1f}"
            )
