"""Grounding exercises: what one is made of (the library's TOML files are read into these).

An :class:`Exercise` is a titled list of :class:`Step`\\ s. A step either lasts ``seconds`` (the
player counts it down and moves on by itself) or waits until the person is ready
(``seconds is None``). A step may ask for a few words (:class:`Prompt`): "five things you can
see" gives five short fields. What is typed stays in memory unless the person chooses to keep it.

``band`` says which level of distress the exercise suits (see :class:`Band`); the SOS uses it
when it has no history of its own to go by.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path


class Band(enum.StrEnum):
    """How stirred up a person is, by distress from 0 to 10, and what kind of exercise fits.

    At very high distress thinking-based skills stop working and the body comes first; as it
    eases, the senses; when calm enough, reflective exercises.
    """

    HIGH = "high"  # 8-10: body first
    MIDDLE = "middle"  # 5-7: senses and orienting
    LOW = "low"  # 0-4: reflective

    @classmethod
    def for_distress(cls, distress: int) -> Band:
        if not 0 <= distress <= 10:
            raise ValueError(f"distress is 0 to 10 (got {distress})")
        if distress >= 8:
            return cls.HIGH
        if distress >= 5:
            return cls.MIDDLE
        return cls.LOW


@dataclass(frozen=True)
class Prompt:
    """A request for a few words during a step."""

    #: What the fields are for, e.g. "Five things you can see".
    label: str
    #: How many short fields (1 to 5), or one larger text box when ``long``.
    fields: int = 1
    #: One large, free text box (a free-write) instead of short fields.
    long: bool = False


@dataclass(frozen=True)
class Step:
    text: str
    #: Seconds the step lasts before the next begins by itself; None waits until ready.
    seconds: float | None = None
    prompt: Prompt | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    #: One line saying what it is and when it helps.
    summary: str
    #: About how long it takes.
    minutes: float
    band: Band
    steps: tuple[Step, ...]
    tags: tuple[str, ...] = ()
    #: Shown before it starts; the person confirms they have read them.
    cautions: tuple[str, ...] = ()
    #: Shipped with the app (False: the person's own file).
    builtin: bool = True

    @property
    def timed_seconds(self) -> float:
        """The seconds of its timed steps together ("when ready" steps not counted)."""
        return sum(s.seconds for s in self.steps if s.seconds is not None)


# --- Reading exercises from TOML files -------------------------------------------------------
#
# The file format (README.md, "Your own grounding exercises", shows a whole file):
#
#   id = "my-calm"            lowercase letters, digits and dashes
#   title = "…"               what the library lists
#   summary = "…"             one line: what it is and when it helps
#   minutes = 3               about how long it takes (0.5 to 120)
#   band = "middle"           "high", "middle" or "low" (see Band)
#   tags = ["senses"]         optional
#   cautions = ["…"]          optional, shown before it starts
#
#   [[steps]]                 one table per step, in order
#   text = "…"
#   seconds = 30              the step lasts this long (1 to 600) ...
#   when_ready = true         ... or waits until the person is ready: exactly one of the two
#   [steps.prompt]            optional: ask for a few words during this step
#   label = "…"
#   fields = 3                optional, 1 to 5 short fields (1 if left out)
#   long = true               optional, one large box for free writing instead
#
# Every key not listed here is an error, so a typo never passes silently.

#: An exercise id: lowercase letters and digits, in groups joined by single dashes.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
MIN_STEP_SECONDS, MAX_STEP_SECONDS = 1, 600
MIN_MINUTES, MAX_MINUTES = 0.5, 120
MAX_PROMPT_FIELDS = 5

_TOP_KEYS = ("id", "title", "summary", "minutes", "band", "tags", "cautions", "steps")
_STEP_KEYS = ("text", "seconds", "when_ready", "prompt")
_PROMPT_KEYS = ("label", "fields", "long")


class ExerciseError(ValueError):
    """A file that is not a valid exercise; the message names the file, the step and the problem."""


def is_exercise_id(text: object) -> bool:
    return (
        isinstance(text, str)
        and len(text) <= MAX_ID_LENGTH
        and ID_PATTERN.fullmatch(text) is not None
    )


def _shown(value: object) -> str:
    """A value as it looks in the file, for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return str(value)


