"""``settings``, ``status``, ``pause``, ``resume`` and ``tray``: the app's settings and break
invitations from the command line.

- ``settings`` opens the Settings window (in the running app, or it starts the app).
- ``tray`` starts the app in the tray with no window; with a copy already running it does
  nothing. Starting with the desktop runs this.
- ``status``, ``pause [MINUTES]`` and ``resume`` only talk to a running app; with none, they
  say so and change nothing. None of these four loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from breathingroom.cli import common
from breathingroom.core.messages import MAX_PAUSE_MINUTES

NOT_RUNNING = "Breathing Room is not running."


def add_commands(sub: common.Subcommands) -> None:
    settings = sub.add_parser(
        "settings", help="open the Settings window", epilog="Example: breathing-room settings"
    )
    settings.set_defaults(handler=lambda _a: common.to_app({"cmd": "settings"}))
    tray = sub.add_parser(
        "tray",
        help="start in the tray with no window (used when starting with the desktop)",
        epilog="Example: breathing-room tray",
    )
    tray.set_defaults(handler=lambda _a: common.to_app({"cmd": "tray"}))
    status = sub.add_parser(
        "status",
        help="say whether the app runs, when the next break invitation comes",
        epilog="Example: breathing-room status",
    )
    status.set_defaults(handler=_cmd_status)
    pause = sub.add_parser(
        "pause",
        help="pause break invitations (for an hour unless told)",
        epilog="Example: breathing-room pause 30",
    )
    pause.add_argument(
        "minutes",
        nargs="?",
        type=common.whole_number("minutes", 1, MAX_PAUSE_MINUTES),
        default=60,
        metavar="MINUTES",
        help=f"how long, 1-{MAX_PAUSE_MINUTES} minutes (default 60)",
    )
    pause.set_defaults(handler=_cmd_pause)
    resume = sub.add_parser(
        "resume", help="resume break invitations now", epilog="Example: breathing-room resume"
    )
    resume.set_defaults(handler=_cmd_resume)


def _send(request: dict[str, Any]) -> dict[str, Any] | None:
    from breathingroom.services import paths
    from breathingroom.services.instance_client import send_to_running

    reply = send_to_running(request, paths.current(), clock=common.clock)
    if reply is None:
        print(NOT_RUNNING)
    elif not reply.get("ok"):
        print(f"breathing-room: the running app refused: {reply.get('error')}")
        return None
    return reply


def _minutes(seconds: object) -> str:
    if not isinstance(seconds, int):
        return ""
    minutes = max(1, round(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def status_lines(reply: dict[str, Any]) -> list[str]:
    """What ``status`` prints for the running app's reply."""
    lines = ["Breathing Room is running."]
    state = reply.get("invitations")
    if state == "off":
        lines.append("Break invitations are off (turn them on in Settings).")
        return lines
    if state == "paused":
        left = _minutes(reply.get("paused_for_seconds"))
        lines.append(
            f"Break invitations are paused for {left} more." if left
            else "Break invitations are paused until tomorrow."
        )  # fmt: skip
    else:
        ahead = reply.get("next_in_seconds")
        if ahead is None:
            lines.append("Break invitations are on; none now (outside your hours).")
        elif ahead == 0:
            lines.append("A break invitation is waiting for you.")
        else:
            lines.append(f"Next break invitation in about {_minutes(ahead)} of use.")
    held = reply.get("held_by") or []
    if held:
        lines.append(f"Held back while: {', '.join(str(h) for h in held)}.")
    source = reply.get("idle_source")
    lines.append(
        f"Idle time from {source}." if source else "No idle time here: plain elapsed time counts."
    )
    return lines


def _cmd_status(_args: argparse.Namespace) -> int:
    reply = _send({"cmd": "status"})
    if reply is None:
        on = common.load_settings().get("breaks_on")
        print(
            "Break invitations are on; they come while the app runs." if on
            else "Break invitations are off."
        )  # fmt: skip
        return common.EXIT_OK
    print("\n".join(status_lines(reply)))
    return common.EXIT_OK


OFF = "Break invitations are off, so there is nothing to {}: turn them on in Settings… first."


def _cmd_pause(args: argparse.Namespace) -> int:
    reply = _send({"cmd": "pause", "minutes": args.minutes})
    if reply is None:
        return common.EXIT_FAILURE
    if reply.get("invitations") == "off":
        print(OFF.format("pause"), file=sys.stderr)
        return common.EXIT_FAILURE
    print(f"Break invitations paused for {_minutes(args.minutes * 60)}.")
    return common.EXIT_OK


def _cmd_resume(_args: argparse.Namespace) -> int:
    reply = _send({"cmd": "resume"})
    if reply is None:
        return common.EXIT_FAILURE
    if reply.get("invitations") == "off":
        print(OFF.format("resume"), file=sys.stderr)
        return common.EXIT_FAILURE
    print("Break invitations resumed.")
    return common.EXIT_OK
