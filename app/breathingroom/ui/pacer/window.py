"""The pacer window: a breathing shape, the phase in words, its count-down, and a way out.

The window renders ``Session.state_at(clock.elapsed())`` on a precise timer that runs only while
the window is visible and the session is running. A paused, finished or hidden pacer runs no
timer. Time comes from an injected clock, so tests move it by hand.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.pacing import BreathState, Session, SessionClock
from breathingroom.core.patterns import Pattern
from breathingroom.core.session import Status
from breathingroom.ui.pacer.run import BreathingRun
from breathingroom.ui.pacer.view import STYLES, PacerView
from breathingroom.ui.theme import LIGHT, Tokens
from breathingroom.ui.windows import fit_to_screen, place_under_pointer

if TYPE_CHECKING:
    from breathingroom.ui.distress import DistressStrip

#: Frame interval while the shape moves (about 60 frames a second).
FRAME_MS = 16
#: With reduced motion only the counts change, once a second; a few checks a second suffice.
STILL_FRAME_MS = 200

GENTLE_HINT = "Breathe gently, in through the nose if you can, no deeper than usual."
FINISH_HINT = "Notice how your body feels now. Stay as long as you like."


def format_clock(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds - 1e-9))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PacerWindow(QWidget):
    """Shows one session at a time. ``start()`` begins one; Stop or Esc ends it."""

    #: The run's new :class:`Status` ("running", "paused", "finished" or "stopped").
    status_changed = Signal(str)
    #: A session ended (finished or stopped early); carries its SessionRecord.
    session_ended = Signal(object)
    #: The user chose another pattern in the window (its id).
    pattern_chosen = Signal(str)
    style_chosen = Signal(str)
    reduced_motion_toggled = Signal(bool)
    edit_patterns = Signal()
    #: "Again" after a session ended: the app starts a new one like it (carries the old run).
    again_requested = Signal(object)

    def __init__(
        self,
        patterns: list[Pattern],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._patterns = list(patterns)
        self.run: BreathingRun | None = None
        self.distress: DistressStrip | None = None
        self._last_label = ""
        self.tokens: Tokens = LIGHT

        self.setWindowTitle("Breathe · Breathing Room")  # the pattern is added by start()
        self.setAccessibleName("Breathing pacer")
        self.resize(440, 560)
        self._fitted = False
        #: Small and on top (the SOS), see :meth:`set_compact`.
        self.compact = False
        self._normal_size: QSize | None = None

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.refresh)

        self._build()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.pattern_box = QComboBox()
        self.pattern_box.setAccessibleName("Breathing pattern")
        self.pattern_box.setToolTip("Breathing pattern (Left and Right arrow keys)")
        self.pattern_box.activated.connect(self._pattern_activated)
        self._fill_patterns()

        self.style_box = QComboBox()
        self.style_box.setAccessibleName("Pacer style")
        for key, name in STYLES.items():
            self.style_box.addItem(name, key)
        self.style_box.activated.connect(
            lambda i: self.style_chosen.emit(self.style_box.itemData(i))
        )
        self.style_chosen.connect(self.set_pacer_style)

        self.options = QToolButton()
        self.options.setText("⋯")
        self.options.setAccessibleName("More options")
        self.options.setToolTip("More options")
        self.options.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.options)
        self.reduced_action = QAction("Reduce motion", self, checkable=True)
        self.reduced_action.toggled.connect(self.reduced_motion_toggled)
        self.reduced_motion_toggled.connect(self.set_reduced_motion)
        self.fullscreen_action = QAction("Full screen", self, checkable=True)
        self.fullscreen_action.setShortcut("F11")
        self.fullscreen_action.toggled.connect(self._set_full_screen)
        menu.addAction(self.reduced_action)
        menu.addAction(self.fullscreen_action)
        patterns_action = QAction("Your patterns…", self)
        patterns_action.triggered.connect(self.edit_patterns)
        menu.addAction(patterns_action)
        self.addAction(self.fullscreen_action)
        self.options_menu = menu
        self.options.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(self.pattern_box, 1)
        top.addWidget(self.style_box)
        top.addWidget(self.options)

        self.view = PacerView()

        big = QFont(self.font())
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 2.0)
        self.phase_label = QLabel("")
        self.phase_label.setFont(big)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setAccessibleDescription("Breathing phase")

        count_font = QFont(big)
        count_font.setPointSizeF(big.pointSizeF() * 0.8)
        count_font.setFeature(QFont.Tag("tnum"), 1)
        self.count_label = QLabel("")
        self.count_label.setFont(count_font)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label.setAccessibleDescription("Seconds left in this phase")

        self.hint_label = QLabel(GENTLE_HINT)
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setAccessibleDescription("Hint")

        self.time_label = QLabel("")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_label.setAccessibleDescription("Time left in the session")
        tnum = QFont(self.time_label.font())
        tnum.setFeature(QFont.Tag("tnum"), 1)
        self.time_label.setFont(tnum)

        self.pause_button = QPushButton("Pause")
        self.pause_button.setAccessibleName("Pause")
        self.pause_button.setToolTip("Pause or resume (Space)")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.restart_button = QPushButton("Restart")
        self.restart_button.setAccessibleName("Restart the session")
        self.restart_button.clicked.connect(self.restart)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop and close")
        self.stop_button.setToolTip("Stop and close (Esc)")
        self.stop_button.clicked.connect(self.close)
        for button in (self.pause_button, self.restart_button, self.stop_button):
            button.setAutoDefault(True)  # Enter presses the focused button (Space pauses)
            button.setMinimumHeight(44)
            button.setMinimumWidth(88)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)

        self.side_panel = QVBoxLayout()  # room for the before/after check-in strip

        # Controls take focus by Tab only: after a click the breathing guide keeps the focus,
        # so Space still pauses; a keyboard user who tabs to a button presses it with Space.
        for control in (
            self.pattern_box,
            self.style_box,
            self.options,
            self.pause_button,
            self.restart_button,
            self.stop_button,
        ):
            control.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.count_label)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.side_panel)
        layout.addWidget(self.time_label)
        layout.addLayout(buttons)
        # Space and Esc act wherever the focus is (a rating button, a list, Skip): window-wide
        # shortcuts come before the focused widget's own use of the key.
        for sequence, slot in (("Space", self._space), ("Esc", self._escape)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._order_tabs()
        self.view.setFocus()

    def _order_tabs(self) -> None:
        """Tab follows what is seen: choices, the guide, the rating, then the buttons."""
        chain: list[QWidget] = [self.pattern_box, self.style_box, self.options, self.view]
        if self.distress is not None:
            chain += [*self.distress.buttons, self.distress.skip_button]
        chain += [self.pause_button, self.restart_button, self.stop_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _fill_patterns(self) -> None:
        current = self.pattern_box.currentData()
        self.pattern_box.clear()
        for p in self._patterns:
            self.pattern_box.addItem(p.label, p.id)
        index = self.pattern_box.findData(current)
        if index >= 0:
            self.pattern_box.setCurrentIndex(index)

    def set_patterns(self, patterns: list[Pattern]) -> None:
        self._patterns = list(patterns)
        self._fill_patterns()

    # -- appearance ------------------------------------------------------------------------
    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.view.set_tokens(tokens)
        muted = f"color: {tokens.muted};"
        self.hint_label.setStyleSheet(muted)
        self.time_label.setStyleSheet(muted)
        self._update_labels(force=True)

    def set_pacer_style(self, style: str) -> None:
        self.view.set_style(style)
        index = self.style_box.findData(style)
        if index >= 0:
            self.style_box.setCurrentIndex(index)

    def set_reduced_motion(self, on: bool) -> None:
        self.view.set_reduced_motion(on)
        self.reduced_action.blockSignals(True)
        self.reduced_action.setChecked(on)
        self.reduced_action.blockSignals(False)
        self._timer.setInterval(STILL_FRAME_MS if on else FRAME_MS)
        self.style_box.setEnabled(not on)
        self.style_box.setToolTip(
            "Turn off Reduce motion to choose a style" if on else "Pacer style"
        )

    def ask_distress(self, prompt: str, on_rated: Callable[[int], None]) -> None:
        """Offer a skippable 0-10 rating beside the pacer; it never holds the session up."""
        from breathingroom.ui.distress import DistressStrip

        if self.distress is None:
            self.distress = DistressStrip(prompt, self)
            self.distress.skipped.connect(self.hide_distress)
            for button in (*self.distress.buttons, self.distress.skip_button):
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves Space to pause
                button.setAutoDefault(True)  # a keyboard user rates with Enter
            self.side_panel.addWidget(self.distress)
            self._order_tabs()
        else:
            self.distress.rated.disconnect()
            self.distress.reset(prompt)
        # A rating belongs to the question asked now: the focus leaves the old numbers, so no
        # key meant for something else can answer the new question with the old answer.
        self._focus_out_of_distress()
        self.distress.rated.connect(on_rated)
        self.distress.show()

    def hide_distress(self) -> None:
        if self.distress is not None:
            self._focus_out_of_distress()
            self.distress.hide()

    def _focus_out_of_distress(self) -> None:
        strip = self.distress
        focus = self.focusWidget()
        if strip is not None and focus is not None and strip.isAncestorOf(focus):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_compact(self, compact: bool) -> None:
        """The SOS mode: a small window that stays on top, on the screen under the pointer."""
        if compact == self.compact:
            return
        self.compact = compact
        visible = self.isVisible()
        flags = Qt.WindowType.Window
        if compact:
            flags |= Qt.WindowType.WindowStaysOnTopHint
        self.setWindowFlags(flags)  # hides the window: shown again by the caller
        # Small means only the breath: no pattern or style choice, no hint, no restart.
        for widget in (
            self.pattern_box,
            self.style_box,
            self.options,
            self.hint_label,
            self.restart_button,
        ):
            widget.setVisible(not compact)
        if compact:
            self._normal_size = self.size()
            place_under_pointer(self, 340, 380, share=0.5)
        elif self._normal_size is not None:
            self.resize(self._normal_size)
        if visible:
            self.show()

    def add_option_menu(self, menu: QMenu) -> None:
        """Add a submenu (such as Sound) to the options button."""
        self.options_menu.insertMenu(self.reduced_action, menu)

    def _set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # -- the session -----------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.run.session if self.run else None

    @property
    def clock(self) -> SessionClock | None:
        return self.run.clock if self.run else None

    @property
    def status(self) -> Status:
        return self.run.status if self.run else Status.STOPPED

    @property
    def minutes(self) -> int | None:
        return self.run.minutes if self.run else None

    def show_run(self, run: BreathingRun) -> None:
        """Follow ``run`` from now on; a run shown before is stopped."""
        if self.run is not None and self.run is not run:
            old, self.run = self.run, None
            old.status_changed.disconnect(self._run_status)
            old.stop()  # its end is still announced, so it is recorded
            old.ended.disconnect(self.session_ended)
            old.deleteLater()
        self.run = run
        run.setParent(self)
        self.hide_distress()
        run.status_changed.connect(self._run_status)
        run.ended.connect(self.session_ended)
        pattern = run.pattern
        index = self.pattern_box.findData(pattern.id)
        if index < 0:
            self.pattern_box.addItem(pattern.label, pattern.id)
            index = self.pattern_box.count() - 1
            self._patterns.append(pattern)
        else:
            # A one-off pattern (``--custom``) keeps its id from one run to the next, but not
            # its numbers: the list shows the pattern this run follows.
            self.pattern_box.setItemText(index, pattern.label)
            self._patterns = [pattern if p.id == pattern.id else p for p in self._patterns]
        self.pattern_box.setCurrentIndex(index)
        self._show_controls(run.status)
        self.status_changed.emit(run.status)
        self.refresh()
        self._sync_timer()

    def state(self) -> BreathState | None:
        return self.run.state() if self.run else None

    def refresh(self) -> None:
        """Draw the state at this instant; called by the frame timer and by tests."""
        run = self.run
        if run is None:
            return
        run.check()
        state = run.state()
        self.view.set_state(run.session, state)
        self._update_labels(state)

    def _update_labels(self, state: BreathState | None = None, force: bool = False) -> None:
        state = state or self.state()
        if state is None:
            return
        label = state.label
        if label != self._last_label or force:
            self._last_label = label
            self.phase_label.setText(label)
            self.phase_label.setStyleSheet(f"color: {self.tokens.text};")
        count = "" if state.finished else str(state.count)
        if self.count_label.text() != count:
            self.count_label.setText(count)
        if state.finished:
            text = f"{state.total_cycles} breaths · {format_clock(state.elapsed)}"
        else:
            text = (
                f"{format_clock(state.session_remaining)} left · "
                f"breath {state.cycle} of {state.total_cycles}"
            )
            if self.status is Status.PAUSED:
                text = "Paused · " + text
        if self.time_label.text() != text:
            self.time_label.setText(text)

    def toggle_pause(self) -> None:
        if self.run is not None:
            self.run.toggle_pause()

    def restart(self) -> None:
        """Start again: the same run from its first breath, or a new one after the end."""
        run = self.run
        if run is None:
            return
        if run.active:
            run.restart()
            self.refresh()
        else:
            self.again_requested.emit(run)

    def _run_status(self, status: str) -> None:
        self._show_controls(status)
        self._sync_timer()
        self.status_changed.emit(status)
        self.refresh()

    def _show_controls(self, status: str) -> None:
        finished = status == Status.FINISHED
        paused = status == Status.PAUSED
        pattern = self.run.pattern if self.run else None
        if pattern is not None:  # the title says a pause too, in the task bar and to tools
            state = "Paused · " if paused else ""
            self.setWindowTitle(f"{state}{pattern.name} · Breathe · Breathing Room")
        if finished:
            self.hint_label.setText(FINISH_HINT)
        elif pattern is not None:
            caution = f" {pattern.caution}" if pattern.caution else ""
            self.hint_label.setText(GENTLE_HINT + caution)
        self.pause_button.setEnabled(Status(status).active)
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if paused else "Pause")
        self.restart_button.setText("Again" if finished else "Restart")
        self.restart_button.setAccessibleName(
            "Breathe again" if finished else "Restart the session"
        )
        self.stop_button.setText("Close" if finished else "Stop")
        self.stop_button.setAccessibleName("Close" if finished else "Stop and close")

    def _sync_timer(self) -> None:
        should_run = self.isVisible() and not self.isMinimized() and self.status is Status.RUNNING
        if should_run and not self._timer.isActive():
            self._timer.start()
        elif not should_run and self._timer.isActive():
            self._timer.stop()

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    # -- user intent -----------------------------------------------------------------------
    def _pattern_activated(self, index: int) -> None:
        pattern_id = self.pattern_box.itemData(index)
        if self.session is not None and pattern_id == self.session.pattern.id:
            return
        self.pattern_chosen.emit(pattern_id)

    def step_pattern(self, step: int) -> None:
        count = self.pattern_box.count()
        if count == 0:
            return
        index = (self.pattern_box.currentIndex() + step) % count
        self.pattern_box.setCurrentIndex(index)
        self._pattern_activated(index)

    def _space(self) -> None:
        if self.status is Status.FINISHED:
            self.restart()
        else:
            self.toggle_pause()

    def _escape(self) -> None:
        if self.isFullScreen():
            self.fullscreen_action.setChecked(False)
        else:
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space:
            self._space()
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif self.compact and key in (
            Qt.Key.Key_Right,
            Qt.Key.Key_Down,
            Qt.Key.Key_Left,
            Qt.Key.Key_Up,
        ):
            pass  # the SOS pacer has no pattern to change: nothing to choose in a hard moment
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.step_pattern(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.step_pattern(-1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, self.width(), self.height())
        super().showEvent(event)
        self.refresh()
        self._sync_timer()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._sync_timer()  # minimised: nothing to draw

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_timer()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.run is not None:
            self.run.stop()
        self._timer.stop()
        super().closeEvent(event)
