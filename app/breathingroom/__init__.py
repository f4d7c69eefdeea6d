"""Breathing Room: a calm tray companion for paced breathing, grounding and a mood journal."""

__version__ = "0.1.0"

#: The one application id: desktop file, AppStream metainfo, icon names, the instance socket.
APP_ID = "io.github.breathingroom.BreathingRoom"
