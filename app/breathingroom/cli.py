"""The ``breathing-room`` command.

Commands that talk to the app (``breathe``, no command at all) go to the running instance when
there is one, or start the app. Commands that only read or write data run here and exit. Only
what a command needs is imported, so ``patterns`` or ``--help`` never load Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from breathingroom import __version__

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a one-line reason."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number from {low} to {high} (got {text!r})"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be {low} to {high} (got {value})")
        return value

    return parse


_minutes = whole_number("minutes", 1, 60)
_cycles = whole_number("cycles", 1, 1000)


def add_session_length(parser: argparse.ArgumentParser) -> None:
    """``--pattern``/``--custom`` and ``--minutes``/``--cycles``, for every session command."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--pattern", metavar="ID", help="a pattern id (see 'breathing-room patterns')"
    )
    which.add_argument(
        "--custom",
        metavar="IN,HOLD,OUT,HOLD",
        help="seconds per phase: in,out or in,hold,out or in,hold,out,hold",
    )
    length = parser.add_mutually_exclusive_group()
    length.add_argument(
        "--minutes", type=_minutes, metavar="N", help="session length, 1-60 minutes"
    )
    length.add_argument("--cycles", type=_cycles, metavar="N", help="number of breaths, 1-1000")


def build_parser() -> argparse.ArgumentParser:
    # Feature modules register their options and commands on import; each is light.
    from breathingroom import cli_features  # noqa: F401

    parser = _Parser(
        prog="breathing-room",
        description="A calm companion in the system tray: paced breathing, grounding and a "
        "private mood journal. With no command, starts the app or brings it forward.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="keep data and settings in PATH (also BREATHING_ROOM_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    breathe = sub.add_parser("breathe", help="open a breathing session")
    add_session_length(breathe)
    for register in _EXTRA_BREATHE_OPTIONS:
        register(breathe)
    breathe.set_defaults(handler=_cmd_breathe)

    patterns = sub.add_parser("patterns", help="list, save or delete breathing patterns")
    patterns.add_argument("--json", action="store_true", help="print JSON instead of a table")
    change = patterns.add_mutually_exclusive_group()
    change.add_argument(
        "--save", metavar="NAME", help="save --custom IN,HOLD,OUT,HOLD as your pattern NAME"
    )
    change.add_argument("--delete", metavar="ID", help="delete your pattern ID")
    patterns.add_argument("--custom", metavar="IN,HOLD,OUT,HOLD", help="the phases for --save")
    patterns.set_defaults(handler=_cmd_patterns)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


#: Hooks for other modules' options and commands, so each feature keeps its CLI beside itself.
_EXTRA_BREATHE_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _settings() -> Any:
    from breathingroom.services import paths
    from breathingroom.services.settings import Settings

    return Settings.load(paths.current().settings_file)


def resolve_pattern(args: argparse.Namespace, settings: Any | None = None) -> Any:
    """The pattern a command asked for; raises UsageError with a one-line reason."""
    from breathingroom.core.library import find_pattern
    from breathingroom.core.patterns import PatternError, custom_from_text

    try:
        if args.custom:
            return custom_from_text(args.custom)
        settings = settings or _settings()
        pattern_id = args.pattern or settings.get("last_pattern")
        try:
            return find_pattern(pattern_id, settings.custom_patterns())
        except PatternError:
            if args.pattern:
                raise
            return find_pattern("coherent")
    except PatternError as exc:
        raise UsageError(str(exc)) from None


def breathe_request(args: argparse.Namespace) -> dict[str, Any]:
    """The message that asks the app for a session, validated before anything starts."""
    pattern = resolve_pattern(args)
    request: dict[str, Any] = {"cmd": "breathe"}
    if args.custom:
        request["custom"] = args.custom
    else:
        request["pattern"] = pattern.id
    if args.minutes is not None:
        request["minutes"] = args.minutes
    if args.cycles is not None:
        request["cycles"] = args.cycles
    for key in ("sound", "volume", "audio_only"):
        value = getattr(args, key, None)
        if value not in (None, False):
            request[key] = value
    return request


def _cmd_breathe(args: argparse.Namespace) -> int:
    return _to_app(breathe_request(args))


def _cmd_start(args: argparse.Namespace) -> int:
    return _to_app({"cmd": "show"})


def _to_app(request: dict[str, Any]) -> int:
    """Hand ``request`` to the running app, or become the app and carry it out."""
    from breathingroom.ui.launch import run

    return run(request)


def _change_patterns(args: argparse.Namespace, settings: Any) -> int:
    from breathingroom.core.patterns import PatternError, custom_from_text, make_custom
    from breathingroom.services import paths
    from breathingroom.services.instance_client import send_to_running

    mine = settings.custom_patterns()
    if args.save is not None:
        if not args.custom:
            raise UsageError("--save needs --custom with the phases, e.g. --custom 4,0,6,0")
        try:
            phases = custom_from_text(args.custom).phases
            pattern = make_custom(args.save, phases, [p.id for p in mine])
        except PatternError as exc:
            raise UsageError(str(exc)) from None
        settings.add_custom_pattern(pattern)
        print(f"Saved {pattern.name!r} as {pattern.id}: {pattern.summary()}")
    else:
        if args.delete not in {p.id for p in mine}:
            known = ", ".join(p.id for p in mine) or "none saved yet"
            raise UsageError(f"no pattern of yours is called {args.delete!r} ({known})")
        settings.remove_custom_pattern(args.delete)
        print(f"Deleted {args.delete}.")
    send_to_running({"cmd": "settings-changed"}, paths.current(), timeout=1.0)
    return EXIT_OK


def _cmd_patterns(args: argparse.Namespace) -> int:
    from breathingroom.core.library import all_patterns

    settings = _settings()
    if args.save is not None or args.delete is not None:
        return _change_patterns(args, settings)
    if args.custom:
        raise UsageError("--custom goes with --save")
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
        return EXIT_OK
    width = max(len(p.id) for p in patterns)
    name_width = max(len(p.name) for p in patterns)
    for p in patterns:
        print(
            f"{p.id:<{width}}  {p.name:<{name_width}}  {p.breaths_per_minute:5.2f}/min  "
            f"{p.summary()}"
        )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from breathingroom.services import paths

    paths.init_default(args.data_dir)
    handler: Handler = getattr(args, "handler", _cmd_start)
    try:
        return handler(args)
    except UsageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``breathing-room patterns | head``); that is not an error.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