class _Checker:
    """Reads one table of a file, raising ExerciseError with where the problem is."""

    def __init__(self, source: str, where: str, table: dict[str, Any], known: tuple[str, ...]):
        self.source = source
        self.where = where
        self.table = table
        for key in table:
            if key not in known:
                import difflib

                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(f"unknown key {key!r}{hint}")

    def fail(self, problem: str) -> NoReturn:
        raise ExerciseError(f"{self.source}: {self.where}{problem}")

    def text(self, key: str) -> str:
        if key not in self.table:
            self.fail(f"{key!r} is missing")
        value = self.table[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a text in quotes (got {_shown(value)})")
        return value.strip()

    def number(self, key: str, low: float, high: float, unit: str) -> float:
        value = self.table[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            self.fail(
                f"{key!r} must be a number of {unit} from {low:g} to {high:g} (got {_shown(value)})"
            )
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail(f'{key!r} must be a list of texts in quotes, like ["one", "two"]')
        return tuple(item.strip() for item in value)

    def flag(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            self.fail(f"{key!r} must be true or false (got {_shown(value)})")
        return value


def _prompt(source: str, where: str, value: object) -> Prompt:
    if not isinstance(value, dict):
        raise ExerciseError(f"{source}: {where}'prompt' must be a [steps.prompt] table")
    check = _Checker(source, f"{where}prompt: ", value, _PROMPT_KEYS)
    label = check.text("label")
    long = check.flag("long")
    fields = value.get("fields", 1)
    if (
        isinstance(fields, bool)
        or not isinstance(fields, int)
        or not 1 <= fields <= MAX_PROMPT_FIELDS
    ):
        check.fail(
            f"'fields' must be a whole number from 1 to {MAX_PROMPT_FIELDS} (got {_shown(fields)})"
        )
    if long and fields != 1:
        check.fail("'long = true' is one large box: leave 'fields' out")
    return Prompt(label=label, fields=fields, long=long)


def _step(source: str, number: int, value: object) -> Step:
    where = f"step {number}: "
    if not isinstance(value, dict):
        raise ExerciseError(f"{source}: {where}a step must be a [[steps]] table")
    check = _Checker(source, where, value, _STEP_KEYS)
    text = check.text("text")
    timed, waits = "seconds" in value, "when_ready" in value
    if timed and waits:
        check.fail("give 'seconds' or 'when_ready = true', not both")
    if not timed and not waits:
        check.fail("needs 'seconds = N' (it lasts N seconds) or 'when_ready = true'")
    seconds: float | None = None
    if timed:
        seconds = check.number("seconds", MIN_STEP_SECONDS, MAX_STEP_SECONDS, "seconds")
    elif value["when_ready"] is not True:
        check.fail(f"'when_ready' can only be true (got {_shown(value['when_ready'])})")
    prompt = _prompt(source, where, value["prompt"]) if "prompt" in value else None
    return Step(text=text, seconds=seconds, prompt=prompt)


def _toml_error(source: str, exc: Exception) -> ExerciseError:
    message = str(exc)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        where = f"line {found[1]}, column {found[2]}"
        message = message[: found.start()]
    else:
        found = re.search(r"\s*\(at end of document\)$", message)
        where = "at the end of the file"
        if found:
            message = message[: found.start()]
    return ExerciseError(f"{source}: {where}: not valid TOML: {message}")


def parse_exercise(text: str, source: str, builtin: bool) -> Exercise:
    """Read one exercise file's text; ``source`` names it in error messages."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(source, exc) from None
    check = _Checker(source, "", data, _TOP_KEYS)
    if "id" not in data:
        check.fail("'id' is missing")
    if not is_exercise_id(data["id"]):
        check.fail(
            "'id' must be lowercase letters, digits and single dashes, up to "
            f'{MAX_ID_LENGTH} characters, like "my-calm" (got {_shown(data["id"])})'
        )
    title, summary = check.text("title"), check.text("summary")
    for key in ("minutes", "band", "steps"):
        if key not in data:
            check.fail(f"{key!r} is missing")
    minutes = check.number("minutes", MIN_MINUTES, MAX_MINUTES, "minutes")
    band = data["band"]
    if band not in {b.value for b in Band}:
        check.fail(f'\'band\' must be "high", "middle" or "low" (got {_shown(band)})')
    steps = data["steps"]
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        check.fail("'steps' must be [[steps]] tables, one for each step")
    if not steps:
        check.fail("needs at least one [[steps]]")
    return Exercise(
        id=data["id"],
        title=title,
        summary=summary,
        minutes=minutes,
        band=Band(band),
        steps=tuple(_step(source, n, s) for n, s in enumerate(steps, start=1)),
        tags=check.texts("tags"),
        cautions=check.texts("cautions"),
        builtin=builtin,
    )


class LibraryLoad(NamedTuple):
    """What loading the library gave: the exercises in order, and one message per skipped file.

    A plain pair too, so ``exercises, errors = load_library(...)`` works.
    """

    exercises: list[Exercise]
    errors: list[str]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


def load_library(folders: Iterable[tuple[Traversable | Path, bool]]) -> LibraryLoad:
    """Every ``*.toml`` in each folder, by file name, built-in folders first.

    ``folders`` pairs a folder with whether it is shipped (``True``) or the person's own. A folder
    that does not exist is passed over. A file that cannot be read, is not a valid exercise, or
    reuses an id already loaded is skipped, and its message says why; the rest still load. Files
    are named by their name when built in and by their full path when they are the person's own.
    """
    exercises: dict[str, Exercise] = {}
    sources: dict[str, str] = {}
    errors: list[str] = []
    for folder, builtin in sorted(folders, key=lambda pair: not pair[1]):
        if not folder.is_dir():
            continue
        try:
            files = [f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()]
        except OSError as exc:
            errors.append(f"{folder}: cannot be read ({exc.strerror or exc})")
            continue
        for file in sorted(files, key=lambda f: f.name):
            if file.name.startswith("."):
                continue
            source = file.name if builtin else str(file)
            try:
                try:
                    text = file.read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    raise ExerciseError(f"{source}: not UTF-8 text") from None
                except OSError as exc:
                    raise ExerciseError(f"{source}: cannot be read ({exc.strerror})") from None
                exercise = parse_exercise(text, source, builtin)
            except ExerciseError as exc:
                errors.append(str(exc))
                continue
            earlier = exercises.get(exercise.id)
            if earlier is not None:
                if earlier.builtin and not builtin:
                    errors.append(
                        f"{source}: the id {exercise.id!r} belongs to a built-in exercise; "
                        "give yours another id"
                    )
                else:
                    errors.append(
                        f"{source}: the id {exercise.id!r} is already used by "
                        f"{sources[exercise.id]}; give one of them another id"
                    )
                continue
            exercises[exercise.id] = exercise
            sources[exercise.id] = source
    return LibraryLoad(exercises=list(exercises.values()), errors=errors)
