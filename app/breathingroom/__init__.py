"""Breathing Room: a calm tray companion for paced breathing, grounding and a mood journal."""

__version__ = "0.1.0"
