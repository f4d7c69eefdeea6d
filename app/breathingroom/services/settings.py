"""The user's settings: one JSON file, written atomically, never a reason to crash.

A file that cannot be read as settings is moved aside (``settings.json.corrupt-<local time>``,
the time read from the :class:`~breathingroom.core.clock.Clock` given) with a warning and defaults
are used. A single value of the wrong type falls back to its default alone.

Two processes write this file: the running app and a command such as ``patterns --save``. A save
writes only the values this copy changed since its last save, over what the file holds now, read
again under a lock (``settings.json.lock``); so neither undoes the other's changes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from breathingroom.core.breaks import is_hhmm
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.helps import MAX_PINNED, is_choice_key
from breathingroom.core.limits import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES
from breathingroom.core.patterns import Pattern, PatternError, pattern_from_dict
from breathingroom.core.sound import SOUND_CHOICES
from breathingroom.services.atomic import write_atomic

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: saves are not locked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1

Validator = Callable[[Any], bool]


def _one_of(*choices: object) -> Validator:
    return lambda value: value in choices


def _int_range(low: int, high: int) -> Validator:
    return lambda value: (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    )


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 200


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _is_pinned_list(value: object) -> bool:
    """The user's "what works for me" order: up to 20 keys shaped ``breathing:ID`` or
    ``grounding:ID``."""
    return (
        isinstance(value, list)
        and len(value) <= MAX_PINNED
        and all(is_choice_key(item) for item in value)
    )


def _is_weekdays(value: object) -> bool:
    """Days of the week, 0 (Monday) to 6, each once."""
    return (
        isinstance(value, list)
        and all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in value)
        and len(set(value)) == len(value)
    )


def _is_reminder_times(value: object) -> bool:
    """One or two times of day, ``HH:MM``."""
    return isinstance(value, list) and 1 <= len(value) <= 2 and all(is_hhmm(t) for t in value)


#: Every setting, its default and what a valid value looks like.
SCHEMA: dict[str, tuple[object, Validator]] = {
    "theme": ("system", _one_of("system", "light", "dark")),
    "reduced_motion": (False, _is_bool),
    "last_pattern": ("coherent", _is_str),
    "pacer_style": ("circle", _one_of("circle", "wave", "bar")),
    "minutes": (DEFAULT_MINUTES, _int_range(MIN_MINUTES, MAX_MINUTES)),
    "custom_patterns": ([], _is_list),
    "sound": ("off", _one_of(*SOUND_CHOICES)),
    "volume": (60, _int_range(0, 100)),
    "ask_distress": (True, _is_bool),
    "helps_pinned": ([], _is_pinned_list),
    # Break invitations and check-in reminders (see core/breaks.py).
    "breaks_on": (False, _is_bool),
    "break_every_minutes": (60, _int_range(1, 240)),
    "break_minutes": (2, _int_range(MIN_MINUTES, 10)),
    "break_card": (False, _is_bool),
    "break_days": ([0, 1, 2, 3, 4], _is_weekdays),
    "break_from": ("08:00", is_hhmm),
    "break_until": ("20:00", is_hhmm),
    "break_decompress": (True, _is_bool),
    "reminders_on": (False, _is_bool),
    "reminder_times": (["10:00", "16:00"], _is_reminder_times),
    #: The welcome window was shown once, on the first start; "Welcome…" shows it again.
    "welcome_shown": (False, _is_bool),
    # Set on the first start: the welcome is owed, at this start or, if it asked for something
    # else, at the next plain one.
    "welcome_due": (False, _is_bool),
}


class Settings:
    """Typed access to the settings file; every change is saved at once."""

    def __init__(
        self,
        path: Path | None,
        values: dict[str, Any] | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._path = path
        self._clock = clock
        self._values: dict[str, Any] = {}
        self._listeners: list[Callable[[str, Any], None]] = []
        #: What went wrong while loading, for the UI to show once; empty when all was well.
        self.warnings: list[str] = []
        #: Why the last save failed (a full or read-only disk), or None after one that worked.
        self.last_save_error: OSError | None = None
        #: Keys changed here and not yet saved: a save writes these and leaves the rest.
        self._unsaved: set[str] = set()
        self._lock_depth = 0
        for key, value in (values or {}).items():
            self._accept(key, value)
        self._unsaved.update(self._values)

    # -- loading and saving ----------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, *, clock: Clock = SYSTEM_CLOCK) -> Settings:
        settings = cls(path, clock=clock)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return settings
        except OSError as exc:
            settings.warnings.append(
                f"Could not read the settings file ({exc.strerror}); using defaults."
            )
            log.warning("could not read %s: %s", path, exc)
            return settings
        try:
            data = _parse(raw)
        except ValueError as exc:
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")  # local time, as names always had
            aside = path.with_name(f"{path.name}.corrupt-{stamp}")
            try:
                path.rename(aside)
                where = f"it was moved to {aside}"
            except OSError:
                where = "it could not be moved aside"
            message = f"The settings file was damaged ({exc}); {where}. Defaults are in use."
            settings.warnings.append(message)
            log.warning("%s", message)
            return settings
        for key, value in data.items():
            if key == "version":
                continue
            settings._accept(key, value)
        return settings

    def reload(self) -> None:
        """Read the file again (another process changed it) and announce what differs."""
        if self._path:
            fresh = Settings.load(self._path, clock=self._clock)
        else:
            fresh = Settings(None, clock=self._clock)
        changed = [k for k in SCHEMA if fresh.get(k) != self.get(k)]
        self._values = fresh._values
        self._unsaved.clear()
        for key in changed:
            for listener in list(self._listeners):
                listener(key, self.get(key))

    def _accept(self, key: str, value: Any) -> None:
        spec = SCHEMA.get(key)
        if spec is None:
            log.info("ignoring unknown setting %r", key)
            return
        if not spec[1](value):
            message = f"The setting {key!r} had an invalid value; using the default."
            self.warnings.append(message)
            log.warning("%s (%r)", message, value)
            return
        self._values[key] = value

    def save(self) -> None:
        """Write the values changed here over the file as it is now; raises OSError."""
        if self._path is None:
            return
        with self._locked():
            on_disk = self._read_current()
            for key in self._unsaved:
                if key in self._values:
                    on_disk[key] = self._values[key]
                else:
                    on_disk.pop(key, None)
            data = {**on_disk, "version": FORMAT_VERSION}
            text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
            write_atomic(self._path, text.encode("utf-8"))
        self._unsaved.clear()

    def _read_current(self) -> dict[str, Any]:
        """The file's valid values (and keys a newer version wrote); empty if it cannot be read."""
        assert self._path is not None
        try:
            data = _parse(self._path.read_bytes())
        except (OSError, ValueError):
            return {}
        kept: dict[str, Any] = {}
        for key, value in data.items():
            spec = SCHEMA.get(key)
            if spec is None:
                if key != "version":
                    kept[key] = value  # not ours to drop
            elif spec[1](value):
                kept[key] = value
        return kept

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the settings lock (an advisory ``flock`` beside the file) for a read and write."""
        if self._path is None or fcntl is None or self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path.with_name(self._path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
        finally:
            os.close(fd)  # releases the lock

    # -- access ----------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        default, _ = SCHEMA[key]
        value = self._values.get(key, default)
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> None:
        default, valid = SCHEMA[key]
        if not valid(value):
            raise ValueError(f"invalid value for {key!r}: {value!r}")
        if self._values.get(key, default) == value and key in self._values:
            return
        self._values[key] = value
        self._unsaved.add(key)
        try:
            self.save()
            self.last_save_error = None
        except OSError as exc:
            # A full or read-only disk must not stop a breathing session: keep the value for
            # now (the next save tries again) and say why it may not last.
            self.last_save_error = exc
            log.warning("could not save the settings to %s: %s", self._path, exc)
        for listener in list(self._listeners):
            listener(key, value)

    def on_change(self, listener: Callable[[str, Any], None]) -> None:
        self._listeners.append(listener)

    # -- custom patterns -------------------------------------------------------------------
    def custom_patterns(self) -> list[Pattern]:
        patterns = []
        for item in self.get("custom_patterns"):
            try:
                patterns.append(pattern_from_dict(item))
            except PatternError as exc:
                log.warning("skipping a saved pattern: %s", exc)
        return patterns

    def add_custom_pattern(self, pattern: Pattern) -> None:
        self._change_patterns(
            lambda mine: [*(p.to_dict() for p in mine if p.id != pattern.id), pattern.to_dict()]
        )

    def remove_custom_pattern(self, pattern_id: str) -> None:
        self._change_patterns(lambda mine: [p.to_dict() for p in mine if p.id != pattern_id])

    def _change_patterns(self, change: Callable[[list[Pattern]], list[dict[str, Any]]]) -> None:
        """Change the list of patterns as the file holds it now, under the lock, so a pattern
        saved by another process meanwhile is kept."""
        try:
            with self._locked():
                self._adopt_saved_patterns()
                self.set("custom_patterns", change(self.custom_patterns()))
            return
        except OSError as exc:  # the lock cannot be made: the save below fails and says why
            log.warning("could not lock the settings at %s: %s", self._path, exc)
        self.set("custom_patterns", change(self.custom_patterns()))

    def _adopt_saved_patterns(self) -> None:
        if self._path is None or "custom_patterns" in self._unsaved:
            return  # a change of ours not yet saved comes first
        current = self._read_current().get("custom_patterns")
        if current is not None:
            self._values["custom_patterns"] = current
        else:
            self._values.pop("custom_patterns", None)


def _parse(raw: bytes) -> dict[str, Any]:
    """The settings object in ``raw``; ValueError (with a short reason) if it is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if _depth(data) > MAX_DEPTH:
        raise ValueError("nested too deeply")
    return data


#: Settings are a few levels deep (a list of patterns, each with a list of phases); far more is
#: damage, and would fail later in ``repr`` or ``json.dumps``.
MAX_DEPTH = 32


def _depth(value: object) -> int:
    """How deeply ``value`` nests lists and objects, counted without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest
