"""Messages between a second ``breathing-room`` invocation and the running app.

One JSON object per line, versioned: ``{"v": 1, "cmd": "breathe", ...}``. Everything is checked
here before the app acts on it; anything unexpected raises :class:`MessageError`.
"""

from __future__ import annotations

import json
from typing import Any

from breathingroom.core.exercises import is_exercise_id
from breathingroom.core.limits import MAX_CYCLES, MAX_MINUTES, MIN_MINUTES
from breathingroom.core.sound import SOUND_CHOICES

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024


#: What "Review my week" can open on.
TIMELINE_VIEWS = ("week", "month", "year", "range")


class MessageError(ValueError):
    pass


def _int(data: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise MessageError(f"{key!r} must be a whole number from {low} to {high}")
    return value


def _str(data: dict[str, Any], key: str, limit: int = 200) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > limit:
        raise MessageError(f"{key!r} must be a short text")
    return value


#: The fields each command may carry, checked by ``validate``.
COMMANDS = {
    "show",
    "breathe",
    "ground",
    "check-in",
    "sos",
    "plan",
    "timeline",
    "stop",
    "quit",
    "journal-changed",
    "settings-changed",
    "settings",
    "status",
    "pause",
    "resume",
    "tray",
}
#: The longest pause ``pause MINUTES`` takes: a day.
MAX_PAUSE_MINUTES = 24 * 60


def encode(request: dict[str, Any]) -> bytes:
    return (json.dumps({"v": VERSION, **request}, ensure_ascii=False) + "\n").encode("utf-8")


def decode(line: bytes) -> dict[str, Any]:
    """Parse and validate one message; the result holds only known, checked fields."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise MessageError("message too long")
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MessageError(f"not JSON: {exc}") from None
    except RecursionError:
        raise MessageError("nested too deeply") from None
    return validate(data)


def validate(data: object) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MessageError("a message is a JSON object")
    if data.get("v") != VERSION:
        raise MessageError(f"unsupported message version {data.get('v')!r}")
    cmd = data.get("cmd")
    if cmd not in COMMANDS:
        raise MessageError(f"unknown command {cmd!r}")
    out: dict[str, Any] = {"cmd": cmd}
    if cmd == "breathe":
        pattern, custom = _str(data, "pattern"), _str(data, "custom")
        if pattern and custom:
            raise MessageError("give 'pattern' or 'custom', not both")
        minutes = _int(data, "minutes", MIN_MINUTES, MAX_MINUTES)
        cycles = _int(data, "cycles", 1, MAX_CYCLES)
        if minutes is not None and cycles is not None:
            raise MessageError("give 'minutes' or 'cycles', not both")
        sound = data.get("sound")
        if sound is not None and sound not in SOUND_CHOICES:
            raise MessageError(f"'sound' must be one of {', '.join(SOUND_CHOICES)}")
        audio_only = data.get("audio_only", False)
        if not isinstance(audio_only, bool):
            raise MessageError("'audio_only' must be true or false")
        out.update(
            pattern=pattern,
            custom=custom,
            minutes=minutes,
            cycles=cycles,
            sound=sound,
            volume=_int(data, "volume", 0, 100),
            audio_only=audio_only,
        )
    elif cmd == "ground":
        exercise = data.get("exercise")
        if not is_exercise_id(exercise):
            raise MessageError("'exercise' must be an exercise id")
        sos = data.get("sos", False)
        if not isinstance(sos, bool):
            raise MessageError("'sos' must be true or false")
        out.update(exercise=exercise, sos=sos)
    elif cmd == "pause":
        out.update(minutes=_int(data, "minutes", 1, MAX_PAUSE_MINUTES))
    elif cmd == "sos":
        out.update(distress=_int(data, "distress", 0, 10))
    elif cmd == "timeline":
        view = data.get("view", "week")
        if view not in TIMELINE_VIEWS:
            raise MessageError(f"'view' must be one of {', '.join(TIMELINE_VIEWS)}")
        out.update(
            view=view,
            period=_str(data, "period", 10),
            **{"from": _str(data, "from", 10), "to": _str(data, "to", 10)},
        )
    return out
