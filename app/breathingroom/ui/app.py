"""Start-up and wiring: one running copy, the tray (or the home window), and the pacer.

``run()`` is what the command line calls. ``BreathingRoom`` holds the pieces and turns requests
(from the tray, the home window or another invocation) into actions. It is built explicitly from
its parts, so tests can build it alone.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from breathingroom import __version__
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.library import all_patterns, pattern_to_start
from breathingroom.core.patterns import Pattern, PatternError, custom_from_text
from breathingroom.services import paths as paths_mod
from breathingroom.services.settings import Settings
from breathingroom.ui.breathing_run import BreathingRun
from breathingroom.ui.journal_control import JournalControl
from breathingroom.ui.length_menu import LengthMenu
from breathingroom.ui.sound_control import SoundControl
from breathingroom.ui.sound_menu import SoundMenu
from breathingroom.ui.theme import ThemeManager, Tokens
from breathingroom.ui.tray import AppMenu, HomeWindow, Tray, app_icon

if TYPE_CHECKING:
    from breathingroom.ui.pacer import PacerWindow

log = logging.getLogger(__name__)


class BreathingRoom(QObject):
    #: The app is about to stop: stop taking requests from other invocations.
    stopping = Signal()

    def __init__(
        self,
        settings: Settings,
        journal: JournalControl,
        tray_available: bool,
        clock: Clock = SYSTEM_CLOCK,
        parent: QObject | None = None,
        tray_icon: QSystemTrayIcon | None = None,
        sound: SoundControl | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.journal = journal
        journal.notice.connect(self.notify)
        self._clock = clock
        #: The session in progress (in the pacer, or sound only), if any.
        self.run: BreathingRun | None = None
        self.sound = sound or SoundControl(parent=self)
        self.sound.trouble.connect(self.notify)
        self.sound.lost.connect(self._sound_lost)
        self.theme = ThemeManager(settings.get("theme"), self)
        self.menu = AppMenu(self)
        self.sound_menu = SoundMenu(
            settings.get, settings.set, self.sound.probe, preview=self.sound.set_volume
        )
        self.sound.availability.connect(self.sound_menu.show_availability)
        self.menu.add_settings_menu(self.sound_menu)
        self.menu.add_settings_menu(LengthMenu(settings.get, settings.set, self.menu.settings_menu))
        self.tray: Tray | None = None
        self.home: HomeWindow | None = None
        self._pacer: PacerWindow | None = None
        self._patterns_dialog: QWidget | None = None

        if tray_available:
            self.tray = Tray(self.menu, self, icon=tray_icon)
            self.tray.show()
            self.tray.activated_primary.connect(self._tray_clicked)
        else:
            self.home = HomeWindow(self.menu)
            self.home.breathe.connect(lambda pid: self.breathe(pattern_id=pid))
            self.home.closed.connect(self.quit)

        self.menu.breathe.connect(lambda pid: self.breathe(pattern_id=pid))
        self.menu.breathe_sound_only.connect(lambda: self.breathe(audio_only=True))
        self.menu.stop_session.connect(self.stop_session)
        self.menu.theme_chosen.connect(lambda t: self.settings.set("theme", t))
        self.menu.reduced_motion_toggled.connect(lambda on: self.settings.set("reduced_motion", on))
        self.menu.quit_requested.connect(self.quit)
        self.menu.edit_patterns.connect(self.edit_patterns)
        self.menu.check_in.connect(self.journal.check_in)
        self.menu.open_journal.connect(self.journal.history)
        self.menu.import_entries.connect(lambda: self.journal.import_entries())
        self.menu.restore_backup.connect(lambda: self.journal.restore_backup())
        self.menu.ask_distress_toggled.connect(lambda on: self.settings.set("ask_distress", on))
        self.menu.set_ask_distress(settings.get("ask_distress"))
        self.settings.on_change(self._setting_changed)
        self.theme.changed.connect(self._apply_tokens)
        self._refresh_menus()
        self.menu.set_theme(settings.get("theme"))
        self.menu.set_reduced_motion(settings.get("reduced_motion"))
        self.theme.apply()
        if self.home is not None:
            self.home.show()
        for warning in settings.warnings:
            self.notify(warning)

    # -- pieces ----------------------------------------------------------------------------
    def patterns(self) -> list[Pattern]:
        return all_patterns(self.settings.custom_patterns())

    def pacer(self) -> PacerWindow:
        """The pacer window, built on first use so start-up stays light."""
        if self._pacer is None:
            from breathingroom.ui.pacer import PacerWindow

            pacer = PacerWindow(self.patterns(), clock=self._clock)
            pacer.setWindowIcon(app_icon())
            pacer.set_tokens(self.theme.tokens)
            pacer.set_pacer_style(self.settings.get("pacer_style"))
            pacer.set_reduced_motion(self.settings.get("reduced_motion"))
            pacer.pattern_chosen.connect(self._pattern_chosen_in_pacer)
            pacer.style_chosen.connect(lambda s: self.settings.set("pacer_style", s))
            pacer.reduced_motion_toggled.connect(lambda on: self.settings.set("reduced_motion", on))
            pacer.edit_patterns.connect(self.edit_patterns)
            pacer.again_requested.connect(self._again)
            pacer.add_option_menu(
                SoundMenu(
                    self.settings.get,
                    self.settings.set,
                    self.sound.probe,
                    pacer,
                    preview=self.sound.set_volume,
                )
            )
            pacer.add_option_menu(LengthMenu(self.settings.get, self.settings.set, pacer))
            self._pacer = pacer
        return self._pacer

    # -- actions ---------------------------------------------------------------------------
    def handle(self, request: dict[str, Any]) -> None:
        """Carry out a validated request from the command line or another invocation."""
        cmd = request.get("cmd")
        if cmd == "breathe":
            self.breathe(
                pattern_id=request.get("pattern"),
                custom=request.get("custom"),
                minutes=request.get("minutes"),
                cycles=request.get("cycles"),
                sound=request.get("sound"),
                volume=request.get("volume"),
                audio_only=bool(request.get("audio_only")),
            )
        elif cmd == "show":
            self.show_front()
        elif cmd == "stop":
            self.stop_session()
        elif cmd == "quit":
            self.quit()
        elif cmd == "settings-changed":
            self.settings.reload()
        elif cmd == "journal-changed":
            self.journal.refresh()

    def show_front(self) -> None:
        """Bring the app forward: the session in progress, the home window, or a new session."""
        run = self.run
        if run is not None and run.active:
            pacer = self.pacer()
            if pacer.run is not run:
                pacer.show_run(run)  # a sound-only session gets its picture
            self._raise(pacer)
        elif self.home is not None:
            self._raise(self.home)
        else:
            self.breathe()

    def breathe(
        self,
        pattern_id: str | None = None,
        custom: str | None = None,
        minutes: int | None = None,
        cycles: int | None = None,
        sound: str | None = None,
        volume: int | None = None,
        audio_only: bool = False,
    ) -> None:
        """Start a session: in the pacer, or with ``audio_only`` as sound with no window."""
        try:
            if custom:
                pattern = custom_from_text(custom)
            else:
                pattern = pattern_to_start(
                    pattern_id, self.settings.get("last_pattern"), self.settings.custom_patterns()
                )
        except PatternError as exc:
            self.notify(str(exc))
            return
        if not custom and self.settings.get("last_pattern") != pattern.id:
            self.settings.set("last_pattern", pattern.id)
        self.start_session(pattern, minutes, cycles, sound, volume, audio_only)

    def start_session(
        self,
        pattern: Pattern,
        minutes: int | None = None,
        cycles: int | None = None,
        sound: str | None = None,
        volume: int | None = None,
        audio_only: bool = False,
    ) -> None:
        """Run ``pattern`` now, ending any session in progress."""
        if minutes is None and cycles is None:
            if pattern.suggested_cycles:
                cycles = pattern.suggested_cycles
            else:
                minutes = self.settings.get("minutes")
        mode = sound or self.settings.get("sound")
        if audio_only and mode == "off":
            mode = "chimes"
        level = self.settings.get("volume") if volume is None else volume
        params: dict[str, object] = {"sound": mode}
        if audio_only:
            params["audio_only"] = True
        self._end_current()
        if audio_only:
            run = BreathingRun(
                pattern,
                minutes,
                cycles,
                params,
                clock=self._clock,
                parent=self,
            )
        else:
            run = self.pacer().start(pattern, minutes=minutes, cycles=cycles, params=params)
        self._follow(run)
        if not self.sound.play(run, mode, level) and audio_only:
            run.stop()  # a sound-only session with no sound has nothing to offer
            return
        if not audio_only:
            self._raise(self.pacer())

    def _again(self, run: BreathingRun) -> None:
        """Breathe again with the session that just ended, its pattern, length and sound."""
        cycles = None if run.minutes is not None else run.session.cycles
        self.start_session(run.pattern, run.minutes, cycles, sound=run.params.get("sound"))

    def _sound_lost(self, run: BreathingRun) -> None:
        """A sound-only session whose sound failed has nothing left to follow: end it."""
        if run.params.get("audio_only") and run.active:
            run.stop()

    def _tray_clicked(self) -> None:
        """A left click: show the session in progress, or start the last pattern."""
        if self.run is not None and self.run.active:
            self.show_front()
        else:
            self.breathe()

    def _end_current(self) -> None:
        run = self.run
        if run is not None and run.active:
            run.stop()

    def _follow(self, run: BreathingRun) -> None:
        previous = self.run
        if previous is not None and previous.parent() is self and previous is not run:
            previous.deleteLater()  # an ended sound-only run; a pacer's runs go with the pacer
        self.run = run
        run.status_changed.connect(lambda status, r=run: self._run_status(r, status))
        run.ended.connect(lambda record, r=run: self._run_ended(r, record))
        self._run_status(run, run.status)
        if self._asks_distress(run):
            self.pacer().ask_distress(
                "Before you begin: how much distress do you feel, from 0 to 10? (optional)",
                run.set_distress_before,
            )

    def _asks_distress(self, run: BreathingRun) -> bool:
        return bool(self.settings.get("ask_distress")) and not run.params.get("audio_only")

    def _run_ended(self, run: BreathingRun, record: Any) -> None:
        session_id = self.journal.add_session(record)
        pacer = self._pacer
        finished_here = pacer is not None and pacer.run is run and run.status == "finished"
        if pacer is not None and finished_here and self._asks_distress(run):
            pacer.ask_distress(
                "And now, how much distress do you feel, from 0 to 10? (optional)",
                lambda value: self.journal.set_distress_after(session_id, value),
            )

    def edit_patterns(self) -> None:
        """Open the dialog for the user's own patterns (one at a time)."""
        if self._patterns_dialog is None:
            from breathingroom.ui.patterns_dialog import PatternsDialog

            dialog = PatternsDialog(
                self.patterns(),
                save=self.settings.add_custom_pattern,
                delete=self.settings.remove_custom_pattern,
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "_patterns_dialog", None))
            self._patterns_dialog = dialog
        self._raise(self._patterns_dialog)

    def stop_session(self) -> None:
        run = self.run
        if self._pacer is not None and self._pacer.run is run:
            self._pacer.close()
        elif run is not None:
            run.stop()

    def notify(self, message: str) -> None:
        log.warning("%s", message)
        if self.tray is not None:
            self.tray.icon.showMessage(
                "Breathing Room", message, QSystemTrayIcon.MessageIcon.Information, 8000
            )
        elif self.home is not None:
            self.home.tray_note.setText(message)

    def quit(self) -> None:
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """End the session (recorded), stop sound, close the journal. Safe to call twice."""
        self.stopping.emit()
        self._end_current()
        if self._pacer is not None:
            self._pacer.close()
        self.sound.close()
        self.journal.close()
        if self.tray is not None:
            self.tray.hide()

    def close_windows(self) -> None:
        """Close and release every window (for tests and shutdown)."""
        self.shutdown()
        for window in (self._pacer, self.home, self._patterns_dialog):
            if window is not None:
                window.close()
                window.deleteLater()
        self._pacer = None

    # -- reactions -------------------------------------------------------------------------
    def _raise(self, window: Any) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def _pattern_chosen_in_pacer(self, pattern_id: str) -> None:
        pacer = self.pacer()
        if pacer.session is not None and pacer.minutes is None:
            self.breathe(pattern_id=pattern_id, cycles=pacer.session.cycles)
        else:
            self.breathe(pattern_id=pattern_id, minutes=pacer.minutes)

    def _run_status(self, run: BreathingRun, status: str) -> None:
        if run is not self.run:
            return
        running = status in ("running", "paused")
        self.menu.set_running(running)
        if self.tray is None:
            return
        if running:
            only = " (sound only)" if run.params.get("audio_only") else ""
            self.tray.set_running(run.describe() + only)
        else:
            self.tray.set_running(None)

    def _setting_changed(self, key: str, value: Any) -> None:
        if key == "theme":
            self.theme.set_choice(value)
            self.menu.set_theme(value)
        elif key == "reduced_motion":
            self.menu.set_reduced_motion(value)
            if self._pacer is not None:
                self._pacer.set_reduced_motion(value)
        elif key in ("custom_patterns", "last_pattern"):
            self._refresh_menus()
        elif key == "sound":
            self.sound_menu.sync(probe=False)
            run = self.run
            if run is not None and run.active:
                if value == "off":
                    self.sound.detach()
                    if run.params.get("audio_only"):
                        self.show_front()  # no sound any more: give the session its picture
                else:
                    self.sound.play(run, value, self.settings.get("volume"), fresh=False)
        elif key == "ask_distress":
            self.menu.set_ask_distress(value)
        elif key == "volume":
            self.sound_menu.sync(probe=False)
            self.sound.set_volume(value)

    def _apply_tokens(self, tokens: Tokens) -> None:
        if self._pacer is not None:
            self._pacer.set_tokens(tokens)
        if self.home is not None:
            self.home.set_muted_color(tokens.muted)

    def _refresh_menus(self) -> None:
        patterns, last = self.patterns(), self.settings.get("last_pattern")
        self.menu.set_patterns(patterns, last)
        if self.home is not None:
            self.home.set_patterns(patterns, last)
        if self._pacer is not None:
            self._pacer.set_patterns(patterns)


