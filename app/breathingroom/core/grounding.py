"""A grounding exercise in progress: which step, how long it has left, what was typed.

:class:`GroundingRun` is a :class:`~breathingroom.core.session.SessionRun` of kind "grounding"
with an open length (``duration=None``) plus the steps. Time comes from the session's clock, so a
pause holds the count-down and a fake clock drives the tests:

- A timed step ends when its seconds are up and the next begins by itself (``check``, called by
  the player's timer). Each step's start is the previous one's start plus its seconds, so the
  count-downs never drift, and a window that was busy for a while catches up step by step.
- A "when ready" step waits for ``next()``.
- ``back()`` returns to the previous step with its full time; ``next()`` on a timed step moves on
  early. Moving past the last step finishes the session (recorded as completed); ``stop()``
  ends it early (recorded unless within its first second, as every session).
- What the person types into a step's prompt stays in :attr:`answers` and goes into the record
  only when they chose to keep it (:attr:`keep_words`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.exercises import Exercise, Step
from breathingroom.core.records import SessionRecord
from breathingroom.core.session import SessionRun, Status


class GroundingRun:
    def __init__(self, exercise: Exercise, clock: Clock = SYSTEM_CLOCK, sos: bool = False) -> None:
        if not exercise.steps:
            raise ValueError(f"exercise {exercise.id!r} has no steps")
        self.exercise = exercise
        params: dict[str, object] = {"steps": len(exercise.steps)}
        if sos:
            params["sos"] = True
        self.session = SessionRun("grounding", exercise.id, None, params, clock)
        self.sos = sos
        self.index = 0
        self._step_start = 0.0
        #: The furthest step reached (0-based), recorded with the session.
        self.reached = 0
        #: What was typed, by step index: one string a field.
        self.answers: dict[int, list[str]] = {}
        #: Keep :attr:`answers` in the journal with the session (the person's choice).
        self.keep_words = False
        #: The person has read the exercise's cautions and chose to start.
        self.cautions_confirmed = not exercise.cautions
        #: Called with the new step's index whenever the step changes.
        self.on_step: Callable[[int], None] | None = None
        self.session.on_end = self._ended
        #: Called once as the session ends, with its record (none for a mis-click).
        self.on_end: Callable[[SessionRecord], None] | None = None

    # -- what it is now --------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.exercise.steps[self.index]

    @property
    def status(self) -> Status:
        return self.session.status

    @property
    def active(self) -> bool:
        return self.session.active

    @property
    def is_last(self) -> bool:
        return self.index == len(self.exercise.steps) - 1

    def step_elapsed(self) -> float:
        return max(self.session.elapsed() - self._step_start, 0.0)

    def step_remaining(self) -> float | None:
        """Seconds left in a timed step; None for a "when ready" one."""
        seconds = self.step.seconds
        if seconds is None:
            return None
        return max(seconds - self.step_elapsed(), 0.0)

    # -- control ---------------------------------------------------------------------------
    def check(self) -> None:
        """Move past every timed step whose time is up (the last one finishes the session)."""
        while self.session.status is Status.RUNNING:
            seconds = self.step.seconds
            if seconds is None or self.step_elapsed() < seconds:
                return
            self._advance(self._step_start + seconds)

    def next(self) -> None:
        """On to the next step now (or finish after the last)."""
        if self.active:
            self._advance(self.session.elapsed())

    def back(self) -> None:
        """Back to the previous step, from its beginning (on the first: start it again)."""
        if self.active:
            self.index = max(self.index - 1, 0)
            self._step_start = self.session.elapsed()
            self._tell_step()

    def pause(self) -> None:
        self.session.pause()

    def resume(self) -> None:
        self.session.resume()

    def toggle_pause(self) -> None:
        self.session.toggle_pause()

    def stop(self) -> None:
        self.session.stop()

    def set_answer(self, index: int, values: list[str]) -> None:
        self.answers[index] = list(values)

    # -- inside ----------------------------------------------------------------------------
    def _advance(self, start: float) -> None:
        if self.is_last:
            self.session.finish()
            return
        self.index += 1
        self.reached = max(self.reached, self.index)
        self._step_start = start
        self._tell_step()

    def _tell_step(self) -> None:
        if self.on_step is not None:
            self.on_step(self.index)

    def _ended(self, record: SessionRecord) -> None:
        params = dict(record.params)
        params["reached"] = len(self.exercise.steps) if record.completed else self.reached + 1
        words = {
            str(i + 1): values
            for i, values in sorted(self.answers.items())
            if any(v.strip() for v in values)
        }
        if self.keep_words and words:
            params["words"] = words
        record = replace(record, params=params)
        self.session.record = record
        if self.on_end is not None:
            self.on_end(record)
