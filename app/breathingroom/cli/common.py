"""What every command family shares: exit codes, the parser class, argument types, the clock.

Imported on every invocation, so it imports nothing heavy at module level: settings, patterns
and the app load only inside the functions that need them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.limits import MAX_CYCLES, MAX_MINUTES, MIN_MINUTES

if TYPE_CHECKING:
    from breathingroom.core.patterns import Pattern
    from breathingroom.services.settings import Settings
    from breathingroom.services.store import Store

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: What a command runs: the parsed arguments in, the exit status out.
Handler = Callable[[argparse.Namespace], int]
#: Adds options to a parser that another family made (``breathe`` takes the sound options).
AddOptions = Callable[[argparse.ArgumentParser], None]
#: The object ``add_subparsers`` returns, that each family adds its commands to.
Subcommands: TypeAlias = "argparse._SubParsersAction[Parser]"

#: Where commands read the time; a test may put a fake clock here.
clock: Clock = SYSTEM_CLOCK


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def text(what: str, *, empty: bool = True) -> Callable[[str], str]:
    """An argparse type: text that can be stored (UTF-8), and not empty unless ``empty``.

    Bytes that are not UTF-8 reach Python as lone surrogates, which no file or message can hold.
    """

    def parse(value: str) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise argparse.ArgumentTypeError(
                f"{what} holds bytes that are not UTF-8 text; nothing was changed"
            ) from None
        if not empty and not value.strip():
            raise argparse.ArgumentTypeError(f"{what} needs a value; it was empty")
        return value

    return parse


def ascii_digits(text: str) -> bool:
    """True when every digit in ``text`` is 0-9: ``int("５")`` is 5, but nobody types that to
    mean a number on purpose."""
    return all(not ch.isdigit() or "0" <= ch <= "9" for ch in text)


def whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a one-line reason."""

    def parse(text: str) -> int:
        try:
            if not ascii_digits(text):
                raise ValueError(text)
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number from {low} to {high} (got {text!r})"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be {low} to {high} (got {value})")
        return value

    return parse


def phases_text(value: str) -> str:
    """An argparse type for ``--custom``: non-empty text of plain digits (checked in full later)."""
    value = text("--custom", empty=False)(value)
    if not ascii_digits(value):
        raise argparse.ArgumentTypeError(
            f"--custom takes seconds written with the digits 0-9 (got {value!r})"
        )
    return value


_minutes = whole_number("minutes", MIN_MINUTES, MAX_MINUTES)
_cycles = whole_number("cycles", 1, MAX_CYCLES)


def add_session_length(parser: argparse.ArgumentParser) -> None:
    """``--pattern``/``--custom`` and ``--minutes``/``--cycles``, for every session command."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--pattern",
        type=text("--pattern", empty=False),
        metavar="ID",
        help="a pattern id (see 'breathing-room patterns')",
    )
    which.add_argument(
        "--custom",
        type=phases_text,
        metavar="IN,HOLD,OUT,HOLD",
        help="seconds per phase: in,out or in,hold,out or in,hold,out,hold",
    )
    length = parser.add_mutually_exclusive_group()
    length.add_argument(
        "--minutes",
        type=_minutes,
        metavar="N",
        help=f"session length, {MIN_MINUTES}-{MAX_MINUTES} minutes",
    )
    length.add_argument(
        "--cycles", type=_cycles, metavar="N", help=f"number of breaths, 1-{MAX_CYCLES}"
    )


def load_settings() -> Settings:
    from breathingroom.services import paths
    from breathingroom.services.settings import Settings

    return Settings.load(paths.current().settings_file, clock=clock)


def resolve_pattern(args: argparse.Namespace, settings: Settings | None = None) -> Pattern:
    """The pattern a command asked for; raises UsageError with a one-line reason."""
    from breathingroom.core.library import pattern_to_start
    from breathingroom.core.patterns import PatternError, custom_from_text

    try:
        if args.custom:
            return custom_from_text(args.custom)
        settings = settings or load_settings()
        return pattern_to_start(
            args.pattern, settings.get("last_pattern"), settings.custom_patterns()
        )
    except PatternError as exc:
        raise UsageError(str(exc)) from None


def to_app(request: dict[str, Any]) -> int:
    """Hand ``request`` to the running app, or become the app and carry it out.

    The hand-off to a running copy is plain sockets; Qt loads only when this process becomes
    the app.
    """
    from breathingroom.ui.launch import run

    return run(request)


def failed(message: str) -> int:
    """Say on one line why a command did nothing; returns the exit status for that (1)."""
    import sys

    print(f"breathing-room: {message}", file=sys.stderr)
    return EXIT_FAILURE


def open_store() -> Store:
    """The journal, opened on :data:`clock`; a journal that cannot be opened ends the command
    with one line and exit status 1, and one that was damaged is reported as moved aside."""
    import sys

    from breathingroom.services.store import Store, StoreError

    try:
        store = Store.open(clock=clock)
    except StoreError as exc:
        print(f"breathing-room: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_FAILURE) from None
    if store.moved_aside is not None:
        print(
            f"breathing-room: the journal could not be read, so it was moved to "
            f"{store.moved_aside} and a new one was started. 'breathing-room backup --list' shows "
            f"backups you can restore.",
            file=sys.stderr,
        )
    return store
