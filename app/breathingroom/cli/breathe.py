"""``breathe``, and starting the app with no command: both go to the running app or start it."""

from __future__ import annotations

import argparse
from typing import Any

from breathingroom.cli import common

COMMAND = "breathe"


def add_commands(sub: common.Subcommands) -> None:
    breathe = sub.add_parser(
        COMMAND,
        help="open a breathing session",
        epilog="Example: breathing-room breathe --pattern coherent --minutes 5",
    )
    common.add_session_length(breathe)
    breathe.set_defaults(handler=_cmd_breathe)


def breathe_request(args: argparse.Namespace) -> dict[str, Any]:
    """The message that asks the app for a session, validated before anything starts."""
    pattern = common.resolve_pattern(args)
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
    return common.to_app(breathe_request(args))


def start(args: argparse.Namespace) -> int:
    """No command at all: start the app, or bring the running one forward."""
    return common.to_app({"cmd": "show"})
