"""The sound choices a session can have, in one place (light: no numpy)."""

from __future__ import annotations

from typing import Literal

#: What plays: chimes at each phase change, a breath tone, or both.
CueMode = Literal["chimes", "tone", "both"]
CUE_MODES: tuple[CueMode, ...] = ("chimes", "tone", "both")
#: The sound setting: a cue mode, or nothing at all.
SoundChoice = Literal["off", "chimes", "tone", "both"]
SOUND_CHOICES: tuple[SoundChoice, ...] = ("off", *CUE_MODES)
#: A session with no window needs something to hear: "off" becomes this.
SOUND_ONLY_DEFAULT: CueMode = "chimes"
