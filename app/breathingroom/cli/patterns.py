"""``patterns``: list the presets and your own patterns, save or delete your own."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.services.settings import Settings


def add_commands(sub: common.Subcommands) -> None:
    patterns = sub.add_parser(
        "patterns",
        help="list, save or delete breathing patterns",
        epilog="Example: breathing-room patterns --save 'Slow four' --custom 4,2,6,2",
    )
    patterns.add_argument("--json", action="store_true", help="print JSON instead of a table")
    change = patterns.add_mutually_exclusive_group()
    change.add_argument(
        "--save",
        type=common.text("--save", empty=False),
        metavar="NAME",
        help="save --custom IN,HOLD,OUT,HOLD as your pattern NAME",
    )
    change.add_argument(
        "--delete",
        type=common.text("--delete", empty=False),
        metavar="ID",
        help="delete your pattern ID",
    )
    patterns.add_argument(
        "--custom",
        type=common.phases_text,
        metavar="IN,HOLD,OUT,HOLD",
        help="the phases for --save",
    )
    patterns.set_defaults(handler=_cmd_patterns)


def _change_patterns(args: argparse.Namespace, settings: Settings) -> int:
    from breathingroom.core.patterns import PatternError, custom_from_text, make_custom
    from breathingroom.services import paths
    from breathingroom.services.instance_client import send_to_running

    mine = settings.custom_patterns()
    if args.save is not None:
        if not args.custom:
            raise common.UsageError("--save needs --custom with the phases, e.g. --custom 4,0,6,0")
        try:
            phases = custom_from_text(args.custom).phases
            pattern = make_custom(args.save, phases, [p.id for p in mine])
        except PatternError as exc:
            raise common.UsageError(str(exc)) from None
        with _quiet_settings():  # a failed save is said once, below
            settings.add_custom_pattern(pattern)
        if settings.last_save_error is not None:
            return _not_saved(settings.last_save_error, f"pattern {pattern.name!r}")
        print(f"Saved {pattern.name!r} as {pattern.id}: {pattern.summary()}")
    else:
        if args.delete not in {p.id for p in mine}:
            known = ", ".join(p.id for p in mine) or "none saved yet"
            raise common.UsageError(f"no pattern of yours is called {args.delete!r} ({known})")
        with _quiet_settings():
            settings.remove_custom_pattern(args.delete)
        if settings.last_save_error is not None:
            return _not_saved(settings.last_save_error, f"deletion of {args.delete}")
        print(f"Deleted {args.delete}.")
    send_to_running({"cmd": "settings-changed"}, paths.current(), timeout=1.0)
    return common.EXIT_OK


@contextlib.contextmanager
def _quiet_settings() -> Iterator[None]:
    """Keep the settings module's own warnings about a failed save off the terminal."""
    logger = logging.getLogger("breathingroom.services.settings")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _not_saved(error: OSError, what: str) -> int:
    """One line for a settings file that could not be written; exit status 1."""
    import errno
    import sys

    if error.errno == errno.ENOSPC:
        why = "the disk is full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "the settings folder cannot be written"
    else:
        why = error.strerror or str(error)
    print(f"breathing-room: {why}: the {what} was not saved.", file=sys.stderr)
    return common.EXIT_FAILURE


def _cmd_patterns(args: argparse.Namespace) -> int:
    from breathingroom.core.library import all_patterns

    settings = common.load_settings()
    if args.save is not None or args.delete is not None:
        return _change_patterns(args, settings)
    if args.custom:
        raise common.UsageError("--custom goes with --save")
    patterns = all_patterns(settings.custom_patterns())
    if args.json:
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "builtin": p.builtin,
                "phases": [{"kind": ph.kind.value, "seconds": ph.seconds} for ph in p.phases],
                "cycle_seconds": p.cycle_seconds,
                "breaths_per_minute": round(p.breaths_per_minute, 2),
            }
            for p in patterns
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return common.EXIT_OK
    width = max(len(p.id) for p in patterns)
    name_width = max(len(p.name) for p in patterns)
    for p in patterns:
        print(
            f"{p.id:<{width}}  {p.name:<{name_width}}  {p.breaths_per_minute:5.2f}/min  "
            f"{p.summary()}"
        )
    return common.EXIT_OK
