"""Grounding: the exercise player and the SOS that starts the right one."""
