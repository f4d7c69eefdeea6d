"""How long a session may last, in one place (no imports: the command line reads it at start)."""

MIN_MINUTES = 1
MAX_MINUTES = 60
DEFAULT_MINUTES = 5
MAX_CYCLES = 1000
