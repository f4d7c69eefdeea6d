"""``log``, ``export``, ``import`` and ``backup``: the journal from the command line.

These run in this process against the database file, whether or not the app is running (SQLite
lets both write). Bad values give a one-line error and exit status 2 with nothing stored; a file
that cannot be imported gives its file, line and reason and exit status 1.

Importing this module is light: the store and importers load only when a command runs.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breathingroom.cli import common
from breathingroom.core.formats import IMPORT_FORMATS

if TYPE_CHECKING:
    pass


def _grid(name: str) -> Callable[[str], int]:
    return common.whole_number(name, 1, 9)


_distress = common.whole_number("distress", 0, 10)


def add_commands(sub: common.Subcommands) -> None:
    log = sub.add_parser(
        "log",
        help="add a check-in to the journal",
        description="Add a check-in: pleasantness and energy on the 1-9 grid, and optionally "
        "distress (0-10), feeling words, body sensations, tags and a note.",
        epilog="Example: breathing-room log --pleasant 7 --energy 3 --feelings calm,rested",
    )
    log.add_argument(
        "--pleasant",
        type=_grid("pleasantness"),
        required=True,
        metavar="1-9",
        help="how pleasant you feel: 1 = very unpleasant, 5 = neither, 9 = very pleasant",
    )
    log.add_argument(
        "--energy",
        type=_grid("energy"),
        required=True,
        metavar="1-9",
        help="how much energy you feel: 1 = very low energy, 5 = middling, 9 = very high energy",
    )
    log.add_argument(
        "--distress",
        type=_distress,
        metavar="0-10",
        help="distress: 0 = none at all, 10 = the most you can imagine",
    )
    for words in ("--feelings", "--sensations", "--tags"):
        log.add_argument(words, type=common.text(words), default="", metavar="WORD,WORD")
    log.add_argument("--note", type=common.text("--note"), default="", metavar="TEXT")
    log.add_argument(
        "--at",
        type=common.text("--at"),
        metavar="ISO-TIME",
        help="when (default now); without an offset, local time",
    )
    log.set_defaults(handler=_cmd_log)

    check_in = sub.add_parser(
        "check-in",
        help="open the check-in window",
        description="Open the check-in window in the app, to note how you feel in a few seconds.",
        epilog="Example: breathing-room check-in",
    )
    check_in.set_defaults(handler=_cmd_check_in)

    export = sub.add_parser(
        "export",
        help="write every check-in, session and imported day fact as CSV or JSON",
        epilog="Example: breathing-room export --format csv -o journal.csv",
    )
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    export.set_defaults(handler=_cmd_export)

    imp = sub.add_parser(
        "import",
        help="add entries from Daylio, Bearable, Pixels or an export of this app",
        description="Import a file in one step: every entry or, if a row is bad, none. Entries "
        "already in the journal are skipped, so importing a file twice adds nothing.",
        epilog="Example: breathing-room import daylio_export.csv --dry-run",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would be added; write nothing"
    )
    imp.add_argument(
        "--mood-map",
        default="",
        metavar="NAME=LEVEL,...",
        help="pleasantness 1-9 for custom mood names, e.g. 'sleepy=4,\"fine, mostly\"=6' (a "
        "name with a comma in double quotes)",
    )
    imp.add_argument(
        "--mood-map-file",
        metavar="FILE",
        help="read mood levels from FILE, one NAME=LEVEL a line",
    )
    imp.add_argument(
        "--assume-tz",
        metavar="ZONE",
        help="the time zone the file's clock times were written in, e.g. Europe/Berlin "
        "(default: this computer's)",
    )
    imp.add_argument(
        "--feelings-group",
        metavar="NAME",
        help="Pixels: the tag group that holds feelings (default: a group named Emotions or "
        "Feelings in a common language)",
    )
    imp.add_argument(
        "--energy-scale",
        type=int,
        choices=(5, 10),
        help="Bearable: read energy on a 1-5 or 1-10 scale (default: found from the file)",
    )
    imp.set_defaults(handler=_cmd_import)

    backup = sub.add_parser(
        "backup",
        help="make a backup of the journal now, list backups, or restore one",
        description="With no option, copy the journal into the backups folder now.",
        epilog="Example: breathing-room backup --list",
    )
    which = backup.add_mutually_exclusive_group()
    which.add_argument("--list", action="store_true", help="list the backups")
    which.add_argument(
        "--restore",
        metavar="FILE",
        help="replace the journal with FILE (a path, or a name from --list); the journal as it "
        "is now is backed up first",
    )
    backup.set_defaults(handler=_cmd_backup)


def _notify_app() -> None:
    """Tell a running app that the journal changed; best effort, never an error."""
    try:
        from breathingroom.services import instance_client, paths

        instance_client.send_to_running({"cmd": "journal-changed"}, paths.current(), timeout=1.0)
    except Exception:  # the entry is saved; a missed nudge only delays a refresh
        pass


def _cmd_check_in(args: argparse.Namespace) -> int:
    return common.to_app({"cmd": "check-in"})


def _cmd_log(args: argparse.Namespace) -> int:
    from breathingroom.core.at_time import AtTimeError, parse_at
    from breathingroom.core.journal import CheckIn, JournalError, split_words

    try:
        now = common.clock.now()
        given = parse_at(args.at, now) if args.at is not None else None
    except AtTimeError as exc:
        raise common.UsageError(str(exc)) from None
    if given is not None and given.note:
        print(f"breathing-room: {given.note}", file=sys.stderr)
    try:
        at = given.moment if given is not None else now
        entry = CheckIn.create(
            at=at,
            pleasant=args.pleasant,
            energy=args.energy,
            distress=args.distress,
            feelings=split_words(args.feelings),
            sensations=split_words(args.sensations),
            tags=split_words(args.tags),
            note=args.note,
            source="cli",
        )
    except JournalError as exc:
        raise common.UsageError(str(exc)) from None
    from breathingroom.services.store import StoreError

    store = common.open_store()
    try:
        store.add_checkin(entry)
    except StoreError as exc:
        return common.failed(str(exc))
    finally:
        store.close()
    print(f"Saved your check-in for {entry.local.strftime('%a %d %b %Y, %H:%M')}.")
    _notify_app()
    return common.EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from breathingroom.core import exporters

    store = common.open_store()
    try:
        checkins, sessions = store.all_checkins(), store.all_sessions()
        facts = store.all_day_facts()
    finally:
        store.close()
    write = exporters.to_csv if args.format == "csv" else exporters.to_json
    text = write(checkins, sessions, facts)
    if args.output and args.output != "-":
        return _write_export(Path(args.output), text)
    else:
        if isinstance(sys.stdout, io.TextIOWrapper):  # not when a test captures it
            sys.stdout.reconfigure(encoding="utf-8", newline="")
        sys.stdout.write(text)
    return common.EXIT_OK


def _write_export(path: Path, text: str) -> int:
    """Write the export to ``path`` whole, or say in one line why nothing was written."""
    from breathingroom.services.atomic import write_atomic
    from breathingroom.services.files import write_failure

    if path.is_dir():
        return common.failed(f"{path} is a folder, not a file: nothing was saved")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        reason = write_failure(exc) or f"{exc.strerror or exc}: nothing was saved"
        return common.failed(f"cannot write {path}: {reason}")
    return common.EXIT_OK


def _import_options(args: argparse.Namespace) -> dict[str, Any]:
    """The parser options the import command's flags ask for; a bad flag is a UsageError."""
    from breathingroom.core import importers

    try:
        mood_map = importers.parse_mood_map(args.mood_map)
    except ValueError as exc:
        raise common.UsageError(f"--mood-map: {exc}") from None
    if args.mood_map_file:
        try:
            text = Path(args.mood_map_file).read_text(encoding="utf-8")
            mood_map.update(importers.parse_mood_map_file(text))
        except OSError as exc:
            raise common.UsageError(
                f"--mood-map-file: cannot read it: {exc.strerror or exc}"
            ) from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise common.UsageError(f"--mood-map-file: {exc}") from None
    if args.assume_tz is not None:
        try:
            zone = importers.zone_by_name(args.assume_tz)
        except ValueError as exc:
            raise common.UsageError(f"--assume-tz: {exc}") from None
        zone_name = args.assume_tz
    else:
        zone, zone_name = importers.system_zone()
    if args.feelings_group is not None and not args.feelings_group.strip():
        raise common.UsageError("--feelings-group: name a tag group")
    return {
        "mood_map": mood_map,
        "zone": zone,
        "zone_name": zone_name,
        "feelings_group": args.feelings_group,
        "energy_scale": args.energy_scale,
    }


