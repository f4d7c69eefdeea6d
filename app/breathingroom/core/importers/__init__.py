"""Importers: Daylio, Bearable and Pixels exports, and the app's own JSON and CSV.

Every parser takes the file's bytes and returns an :class:`ImportBatch`, or raises
:class:`ImportFormatError` (file, line, reason) and nothing else. Nothing here writes anything:
the store adds a batch in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from datetime import tzinfo

from breathingroom.core.formats import IMPORT_FORMATS as FORMATS
from breathingroom.core.importers import base, bearable, daylio, own, pixels
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    Source,
    UnmappedMoodsError,
    check_input,
    file_digest,
    guess_level,
    parse_mood_map,
    parse_mood_map_file,
    plural,
    system_zone,
    zone_by_name,
)
from breathingroom.core.journal import CheckIn

__all__ = [
    "FORMATS",
    "ImportBatch",
    "ImportFormatError",
    "Source",
    "UnmappedMoodsError",
    "check_input",
    "detect_format",
    "file_digest",
    "guess_level",
    "parse",
    "parse_mood_map",
    "parse_mood_map_file",
    "plural",
    "system_zone",
    "zone_by_name",
]


def detect_format(data: Source, file: str) -> str:
    """Guess the format from the content; raises :class:`ImportFormatError` if none fits."""
    head = base.head_of(data).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"["):
        return "pixels"
    try:
        first = head.decode("utf-8", "replace")
        header = next(csv.reader(io.StringIO(first.split("\n", 1)[0])), [])
    except csv.Error:
        header = []
    names = [h.strip().lower() for h in header]
    if daylio.looks_like(names):
        return "daylio"
    if bearable.looks_like(names):
        return "bearable"
    if {"record", "at", "pleasant", "energy"} <= set(names):
        return "csv"
    raise ImportFormatError(
        file,
        1,
        "the format is not recognised; name it with --format daylio|bearable|pixels|csv|json",
    )


def parse(
    data: Source,
    file: str,
    fmt: str = "auto",
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
    zone_name: str = "",
    feelings_group: str | None = None,
    energy_scale: int | None = None,
    keep: bool = True,
    sink: Callable[[CheckIn], None] | None = None,
) -> ImportBatch:
    """Read ``data`` (the bytes of ``file``, or its path, streamed) as ``fmt``.

    ``zone`` (named ``zone_name``) is the time zone of files with wall-clock times; ``None``
    means the computer's. ``feelings_group`` names the Pixels tag group that holds feelings;
    ``energy_scale`` (5 or 10) overrides the scale Bearable's energy is read on. With
    ``keep=False`` check-ins are counted for the summary but not kept (a dry run, or an
    import that hands each to ``sink`` as it is read). The app's own formats always keep theirs.
    """
    if fmt == "auto":
        fmt = detect_format(data, file)
    if zone is None:
        zone, zone_name = system_zone()
    if fmt == "daylio":
        return daylio.parse(
            data, file, mood_map=mood_map, zone=zone, zone_name=zone_name, keep=keep, sink=sink
        )
    if fmt == "bearable":
        return bearable.parse(data, file, zone=zone, zone_name=zone_name, energy_scale=energy_scale)
    if fmt == "pixels":
        return pixels.parse(
            data,
            file,
            zone=zone,
            zone_name=zone_name,
            feelings_group=feelings_group,
            keep=keep,
            sink=sink,
        )
    if fmt == "json":
        return own.parse_json(base.read_source(data, file), file)
    if fmt == "csv":
        return own.parse_csv(base.read_source(data, file), file)
    raise ImportFormatError(file, 0, f"unknown format {fmt!r}")
