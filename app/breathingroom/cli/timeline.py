"""``timeline``: review a week, a month or a year, in the app or rendered to a file.

With no file option it goes to the running app (or starts it), which opens "Review my week" on
the period asked for. ``--screenshot FILE.png`` draws the window offscreen to a picture and
``--pdf FILE.pdf`` writes the report for a therapist; both run in this process, open no window,
and exit.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from breathingroom.cli import common

if TYPE_CHECKING:
    from breathingroom.services.store import Store


def add_commands(sub: common.Subcommands) -> None:
    timeline = sub.add_parser(
        "timeline",
        help="review a week, month or year: in the app, as a picture or as a PDF report",
        description="Open Review my week on a period (this week unless you say), or draw it "
        "to a PNG picture, or write a report for a therapist as a PDF, without a window.",
        epilog="Example: breathing-room timeline --year 2026 --screenshot my-year.png",
    )
    which = timeline.add_mutually_exclusive_group()
    which.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W47")
    which.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-11")
    which.add_argument("--year", metavar="YYYY", help="a year, e.g. 2026")
    which.add_argument("--from", dest="from_day", metavar="DATE", help="first day, YYYY-MM-DD")
    timeline.add_argument("--to", dest="to_day", metavar="DATE", help="last day, with --from")
    timeline.add_argument("--screenshot", metavar="FILE.png", help="draw the window to FILE")
    timeline.add_argument("--pdf", metavar="FILE.pdf", help="write the report to FILE")
    timeline.set_defaults(handler=_cmd_timeline)


def period_of(args: argparse.Namespace) -> tuple[str, str | None, date, date]:
    """The view (week, month, year or a range), its text and its days (this week unless an
    option says otherwise), checked; UsageError with a one-line reason if wrong."""
    from breathingroom.core import review

    if args.to_day and not args.from_day:
        raise common.UsageError("--to goes with --from")
    if args.from_day:
        text, view = None, "range"
        kwargs = {"from_day": args.from_day, "to_day": args.to_day or args.from_day}
    else:
        view = "month" if args.month else "year" if args.year else "week"
        text = args.week or args.month or args.year
        kwargs = {}
    if not (text or kwargs):
        start, end = review.week_range(common.clock.now().date())
        return view, None, start, end
    try:
        start, end = review.parse_period(text, **kwargs)
    except ValueError as exc:
        raise common.UsageError(str(exc)) from None
    if view != "range" and review.period_noun(start, end) != view:
        raise common.UsageError(f"--{view}: {text!r} is not a {view}")
    return view, text, start, end


def _cmd_timeline(args: argparse.Namespace) -> int:
    view, text, start, end = period_of(args)
    for option in (args.screenshot, args.pdf):
        if option is not None and not Path(option).parent.is_dir():
            raise common.UsageError(f"there is no folder to write {option!r} in")
    if args.screenshot is None and args.pdf is None:
        request: dict[str, object] = {"cmd": "timeline", "view": view}
        if text:
            request["period"] = text
        if args.from_day:
            request["from"] = args.from_day
            request["to"] = args.to_day or args.from_day
        return common.to_app(request)
    return _render(args, view, start, end)


def _render(args: argparse.Namespace, view: str, start: date, end: date) -> int:
    store = common.open_store()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window, display or not
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept until the end
    try:
        return _draw(args, view, store, start, end)
    except (OSError, ValueError) as exc:
        print(f"breathing-room: {exc}", file=sys.stderr)
        return common.EXIT_FAILURE
    finally:
        store.close()


def _draw(args: argparse.Namespace, view: str, store: Store, start: date, end: date) -> int:
    """Write the PDF and/or the picture; OSError or ValueError when a file cannot be written."""
    from PySide6.QtWidgets import QApplication

    if args.pdf is not None:
        from breathingroom.ui.timeline.report import write_report

        write_report(Path(args.pdf), store.all_checkins(), store.all_sessions(), start, end)
    if args.screenshot is not None:
        from breathingroom.ui.timeline.window import TimelineWindow

        window = TimelineWindow(store, clock=common.clock)
        window.finish_loading()
        window.show_dates(view, start, end)
        window.resize(1100, 760)
        window.show()
        QApplication.processEvents()
        saved = window.grab().save(args.screenshot, "PNG")
        window.close()
        if not saved:
            raise OSError(f"could not write {args.screenshot}")
    return common.EXIT_OK
