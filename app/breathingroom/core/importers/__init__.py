"""Importers: Daylio, Bearable and Pixels exports, and the app's own JSON and CSV.

Every parser takes the file's bytes and returns an :class:`ImportBatch`, or raises
:class:`ImportFormatError` (file, line, reason) and nothing else. Nothing here writes anything:
the store adds a batch in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import tzinfo

from breathingroom.core.formats import IMPORT_FORMATS as FORMATS
from breathingroom.core.importers import bearable, daylio, own, pixels
from breathingroom.core.importers.base import (
    ImportBatch,
    ImportFormatError,
    UnmappedMoodsError,
    parse_mood_map,
)

__all__ = [
    "FORMATS",
    "ImportBatch",
    "ImportFormatError",
    "UnmappedMoodsError",
    "detect_format",
    "parse",
    "parse_mood_map",
]


def detect_format(data: bytes, file: str) -> str:
    """Guess the format from the content; raises :class:`ImportFormatError` if none fits."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
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
    data: bytes,
    file: str,
    fmt: str = "auto",
    *,
    mood_map: Mapping[str, int] | None = None,
    zone: tzinfo | None = None,
) -> ImportBatch:
    """Read ``data`` (the bytes of ``file``) as ``fmt``; ``zone=None`` means the local zone."""
    if fmt == "auto":
        fmt = detect_format(data, file)
    if fmt == "daylio":
        return daylio.parse(data, file, mood_map=mood_map, zone=zone)
    if fmt == "bearable":
        return bearable.parse(data, file, mood_map=mood_map, zone=zone)
    if fmt == "pixels":
        return pixels.parse(data, file, mood_map=mood_map, zone=zone)
    if fmt == "json":
        return own.parse_json(data, file)
    if fmt == "csv":
        return own.parse_csv(data, file)
    raise ImportFormatError(file, 0, f"unknown format {fmt!r}")
