"""The pacer: its window, the breathing figure, the run it shows, and your own patterns."""
