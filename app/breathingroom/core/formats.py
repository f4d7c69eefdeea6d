"""The names of the file formats the journal imports, in one place.

Light on purpose (it imports nothing): the command line lists these names in ``--help`` on every
run, while the importers themselves load only when a file is read.
"""

from __future__ import annotations

#: ``auto`` guesses from the content; the others name a format outright.
IMPORT_FORMATS = ("auto", "daylio", "bearable", "pixels", "csv", "json")
