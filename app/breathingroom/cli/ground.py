"""``ground`` and ``sos``: list the grounding exercises, or ask the app to open one.

``ground --list`` only reads the library and prints it. ``ground ID`` and ``sos`` go to the
running app, or start it, like ``breathe``: the app carries them out.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.core.exercises import LibraryLoad

_distress = common.whole_number("distress", 0, 10)


def add_commands(sub: common.Subcommands) -> None:
    ground = sub.add_parser(
        "ground",
        help="list the grounding exercises, or open one",
        description="With --list, print the grounding exercises (yours too). With an ID, open "
        "that exercise in the app.",
        epilog="Example: breathing-room ground 5-4-3-2-1",
    )
    ground.add_argument("exercise", nargs="?", metavar="ID", help="the exercise to open")
    ground.add_argument("--list", action="store_true", help="list the exercises")
    ground.add_argument("--json", action="store_true", help="with --list: print JSON")
    ground.add_argument("--sos", action="store_true", help="open it as part of an SOS")
    ground.set_defaults(handler=_cmd_ground)

    sos = sub.add_parser(
        "sos",
        help="help right now, suited to how distressed you are",
        description="Open the SOS in the app. With --distress, it starts from that level.",
        epilog="Example: breathing-room sos --distress 7 (0 = no distress, 10 = the most you can "
        "imagine)",
    )
    sos.add_argument("--distress", type=_distress, metavar="N", help="how distressed you are, 0-10")
    sos.set_defaults(handler=_cmd_sos)


def _load() -> LibraryLoad:
    from breathingroom.services import exercise_library

    return exercise_library.load()


def _print_list(loaded: LibraryLoad, as_json: bool) -> None:
    exercises = loaded.exercises
    if as_json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "minutes": e.minutes,
                "tags": list(e.tags),
                "band": e.band.value,
                "steps": [{"text": s.text, "seconds": s.seconds} for s in e.steps],
            }
            for e in exercises
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not exercises:
        print("No grounding exercises were found.")
        return
    width = max(len(e.id) for e in exercises)
    band_width = max(len(e.band.value) for e in exercises)
    for e in exercises:
        print(f"{e.id:<{width}}  {e.minutes:>4g} min  {e.band.value:<{band_width}}  {e.title}")


def _cmd_ground(args: argparse.Namespace) -> int:
    if args.list:
        if args.exercise is not None or args.sos:
            raise common.UsageError("--list takes no exercise id and no --sos")
        loaded = _load()
        for error in loaded.errors:
            print(f"breathing-room: skipped {error}", file=sys.stderr)
        _print_list(loaded, args.json)
        return common.EXIT_OK
    if args.json:
        raise common.UsageError("--json goes with --list")
    if args.exercise is None:
        raise common.UsageError("give an exercise id, or --list to see them")
    return common.to_app(ground_request(args.exercise, args.sos, _load()))


def ground_request(exercise_id: str, sos: bool, loaded: LibraryLoad) -> dict[str, Any]:
    """The message that asks the app for an exercise, checked against the library first."""
    if loaded.get(exercise_id) is None:
        known = ", ".join(loaded.ids) or "none found"
        skipped = ""
        if loaded.errors:
            skipped = (
                f"; {len(loaded.errors)} file(s) could not be read, "
                "see 'breathing-room ground --list'"
            )
        raise common.UsageError(f"no exercise is called {exercise_id!r} ({known}){skipped}")
    return {"cmd": "ground", "exercise": exercise_id, "sos": sos}


def _cmd_sos(args: argparse.Namespace) -> int:
    request: dict[str, Any] = {"cmd": "sos"}
    if args.distress is not None:
        request["distress"] = args.distress
    return common.to_app(request)
