"""Grounding in the running app: the library, the player, the SOS, and what gets recorded.

``GroundingControl`` loads the exercise library on first use (a file with mistakes is named
once, the rest still load), starts an exercise in the player, and runs the SOS: it asks how much
distress there is (unless the command line already said), picks what has helped this person at
that level (``core.helps``), or the default for the level, and starts it at once. A breathing
choice is handed to the app through ``breathe_requested``. Every exercise is recorded in the
journal with the distress before and after; after an SOS exercise that did not bring distress
down by 2, the player offers something from another level and the safety plan, never more.

The SOS window is built ahead (``prepare``, called once shortly after start-up) so the key press
of a person in crisis meets a ready window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.exercises import Band, Exercise
from breathingroom.core.grounding import GroundingRun
from breathingroom.core.records import SessionRecord
from breathingroom.core.session import Status
from breathingroom.services.settings import Settings
from breathingroom.ui.journal.control import JournalControl
from breathingroom.ui.theme import LIGHT, Tokens

if TYPE_CHECKING:
    from breathingroom.core.helps import Choice
    from breathingroom.core.patterns import Pattern
    from breathingroom.ui.grounding.helps_window import WhatHelpsWindow
    from breathingroom.ui.grounding.player import Escalation, GroundingWindow
    from breathingroom.ui.grounding.sos import SosWindow

log = logging.getLogger(__name__)

#: The library and the reasons files were skipped.
Library = tuple[list[Exercise], list[str]]


class GroundingControl(QObject):
    #: The SOS (or the player's "Breathe") wants a breathing session: the pattern id (or "" for
    #: the usual one) and the distress rating already given, if any.
    breathe_requested = Signal(str, object)
    #: "What works for me" starts a breathing pattern (its id), in the usual window.
    breathe_chosen = Signal(str)
    #: Open the safety plan.
    plan_requested = Signal()
    #: Something for the person to know (an exercise file that could not be read).
    notice = Signal(str)
    #: An exercise started (the app ends a breathing session in progress) or ended.
    started = Signal()
    #: A few words for the tray while an exercise runs, or "" when none does.
    status = Signal(str)

    def __init__(
        self,
        settings: Settings,
        journal: JournalControl,
        load_library: Callable[[], Library],
        clock: Clock = SYSTEM_CLOCK,
        chime: Callable[[], None] | None = None,
        parent: QObject | None = None,
        sos_window: SosWindow | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.journal = journal
        self._load = load_library
        self._clock = clock
        self._chime = chime
        self._library: list[Exercise] | None = None
        self._told: set[str] = set()
        self.run: GroundingRun | None = None
        self._window: GroundingWindow | None = None
        self._sos: SosWindow | None = None
        self._helps: WhatHelpsWindow | None = None
        if sos_window is not None:
            self._adopt(sos_window)  # shown before the app was built (started by the SOS key)
        self._session_id: object = None
        self._sos_choice: Choice | None = None
        self.tokens: Tokens = LIGHT

    # -- the library -----------------------------------------------------------------------
    def exercises(self) -> list[Exercise]:
        if self._library is None:
            exercises, problems = self._load()
            self._library = exercises
            for problem in problems:
                if problem not in self._told:  # once, however often the library is read
                    self._told.add(problem)
                    self.notice.emit(f"An exercise file was skipped: {problem}")
        return self._library

    def find(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises() if e.id == exercise_id), None)

    def reload(self) -> None:
        self._library = None

    def helping(self) -> list[str]:
        """Grounding exercise ids that help this person, most helpful first (for the menu)."""
        from breathingroom.core.helps import what_helps

        ranked = what_helps(self._sessions(), pinned=self._pinned())
        return [h.choice.id for h in ranked if h.choice.kind == "grounding" and h.helped]

    # -- windows ---------------------------------------------------------------------------
    @property
    def player(self) -> GroundingWindow | None:
        """The player window, once built."""
        return self._window

    @property
    def sos_window_if_built(self) -> SosWindow | None:
        return self._sos

    def window(self) -> GroundingWindow:
        if self._window is None:
            from breathingroom.ui.grounding.player import GroundingWindow
            from breathingroom.ui.tray import app_icon

            window = GroundingWindow()
            window.setWindowIcon(app_icon())
            window.set_tokens(self.tokens)
            window.set_exercises(self.exercises())
            window.chime = self._chime_if_on
            window.escalation = self._escalation
            window.session_ended.connect(self._ended)
            window.rated_after.connect(self._rated_after)
            window.again_requested.connect(
                lambda exercise: self.ground(exercise.id, sos=window.compact)
            )
            window.exercise_chosen.connect(lambda eid: self.ground(eid, sos=window.compact))
            window.breathe_requested.connect(lambda: self.breathe_requested.emit("", None))
            window.plan_requested.connect(self.plan_requested.emit)
            self._window = window
        return self._window

    def sos_window(self) -> SosWindow:
        if self._sos is None:
            from breathingroom.ui.grounding.sos import SosWindow

            self._adopt(SosWindow())
        assert self._sos is not None
        return self._sos

    def _adopt(self, sos: SosWindow) -> None:
        from breathingroom.ui.tray import app_icon

        sos.setWindowIcon(app_icon())
        sos.chosen.connect(self.route)
        sos.help_requested.connect(self._show_help)
        self._sos = sos

    def what_helps(self) -> WhatHelpsWindow:
        """ "What works for me": the ranking from the journal, with pins to set by hand."""
        if self._helps is None:
            from breathingroom.core.library import all_patterns
            from breathingroom.ui.grounding.helps_window import (
                WhatHelpsWindow,
                choices_from,
                titles_from,
            )
            from breathingroom.ui.tray import app_icon

            def patterns() -> list[Pattern]:
                return all_patterns(self.settings.custom_patterns())

            window = WhatHelpsWindow(
                self.settings,
                self._sessions,
                titles_from(self.exercises(), patterns()),
                lambda choice: self._start(choice, None, sos=False),
                lambda: choices_from(self.exercises(), patterns()),
            )
            window.setWindowIcon(app_icon())
            self._helps = window
        self._helps.show()
        self._helps.raise_()
        self._helps.activateWindow()
        return self._helps

    def prepare(self) -> None:
        """Build the SOS window and read the library now, so the first SOS opens at once."""
        self.sos_window().ensurePolished()
        self.exercises()

    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        if self._window is not None:
            self._window.set_tokens(tokens)

    # -- actions ---------------------------------------------------------------------------
    def ground(
        self, exercise_id: str, sos: bool = False, distress_before: int | None = None
    ) -> bool:
        """Start ``exercise_id`` in the player; False (and a notice) if there is no such one."""
        exercise = self.find(exercise_id)
        if exercise is None:
            self.reload()  # a file added since the library was read
            exercise = self.find(exercise_id)
        if exercise is None:
            known = ", ".join(e.id for e in self.exercises())
            self.notice.emit(f"There is no exercise called {exercise_id!r}. Known: {known}.")
            return False
        self.started.emit()
        run = GroundingRun(exercise, self._clock, sos=sos)
        run.session.distress_before = distress_before
        run.session.on_status = lambda _s: self._tell_status()
        self.run = run
        self._session_id = None
        window = self.window()
        if window.compact != sos:
            window.set_compact(sos)
        window.show_run(run)
        window.show()
        window.raise_()
        window.activateWindow()
        self._tell_status()
        return True

    def sos(self, distress: int | None = None, ask: bool = True) -> None:
        """The SOS: ask how bad it is (unless ``distress`` is known), then start what fits."""
        if distress is None and ask:
            self.sos_window().ask()
        else:
            self.route(distress)

    def route(self, distress: int | None) -> None:
        """Start what fits ``distress`` (None: the question was skipped)."""
        from breathingroom.core.helps import sos_choice

        available = self._available()
        choice = sos_choice(distress, self._sessions(), self._pinned(), available)
        self._start(choice, distress)

    def stop(self) -> None:
        """End the exercise in progress (recorded), and close the player."""
        if self._window is not None:
            self._window.close()
        elif self.run is not None:
            self.run.stop()

    def close(self) -> None:
        self.stop()
        for window in (self._window, self._sos, self._helps):
            if window is not None:
                window.close()
                window.deleteLater()
        self._window = self._sos = self._helps = None

    # -- inside ----------------------------------------------------------------------------
    def _show_help(self) -> None:
        """The emergency number in words, the person's contacts, and their plan, in the SOS."""
        import sqlite3  # loaded with the journal, never at start-up

        from breathingroom.core.safety_plan import SafetyPlan, SafetyPlanError
        from breathingroom.ui.safety.plan import NeedHelpPanel

        store = self.journal.store
        plan = SafetyPlan()
        if store is not None:
            try:
                plan = store.safety_plan()
            except (SafetyPlanError, OSError, sqlite3.Error) as exc:
                log.warning("could not read the safety plan: %s", exc)
        sos = self.sos_window()
        panel = sos.help_panel
        if isinstance(panel, NeedHelpPanel):
            panel.set_plan(plan)
        else:
            panel = NeedHelpPanel(plan, self.plan_requested.emit, sos)
        sos.show_help(panel)

    def _start(self, choice: Choice, distress: int | None, sos: bool = True) -> None:
        self._sos_choice = choice
        if choice.kind == "grounding":
            self.ground(choice.id, sos=sos, distress_before=distress)
        elif sos:
            self.breathe_requested.emit(choice.id, distress)
        else:
            self.breathe_chosen.emit(choice.id)

    def _available(self) -> set[str]:
        from breathingroom.core.library import all_patterns

        patterns = all_patterns(self.settings.custom_patterns())
        return {f"grounding:{e.id}" for e in self.exercises()} | {
            f"breathing:{p.id}" for p in patterns
        }

    def _sessions(self) -> list[SessionRecord]:
        store = self.journal.store
        if store is None:
            return []
        try:
            return store.all_sessions()
        except Exception as exc:  # the SOS must start even if the journal cannot be read
            log.warning("could not read sessions for the SOS: %s", exc)
            return []

    def _pinned(self) -> Sequence[str]:
        pinned = self.settings.get("helps_pinned")
        return list(pinned) if isinstance(pinned, list) else []

    def _chime_if_on(self) -> None:
        if self._chime is not None and self.settings.get("sound") != "off":
            self._chime()

    def _escalation(self, run: GroundingRun, after: int) -> Escalation | None:
        from breathingroom.core.helps import Choice, escalation, should_escalate

        before = run.session.distress_before
        if not run.sos or not should_escalate(before, after):
            return None
        assert before is not None
        tried = Choice("grounding", run.exercise.id)
        offer = escalation(
            tried,
            Band.for_distress(before),
            self._available(),
            self._sessions(),
            before=before,
            after=after,
            bands={f"grounding:{e.id}": e.band for e in self.exercises()},
        )
        if offer is None:
            return "", None  # nothing else fits: the safety plan is offered on its own
        if offer.kind == "grounding":
            found = self.find(offer.id)
            label = f"Try {found.title}" if found is not None else f"Try {offer.id}"
        else:
            label = "Try slow breathing"
        return label, lambda: self._start(offer, after)

    def _ended(self, record: SessionRecord) -> None:
        self._session_id = self.journal.add_session(record)
        self._tell_status()

    def _rated_after(self, value: int) -> None:
        if self._session_id is not None:
            self.journal.set_distress_after(self._session_id, value)

    def _tell_status(self) -> None:
        run = self.run
        if run is not None and run.active:
            word = "Grounding" if run.status is Status.RUNNING else "Paused"
            self.status.emit(f"{word}: {run.exercise.title}")
        else:
            self.status.emit("")