def _cmd_import(args: argparse.Namespace) -> int:
    from breathingroom.core import importers

    options = _import_options(args)
    path = Path(args.file)
    try:
        importers.check_input(path)
    except importers.ImportFormatError as exc:
        raise common.UsageError(f"cannot import {exc}") from None
    if args.dry_run:
        try:
            batch = importers.parse(path, str(path), args.format, keep=False, **options)
        except importers.ImportFormatError as exc:
            print(f"breathing-room: nothing was imported. {exc}", file=sys.stderr)
            return common.EXIT_FAILURE
        print(batch.summary())
        print("dry run: nothing was written")
        return common.EXIT_OK
    from breathingroom.services.store import StoreError

    try:
        digest = importers.file_digest(path)
        fmt = args.format if args.format != "auto" else importers.detect_format(path, str(path))
    except OSError as exc:
        raise common.UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except importers.ImportFormatError as exc:
        print(f"breathing-room: nothing was imported. {exc}", file=sys.stderr)
        return common.EXIT_FAILURE
    # Only these formats write wall-clock times, so only for them does the zone matter.
    zone_name = options["zone_name"] if fmt in ("daylio", "bearable", "pixels") else ""
    store = common.open_store()
    try:
        earlier = [e for e in store.earlier_imports(digest) if e.zone]
        other = [e for e in earlier if e.zone != zone_name]
        # Refused only when this zone is new for the file: read in a zone it was already read
        # in, every entry is already there and nothing is doubled.
        same = any(e.zone == zone_name for e in earlier)
        if zone_name and other and not same and args.assume_tz is None:
            print(
                f"breathing-room: nothing was imported. {path.name} was imported before with "
                f"its times read in {other[-1].zone}; this computer's zone is {zone_name}. Say "
                f"--assume-tz {other[-1].zone} to import it as before (nothing is doubled), or "
                f"--assume-tz {zone_name} to read every time again in that zone (each entry is "
                f"then added a second time).",
                file=sys.stderr,
            )
            return common.EXIT_FAILURE
        # The file is read once: each check-in goes into the journal's transaction as it is
        # read, so a large export never needs all its entries in memory. A bad row anywhere
        # leaves the journal as it was.
        with store.importing(file=path.name, format=fmt, zone=zone_name, digest=digest) as sink:
            batch = importers.parse(
                path, str(path), fmt, keep=False, sink=sink.add_checkin, **options
            )
            for entry in batch.checkins:  # the app's own formats keep theirs
                sink.add_checkin(entry)
            for record in batch.sessions:
                sink.add_session(record)
            for fact in batch.facts:
                sink.add_fact(fact)
        result = sink.result
    except importers.ImportFormatError as exc:
        print(f"breathing-room: nothing was imported. {exc}", file=sys.stderr)
        return common.EXIT_FAILURE
    except StoreError as exc:
        return common.failed(f"nothing was imported: {exc}")
    finally:
        store.close()
    if zone_name and any(e.zone == zone_name for e in earlier):
        print(f"this file was imported before with the same time zone ({zone_name})")
    print(batch.summary())
    print(
        f"added {result.added_checkins} check-ins and {result.added_sessions} sessions; "
        f"{result.already_present} were already in your journal"
    )
    if batch.facts:
        print(
            f"kept {importers.plural(result.added_facts, 'day fact')}; {result.facts_present} "
            f"were already in your journal"
        )
    if result.added_checkins or result.added_sessions or result.added_facts:
        _notify_app()
    return common.EXIT_OK


