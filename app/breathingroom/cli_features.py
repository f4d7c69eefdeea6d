"""Imports the modules that add options and commands to ``breathing-room``.

Each feature appends to ``cli._EXTRA_BREATHE_OPTIONS`` or ``cli._EXTRA_COMMANDS`` when imported.
Keep these modules light: they run on every invocation, before Qt is loaded.
"""

from breathingroom import (
    cli_audio,  # noqa: F401
    cli_journal,  # noqa: F401
)
