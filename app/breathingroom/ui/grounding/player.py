"""The grounding player: one step at a time, large and calm, with an exit always in reach.

``GroundingWindow`` shows a :class:`~breathingroom.core.grounding.GroundingRun`: the step's text
large, "Step 3 of 7", the time left of a timed step (or "When you are ready"), fields when a
step asks for a few words, and Back / Pause / Next with Stop beside them. Before an exercise
with cautions it lists them first. At the end it asks "How are you now?" (0 to 10, skippable) and
then offers: do it again, another exercise, breathe, or close; after an SOS exercise that did not
bring distress down by 2, it also offers, gently, something different and the safety plan.

Keys: Space pauses and resumes, Left and Right go back and on, Esc stops and closes. A screen
reader hears each new step. In the compact SOS mode the window is small, stays on top and opens
on the screen under the pointer. The one timer (the count-down) runs only while a step is
counting down in a visible window.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QCloseEvent,
    QFont,
    QHideEvent,
    QKeyEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.exercises import Exercise
from breathingroom.core.grounding import GroundingRun
from breathingroom.core.records import SessionRecord
from breathingroom.core.session import Status
from breathingroom.ui.distress import DistressStrip
from breathingroom.ui.theme import LIGHT, Tokens
from breathingroom.ui.windows import fit_to_screen, place_under_pointer

#: How often the count-down is redrawn while a timed step runs.
TICK_MS = 200

#: Offered after an SOS exercise that did not help enough: the label and what to start, or
#: ("", None) when there is nothing else to try: then only the safety plan is offered.
Escalation = tuple[str, Callable[[], None] | None]


def format_left(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d} left" if whole >= 60 else f"{whole} s left"


class GroundingWindow(QWidget):
    #: The session ended (finished or stopped early); carries its SessionRecord.
    session_ended = Signal(object)
    #: The "How are you now?" rating given at the end.
    rated_after = Signal(int)
    #: At the end: start the same exercise again / another one (its id) / a breathing session.
    again_requested = Signal(object)
    exercise_chosen = Signal(str)
    breathe_requested = Signal()
    #: Open the safety plan.
    plan_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ground · Breathing Room")
        self.setAccessibleName("Grounding exercise")
        self.run: GroundingRun | None = None
        self.tokens: Tokens = LIGHT
        self.compact = False
        self.chime: Callable[[], None] | None = None
        #: Asked at the end of an SOS run: something different to offer, or None.
        self.escalation: Callable[[GroundingRun, int], Escalation | None] | None = None
        self._exercises: list[Exercise] = []
        self._fields: list[QLineEdit] = []
        self._long: QPlainTextEdit | None = None
        self._shown_step = -1
        self._fitted = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.refresh)
        self._build()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        top = QHBoxLayout()
        self.title_label = QLabel("", self)
        self.title_label.setAccessibleName("Exercise")
        self.position_label = QLabel("", self)
        self.position_label.setAccessibleName("Step number")
        self.plan_link = QPushButton("My safety plan", self)
        self.plan_link.setFlat(True)
        self.plan_link.setAccessibleName("Open my safety plan")
        self.plan_link.setAutoDefault(False)
        self.plan_link.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.plan_link.clicked.connect(self.plan_requested.emit)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.position_label)
        top.addWidget(self.plan_link)
        outer.addLayout(top)

        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._build_cautions())
        self.pages.addWidget(self._build_step())
        self.pages.addWidget(self._build_end())

    def _big_font(self, scale: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)
        return font

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setMinimumHeight(44)
        button.setAutoDefault(False)
        # Buttons take focus by Tab only, so Space keeps pausing after a click and a word typed
        # into a field never presses one.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    def _build_cautions(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        heading = QLabel("Before you start", page)
        heading.setFont(self._big_font(1.4))
        column.addWidget(heading)
        self.cautions_label = QLabel("", page)
        self.cautions_label.setWordWrap(True)
        self.cautions_label.setAccessibleName("Cautions")
        self.cautions_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.cautions_label, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.other_button = self._button("Choose another", "Choose another exercise", self.close)
        self.start_button = self._button("Start", "Start the exercise", self._start_after_cautions)
        row.addWidget(self.other_button)
        row.addWidget(self.start_button)
        column.addLayout(row)
        return page

    def _build_step(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setSpacing(12)
        column.addStretch(1)
        self.step_label = QLabel("", page)
        self.step_label.setWordWrap(True)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        self.step_label.setFont(self._big_font(1.6))
        self.step_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        column.addWidget(self.step_label)
        self.left_label = QLabel("", page)
        self.left_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.left_label.setAccessibleName("Time left in this step")
        column.addWidget(self.left_label)
        self.prompt_box = QWidget(page)
        self.prompt_layout = QVBoxLayout(self.prompt_box)
        self.prompt_layout.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.prompt_box)
        self.keep_box = QCheckBox("Keep what I write in my journal", page)
        self.keep_box.setAccessibleName("Keep what I write in my journal")
        self.keep_box.toggled.connect(self._keep_toggled)
        column.addWidget(self.keep_box)
        column.addStretch(1)
        row = QHBoxLayout()
        self.back_button = self._button("Back", "Previous step", self.back)
        self.pause_button = self._button("Pause", "Pause", self.toggle_pause)
        self.next_button = self._button("Next", "Next step", self.next)
        self.stop_button = self._button("Stop", "Stop and close", self.close)
        for button in (self.back_button, self.pause_button, self.next_button):
            row.addWidget(button, 1)
        row.addSpacing(12)
        row.addWidget(self.stop_button)
        column.addLayout(row)
        return page

    def _build_end(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setSpacing(12)
        self.end_label = QLabel("", page)
        self.end_label.setWordWrap(True)
        self.end_label.setFont(self._big_font(1.3))
        self.end_label.setAccessibleName("Exercise finished")
        column.addWidget(self.end_label)
        self.after = DistressStrip("How are you now? Distress from 0 to 10 (optional)", page)
        self.after.rated.connect(self._rated)
        self.after.skipped.connect(lambda: self._show_choices(None))
        column.addWidget(self.after)
        self.escalation_label = QLabel("", page)
        self.escalation_label.setWordWrap(True)
        column.addWidget(self.escalation_label)
        escalate_row = QHBoxLayout()
        self.escalate_button = self._button("", "Try something different", self._escalate)
        self.plan_button = self._button(
            "Open my safety plan", "Open my safety plan", self.plan_requested.emit
        )
        escalate_row.addWidget(self.escalate_button)
        escalate_row.addWidget(self.plan_button)
        escalate_row.addStretch(1)
        column.addLayout(escalate_row)
        column.addStretch(1)
        row = QHBoxLayout()
        self.again_button = self._button("Again", "Do this exercise again", self._again)
        self.another_button = QToolButton(page)
        self.another_button.setText("Another exercise")
        self.another_button.setAccessibleName("Choose another exercise")
        self.another_button.setMinimumHeight(44)
        self.another_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.another_menu = QMenu(self.another_button)
        self.another_button.setMenu(self.another_menu)
        self.breathe_button = self._button("Breathe", "Start a breathing session", self._breathe)
        self.close_button = self._button("Close", "Close", self.close)
        for widget in (self.again_button, self.another_button, self.breathe_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.close_button)
        column.addLayout(row)
        self._escalation: Escalation | None = None
        return page

    # -- what it shows ---------------------------------------------------------------------
    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.left_label.setStyleSheet(f"color: {tokens.muted};")
        self.position_label.setStyleSheet(f"color: {tokens.muted};")
        self.title_label.setStyleSheet(f"color: {tokens.muted};")
        self.plan_link.setStyleSheet(f"color: {tokens.muted};")

    def set_exercises(self, exercises: list[Exercise]) -> None:
        """The library, for "Another exercise"."""
        self._exercises = list(exercises)
        self.another_menu.clear()
        for exercise in exercises:
            action = self.another_menu.addAction(f"{exercise.title}  ({exercise.minutes:g} min)")
            action.triggered.connect(functools.partial(self._choose, exercise.id))

    def set_compact(self, compact: bool) -> None:
        """The SOS mode: small, on top, on the screen under the pointer."""
        self.compact = compact
        flags = Qt.WindowType.Window
        if compact:
            flags |= Qt.WindowType.WindowStaysOnTopHint
        self.setWindowFlags(flags)
        self.step_label.setFont(self._big_font(1.3 if compact else 1.6))
        self._fitted = False

    def show_run(self, run: GroundingRun) -> None:
        """Follow ``run`` from now on; a run shown before is stopped (and recorded)."""
        old = self.run
        if old is not None and old is not run:
            self._save_answer()  # what was typed goes with the run it belongs to
            old.on_step = None
            old.stop()
        self.run = run
        run.on_step = lambda _index: self.refresh()
        previous_end = run.on_end

        def ended(record: SessionRecord) -> None:
            if previous_end is not None:
                previous_end(record)
            self.session_ended.emit(record)

        run.on_end = ended
        exercise = run.exercise
        self.setWindowTitle(f"{exercise.title} · Breathing Room")
        self.title_label.setText(exercise.title)
        self._shown_step = -1
        if exercise.cautions and not run.cautions_confirmed:
            run.pause()  # nothing counts down while the cautions are read
            self.cautions_label.setText("\n\n".join(f"• {c}" for c in exercise.cautions))
            self.pages.setCurrentIndex(0)
            self.position_label.setText("")
            self.start_button.setFocus()
        else:
            self.pages.setCurrentIndex(1)
            self.refresh()
        self._sync_timer()

    def refresh(self) -> None:
        """Show the run at this instant; called by the timer and on every change."""
        run = self.run
        if run is None:
            return
        run.check()
        if not run.active:
            self._show_end(run)
            return
        if self.pages.currentIndex() == 0:
            return
        if run.index != self._shown_step:
            self._show_step(run)
        left = run.step_remaining()
        paused = run.status is Status.PAUSED
        text = "When you are ready, go on." if left is None else format_left(left)
        self.left_label.setText(("Paused · " if paused else "") + text)
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if paused else "Pause")
        self._sync_timer()

    def _show_step(self, run: GroundingRun) -> None:
        if self._shown_step >= 0 and self.chime is not None:
            self.chime()
        self._save_answer()
        self._shown_step = run.index
        steps = run.exercise.steps
        step = run.step
        self.position_label.setText(f"Step {run.index + 1} of {len(steps)}")
        self.step_label.setText(step.text)
        self.back_button.setEnabled(run.index > 0)
        self.next_button.setText("Finish" if run.is_last else "Next")
        self.next_button.setAccessibleName("Finish" if run.is_last else "Next step")
        self._build_prompt(run)
        # What a screen reader says: the new step, at once.
        self.step_label.setAccessibleName(f"Step {run.index + 1} of {len(steps)}: {step.text}")
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.step_label, QAccessible.Event.NameChanged)
        )

    def _build_prompt(self, run: GroundingRun) -> None:
        for widget in [*self._fields, self._long]:
            if widget is not None:
                widget.deleteLater()
        self._fields, self._long = [], None
        prompt = run.step.prompt
        self.prompt_box.setVisible(prompt is not None)
        # "Keep" stays in reach on every step after one that asked for words.
        asked = any(step.prompt is not None for step in run.exercise.steps[: run.index + 1])
        self.keep_box.setVisible(asked)
        self.keep_box.blockSignals(True)
        self.keep_box.setChecked(run.keep_words)
        self.keep_box.blockSignals(False)
        if prompt is None:
            return
        saved = run.answers.get(run.index, [])
        if prompt.long:
            box = QPlainTextEdit(self.prompt_box)
            box.setPlaceholderText(prompt.label)
            box.setAccessibleName(prompt.label)
            box.setPlainText(saved[0] if saved else "")
            box.setTabChangesFocus(True)
            self.prompt_layout.addWidget(box)
            self._long = box
        else:
            for number in range(prompt.fields):
                field = QLineEdit(self.prompt_box)
                name = prompt.label if prompt.fields == 1 else f"{prompt.label}, {number + 1}"
                field.setPlaceholderText(name)
                field.setAccessibleName(name)
                if number < len(saved):
                    field.setText(saved[number])
                field.returnPressed.connect(self.focusNextChild)
                self.prompt_layout.addWidget(field)
                self._fields.append(field)

    def _save_answer(self) -> None:
        run = self.run
        if run is None or self._shown_step < 0:
            return
        if self._long is not None:
            run.set_answer(self._shown_step, [self._long.toPlainText()])
        elif self._fields:
            run.set_answer(self._shown_step, [f.text() for f in self._fields])

    def _show_end(self, run: GroundingRun) -> None:
        self._timer.stop()
        if self.pages.currentIndex() == 2:
            return
        self._save_answer()
        if run.status is not Status.FINISHED:
            return  # stopped early: the window closes, no questions asked
        if self.chime is not None:
            self.chime()
        self.pages.setCurrentIndex(2)
        self.position_label.setText("")
        self.end_label.setText(
            f"You finished {run.exercise.title}. Take a moment before you go on."
        )
        self.after.reset()
        self.after.show()
        for widget in (self.escalation_label, self.escalate_button, self.plan_button):
            widget.hide()
        self._escalation = None
        self.after.buttons[0].setFocus()

    def _show_choices(self, after: int | None) -> None:
        run = self.run
        offer = None
        if run is not None and after is not None and self.escalation is not None:
            offer = self.escalation(run, after)
        self._escalation = offer
        for widget in (self.escalation_label, self.escalate_button, self.plan_button):
            widget.hide()
        if offer is not None:
            label, start = offer
            if start is not None:
                self.escalation_label.setText(
                    "If it still feels like a lot, something different may help. "
                    "You can also open your safety plan."
                )
                self.escalate_button.setText(label)
                self.escalate_button.setAccessibleName(label)
                self.escalate_button.show()
            else:
                self.escalation_label.setText(
                    "If it still feels like a lot, your safety plan is here, with the people "
                    "you can reach."
                )
            self.escalation_label.show()
            self.plan_button.show()
        self.again_button.setFocus()

    # -- user intent -----------------------------------------------------------------------
    def _start_after_cautions(self) -> None:
        run = self.run
        if run is None:
            return
        run.cautions_confirmed = True
        run.session.restart()  # it starts now, not when the cautions were shown
        self.pages.setCurrentIndex(1)
        self.refresh()

    def next(self) -> None:
        if self.run is not None and self.pages.currentIndex() == 1:
            self._save_answer()
            self.run.next()
            self.refresh()

    def back(self) -> None:
        if self.run is not None and self.pages.currentIndex() == 1:
            self._save_answer()
            self.run.back()
            self.refresh()

    def toggle_pause(self) -> None:
        if self.run is not None and self.pages.currentIndex() == 1:
            self.run.toggle_pause()
            self.refresh()

    def _keep_toggled(self, on: bool) -> None:
        if self.run is not None:
            self.run.keep_words = on

    def _rated(self, value: int) -> None:
        self.rated_after.emit(value)
        self._show_choices(value)

    def _escalate(self) -> None:
        if self._escalation is not None:
            _label, start = self._escalation
            if start is not None:
                start()

    def _again(self) -> None:
        if self.run is not None:
            self.again_requested.emit(self.run.exercise)

    def _choose(self, exercise_id: str, _checked: bool = False) -> None:
        self.exercise_chosen.emit(exercise_id)

    def _breathe(self) -> None:
        self.close()
        self.breathe_requested.emit()

    # -- Qt --------------------------------------------------------------------------------
    def _sync_timer(self) -> None:
        run = self.run
        counting = (
            run is not None
            and run.status is Status.RUNNING
            and self.pages.currentIndex() == 1
            and run.step.seconds is not None
        )
        should_run = counting and self.isVisible() and not self.isMinimized()
        if should_run and not self._timer.isActive():
            self._timer.start()
        elif not should_run and self._timer.isActive():
            self._timer.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        typing = isinstance(self.focusWidget(), QLineEdit | QPlainTextEdit)
        if key == Qt.Key.Key_Escape:
            self.close()
        elif typing:
            super().keyPressEvent(event)
            return
        elif key == Qt.Key.Key_Space and self.pages.currentIndex() == 1:
            self.toggle_pause()
        elif key == Qt.Key.Key_Right:
            self.next()
        elif key == Qt.Key.Key_Left:
            self.back()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            if self.compact:
                self._place_compact()
            else:
                fit_to_screen(self, 520, 520)
        super().showEvent(event)
        self._sync_timer()

    def _place_compact(self) -> None:
        place_under_pointer(self, 400, 420, share=0.6)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_timer()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_answer()
        run = self.run
        if run is not None and run.active:
            run.stop()
        self._timer.stop()
        super().closeEvent(event)
