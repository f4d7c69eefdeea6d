"""The ``breathing-room`` command.

Commands that talk to the app (``breathe``, ``ground ID``, ``sos``, ``plan``, no command at all)
go to the running instance when there is one, or start the app. Commands that only read or write
data run here and exit. Only what a command needs is imported, so ``patterns``, ``ground --list`` or
``--help`` never load Qt.

Each command family is a module here that adds its own subcommands; this module lists them and
runs the one asked for. Families import :mod:`breathingroom.cli.common`, never each other.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from breathingroom import __version__
from breathingroom.cli import (
    audio,
    breaks,
    breathe,
    common,
    ground,
    helps,
    journal,
    patterns,
    plan,
    review,
    timeline,
)

__all__ = ["build_parser", "main"]

#: The command families, in the order ``--help`` lists their commands.
FAMILIES = (breathe, ground, plan, patterns, audio, journal, helps, review, timeline, breaks)
#: Options that other families add to ``breathe``, after its own.
BREATHE_OPTIONS: tuple[common.AddOptions, ...] = (audio.add_breathe_options,)


def build_parser() -> argparse.ArgumentParser:
    parser = common.Parser(
        prog="breathing-room",
        description="A calm companion in the system tray: paced breathing, grounding and a "
        "private mood journal. With no command, starts the app or brings it forward.",
        epilog="Example: breathing-room breathe --pattern box --minutes 3. Each command has its "
        "own --help.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="keep data and settings in PATH (also BREATHING_ROOM_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=common.Parser)
    for family in FAMILIES:
        family.add_commands(sub)
    for add_options in BREATHE_OPTIONS:
        add_options(sub.choices[breathe.COMMAND])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from breathingroom.services import paths

    if args.data_dir is not None and not args.data_dir.strip():
        parser.error("--data-dir needs a folder; it was empty")
    paths.init_default(args.data_dir)
    unsafe = paths.unsafe_folder(paths.current())
    if unsafe is not None:
        where = "--data-dir" if args.data_dir else "the data folder"
        print(f"{parser.prog}: error: {where}: {unsafe}", file=sys.stderr)
        return common.EXIT_USAGE
    handler: common.Handler = getattr(args, "handler", breathe.start)
    try:
        return handler(args)
    except common.UsageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return common.EXIT_USAGE
    except KeyboardInterrupt:
        return common.EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``breathing-room patterns | head``); that is not an error.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return common.EXIT_OK
