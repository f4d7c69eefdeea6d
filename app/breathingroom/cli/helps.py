"""``what-helps``: what has brought this person's distress down, from their own ratings.

Reads every session in the journal and the pins in the settings, and prints the list
:func:`breathingroom.core.helps.what_helps` makes: the pins first, then what has helped most.

Importing this module is light: the store (and sqlite3) loads only when the command runs.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.core.helps import Helpfulness

#: Said instead of a ranking while too few sessions have both ratings.
NOT_ENOUGH = (
    "Not enough ratings yet: rate your distress before and after a few sessions and this "
    "list fills in."
)


def add_commands(sub: common.Subcommands) -> None:
    helps = sub.add_parser(
        "what-helps",
        help="list what has brought your distress down, from your own ratings",
        description="Rank breathing patterns and grounding exercises by how much your distress "
        "(0-10) came down, as the median over the sessions you rated before and after. Each "
        "needs at least 3 rated sessions; your pinned choices come first.",
        epilog="Example: breathing-room what-helps --json",
    )
    helps.add_argument("--json", action="store_true", help="print JSON instead of a table")
    helps.set_defaults(handler=_cmd_what_helps)


def _median_text(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _cmd_what_helps(args: argparse.Namespace) -> int:
    from breathingroom.core.helps import MIN_SESSIONS, what_helps

    pinned = common.load_settings().get("helps_pinned")
    store = common.open_store()
    try:
        sessions = store.all_sessions()
    finally:
        store.close()
    rows = what_helps(sessions, pinned=pinned)
    if args.json:
        print(json.dumps([_as_json(h) for h in rows], indent=2, ensure_ascii=False))
        return common.EXIT_OK
    if rows:
        _print_table(rows)
    if not any(h.n >= MIN_SESSIONS for h in rows):
        print(NOT_ENOUGH)
    return common.EXIT_OK


def _as_json(h: Helpfulness) -> dict[str, object]:
    return {
        "kind": h.choice.kind,
        "id": h.choice.id,
        "n": h.n,
        "median_drop": h.median_drop,
        "pinned": h.pinned,
    }


def _print_table(rows: list[Helpfulness]) -> None:
    header = ("#", "what", "n", "median drop", "")
    cells = [
        (str(rank), h.choice.label, str(h.n), _median_text(h.median_drop), "pinned" * h.pinned)
        for rank, h in enumerate(rows, 1)
    ]
    widths = [max(len(row[i]) for row in (header, *cells)) for i in range(4)]
    for row in (header, *cells):
        rank, what, n, median, mark = row
        line = (
            f"{rank:>{widths[0]}}  {what:<{widths[1]}}  {n:>{widths[2]}}  "
            f"{median:>{widths[3]}}  {mark}"
        )
        print(line.rstrip())
