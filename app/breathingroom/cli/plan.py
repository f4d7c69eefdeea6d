"""``plan``: open the safety plan in the app, print it as text, or write it to a PDF.

With no option, ``plan`` goes to the running app (or starts it), like ``breathe``, and the app
opens "My safety plan". ``--text`` and ``--pdf`` read the saved plan from the journal in this
process, whether or not the app is running. ``--text`` loads no Qt; ``--pdf`` loads only what
drawing a PDF needs, on the offscreen platform, and shows no window.

A saved plan that cannot be read gives one line saying why, and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.core.safety_plan import SafetyPlan

#: The plan's title, as the window and the printout show it.
TITLE = "My safety plan"
#: Said under a section the person has not written yet.
NOTHING_YET = "(nothing written yet)"


def add_commands(sub: common.Subcommands) -> None:
    plan = sub.add_parser(
        "plan",
        help="open your safety plan, print it, or write it to a PDF",
        description="With no option, open your safety plan in the app. With --text, print it "
        "here; with --pdf, write it to a PDF file without opening a window.",
        epilog="Example: breathing-room plan --pdf my-safety-plan.pdf",
    )
    which = plan.add_mutually_exclusive_group()
    which.add_argument("--text", action="store_true", help="print the plan as plain text")
    which.add_argument("--pdf", metavar="FILE", help="write the plan to FILE as a PDF")
    plan.set_defaults(handler=_cmd_plan)


def _cmd_plan(args: argparse.Namespace) -> int:
    if not args.text and args.pdf is None:
        return common.to_app({"cmd": "plan"})
    if args.pdf is not None:
        folder = Path(args.pdf).parent
        if not args.pdf.strip() or Path(args.pdf).is_dir():
            raise common.UsageError("--pdf needs a file name")
        if not folder.is_dir():
            raise common.UsageError(f"there is no folder {str(folder)!r} to write the PDF in")
    saved = _saved_plan()
    if saved is None:
        return common.EXIT_FAILURE
    if args.text:
        sys.stdout.write(plan_text(saved))
        return common.EXIT_OK
    return _write_pdf(saved, Path(args.pdf))


def _saved_plan() -> SafetyPlan | None:
    """The saved plan (empty if none was saved), or None after saying why it cannot be read."""
    import sqlite3

    from breathingroom.core.safety_plan import SafetyPlanError
    from breathingroom.services.store import Store, StoreError

    try:
        store = Store.open(clock=common.clock)
    except StoreError as exc:
        print(f"breathing-room: {exc}", file=sys.stderr)
        return None
    try:
        return store.safety_plan()
    except (SafetyPlanError, sqlite3.Error) as exc:
        print(f"breathing-room: your safety plan cannot be read: {exc}", file=sys.stderr)
        return None
    finally:
        store.close()


def plan_text(plan: SafetyPlan) -> str:
    """The plan as plain text: the headings in the window's order, each with the person's lines."""
    from breathingroom.core.safety_plan import EMERGENCY_WORDS, NOT_A_SERVICE, SECTIONS

    out = [TITLE, ""]
    number = 0
    for item in SECTIONS:
        lines = plan.lines(item.key)
        if item.optional and not lines:
            continue
        heading = item.heading
        if not item.optional:
            number += 1
            heading = f"{number}. {heading}"
        out.append(heading)
        out.extend(f"  {line}" for line in lines or [NOTHING_YET])
        out.append("")
    out.append("Help contacts")
    contacts = [c.describe() for c in plan.contacts if not c.is_blank]
    out.extend(f"  {line}" for line in contacts or [NOTHING_YET])
    out.append("")
    number_text = plan.emergency_number.strip()
    if number_text:
        out.append(f"Your local emergency number: {number_text}")
    else:
        out.append(f"In an emergency, call {EMERGENCY_WORDS}.")
    out.append("")
    out.append(NOT_A_SERVICE)
    return "\n".join(out) + "\n"


def _write_pdf(plan: SafetyPlan, target: Path) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a PDF needs fonts, not a screen
    from PySide6.QtGui import QGuiApplication

    from breathingroom.ui.safety.plan import print_to_pdf

    app = QGuiApplication.instance() or QGuiApplication(["breathing-room"])  # noqa: F841 - kept alive while drawing
    try:
        print_to_pdf(plan, target)
    except OSError as exc:
        print(f"breathing-room: the PDF was not written: {exc}", file=sys.stderr)
        return common.EXIT_FAILURE
    print(f"Wrote your safety plan to {target}")
    return common.EXIT_OK