def stop_on_signals(room: BreathingRoom) -> tuple[object, ...]:
    """Quit cleanly (the session recorded) on SIGTERM or SIGINT, without a polling timer.

    Python runs signal handlers only when it gets control; the wake-up fd makes the Qt event
    loop notice the signal at once, and the notifier's slot gives Python that control.
    """
    import signal
    import socket

    receive, send = socket.socketpair()
    for end in (receive, send):
        end.setblocking(False)
    signal.set_wakeup_fd(send.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, room)

    def woken() -> None:
        with contextlib.suppress(OSError):
            receive.recv(64)
        room.quit()

    notifier.activated.connect(woken)
    return notifier, receive, send  # the caller keeps these alive while the app runs


def start(
    app: QApplication,
    request: dict[str, Any],
    tray_available: bool,
    early_icon: QSystemTrayIcon | None,
) -> int:
    """Build the app around an already created QApplication (and tray icon) and run it."""
    from breathingroom.services.instance import InstanceServer

    logging.basicConfig(level=logging.WARNING, format="breathing-room: %(levelname)s: %(message)s")
    paths = paths_mod.current()
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    settings = Settings.load(paths.settings_file)
    server = InstanceServer(paths)
    journal = JournalControl()
    room = BreathingRoom(settings, journal, tray_available, tray_icon=early_icon)
    server.request_received.connect(room.handle)
    room.stopping.connect(server.close)
    app.aboutToQuit.connect(room.shutdown)  # logout, last window closed: still tidy up
    server.listen()
    keep_alive = stop_on_signals(room)
    # The journal opens at its first use (a session's end, a check-in): an app that only waits
    # in the tray keeps no database open. Opening reports a damaged journal and makes the day's
    # backup.
    if request.get("cmd") != "show" or not tray_available:
        QTimer.singleShot(0, lambda: room.handle(request))
    try:
        return int(app.exec())
    finally:
        server.close()
        del keep_alive