def _cmd_backup(args: argparse.Namespace) -> int:
    from breathingroom.services import backup
    from breathingroom.services.store import StoreError

    store = common.open_store()
    try:
        if args.list:
            copies = backup.list_backups(store.backups_dir)
            others = [
                p for p in backup.all_copies(store.backups_dir) if p not in {c.path for c in copies}
            ]
            if not copies and not others:
                print(f"no backups yet in {store.backups_dir}")
            for copy in copies:
                stamp = copy.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"{copy.path.name}  {stamp}  {copy.size // 1024} KiB")
            for other in others:
                print(f"{other.name}  (kept apart from rotation)")
            return common.EXIT_OK
        if args.restore:
            source = backup.resolve(store.backups_dir, args.restore)
            try:
                safety = backup.restore(store, source)
            except (backup.BackupError, StoreError) as exc:
                return common.failed(f"nothing was restored. {exc}")
            print(f"Restored {source.name}. The journal as it was is kept in {safety}.")
            _notify_app()
            return common.EXIT_OK
        try:
            made = backup.make_backup(store)
        except backup.BackupError as exc:
            return common.failed(f"no backup was made: {exc}")
        backup.rotate(store.backups_dir)
        print(f"Backed up to {made}")
        return common.EXIT_OK
    finally:
        store.close()
